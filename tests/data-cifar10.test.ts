// CIFAR-10 source on small binary batches this test writes in the official format (records of
// 1 label byte + R, G, B planes of 32x32), checking the CHW -> NHWC transpose, class names from
// batches.meta.txt, and each corrupt input: missing directory or file, a length that is not a
// whole number of records, a label above 9, a malformed meta file.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataError } from '../src/core/errors.js';
import { CIFAR10_CLASSES, CIFAR10_FILES, loadCifar10 } from '../src/data/sources/cifar10.js';

const root = mkdtempSync(join(tmpdir(), 'nasflow-cifar-'));
after(() => rmSync(root, { recursive: true, force: true }));

const RECORD = 3073;
/** Pixel value of channel c at (y, x) in record r of file f: distinct enough to catch a wrong transpose. */
const value = (f: number, r: number, c: number, y: number, x: number) => (f * 31 + r * 17 + c * 85 + y * 7 + x * 3) % 256;

function batch(f: number, labels: number[]): Uint8Array {
  const out = new Uint8Array(labels.length * RECORD);
  labels.forEach((label, r) => {
    out[r * RECORD] = label;
    for (let c = 0; c < 3; c++) for (let y = 0; y < 32; y++) for (let x = 0; x < 32; x++) out[r * RECORD + 1 + c * 1024 + y * 32 + x] = value(f, r, c, y, x);
  });
  return out;
}

let n = 0;
function fixture(edit: Record<string, Uint8Array | string | null> = {}): string {
  const dir = join(root, `d${n++}`);
  mkdirSync(dir);
  const files: Record<string, Uint8Array | string | null> = {};
  CIFAR10_FILES.forEach((f, i) => (files[f] = batch(i, [i, (i + 3) % 10])));
  Object.assign(files, edit);
  for (const [name, content] of Object.entries(files)) if (content !== null) writeFileSync(join(dir, name), content);
  return dir;
}

test('batches load in file order, transposed from CHW planes to NHWC', () => {
  const ds = loadCifar10({ dir: fixture() });
  assert.deepEqual([ds.count, ds.height, ds.width, ds.channels], [12, 32, 32, 3]);
  assert.deepEqual([...ds.labels], [0, 3, 1, 4, 2, 5, 3, 6, 4, 7, 5, 8]);
  assert.deepEqual([...ds.officialTest!], [10, 11], 'test_batch is the source\'s test set');
  for (const [k, f, r] of [[0, 0, 0], [5, 2, 1], [11, 5, 1]] as const) {
    for (const [y, x, c] of [[0, 0, 0], [0, 1, 2], [31, 30, 1], [17, 5, 2]] as const) {
      assert.equal(ds.images[k * 3072 + (y * 32 + x) * 3 + c], value(f, r, c, y, x), `image ${k} (${y},${x}) channel ${c}`);
    }
  }
  assert.deepEqual(ds.classNames, CIFAR10_CLASSES);
  assert.deepEqual(ds.source.files.map((f) => f.bytes), CIFAR10_FILES.map(() => 2 * RECORD));
});

test('class names come from batches.meta.txt when present', () => {
  const names = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'];
  const ds = loadCifar10({ dir: fixture({ 'batches.meta.txt': `${names.join('\n')}\n\n` }) });
  assert.deepEqual(ds.classNames, names);
  assert.ok(ds.source.files.some((f) => f.path.endsWith('batches.meta.txt')));
});

function throwsData(fn: () => unknown, file: string, problem: RegExp) {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof DataError, `expected a DataError, got ${String(e)}`);
    assert.ok(e.file.endsWith(file), `error names ${e.file}, expected …${file}`);
    assert.match(e.message, problem);
    return true;
  });
}

test('missing directory and missing batch file are named', () => {
  throwsData(() => loadCifar10({ dir: join(root, 'absent') }), 'absent', /directory does not exist/);
  throwsData(() => loadCifar10({ dir: fixture({ 'data_batch_4.bin': null }) }), 'data_batch_4.bin', /file not found/);
});

test('a truncated batch (not a whole number of 3073-byte records) is named with its size', () => {
  throwsData(() => loadCifar10({ dir: fixture({ 'test_batch.bin': batch(5, [1, 2]).subarray(0, 2 * RECORD - 100) }) }), 'test_batch.bin', /6046 bytes is not a whole number of 3073-byte records/);
  throwsData(() => loadCifar10({ dir: fixture({ 'data_batch_1.bin': new Uint8Array(0) }) }), 'data_batch_1.bin', /0 bytes is not a whole number/);
});

test('a label above 9 names the file, record and value', () => {
  throwsData(() => loadCifar10({ dir: fixture({ 'data_batch_2.bin': batch(1, [4, 10]) }) }), 'data_batch_2.bin', /label 10 of record 1 is out of range 0\.\.9/);
});

test('a batches.meta.txt without ten names is an error', () => {
  throwsData(() => loadCifar10({ dir: fixture({ 'batches.meta.txt': 'cat\ndog\n' }) }), 'batches.meta.txt', /2 class names, expected 10/);
});
