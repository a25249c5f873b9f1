// IDX source on small files this test writes in the official format (big-endian magic and
// dimensions, then bytes), raw and gzipped, and on corrupt ones: each error must name the file
// and the problem.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ConfigError, DataError } from '../src/core/errors.js';
import { sha256 } from '../src/core/hash.js';
import { loadIdx } from '../src/data/sources/idx.js';
import { sources } from '../src/data/sources/index.js';

const root = mkdtempSync(join(tmpdir(), 'nasflow-idx-'));
after(() => rmSync(root, { recursive: true, force: true }));

function idx(magic: number, dims: number[], data: Uint8Array): Uint8Array {
  const head = Buffer.alloc(4 + 4 * dims.length);
  head.writeUInt32BE(magic, 0);
  dims.forEach((d, i) => head.writeUInt32BE(d, 4 + 4 * i));
  return Buffer.concat([head, data]);
}

const ROWS = 4;
const COLS = 3;
/** Image k of a part is filled with byte (base + k) so the order can be checked after loading. */
function part(count: number, base: number, labels: number[]) {
  const px = new Uint8Array(count * ROWS * COLS);
  for (let k = 0; k < count; k++) px.fill(base + k, k * ROWS * COLS, (k + 1) * ROWS * COLS);
  return { images: idx(2051, [count, ROWS, COLS], px), labels: idx(2049, [count], Uint8Array.from(labels)) };
}

let n = 0;
/** A directory with the four files; `gz` lists the ones to gzip, `edit` replaces contents. */
function fixture(gz: string[] = [], edit: Record<string, Uint8Array> = {}): string {
  const dir = join(root, `d${n++}`);
  mkdirSync(dir);
  const train = part(5, 10, [0, 1, 2, 9, 4]);
  const test = part(3, 100, [7, 8, 0]);
  const files: Record<string, Uint8Array> = {
    'train-images-idx3-ubyte': train.images,
    'train-labels-idx1-ubyte': train.labels,
    't10k-images-idx3-ubyte': test.images,
    't10k-labels-idx1-ubyte': test.labels,
    ...edit,
  };
  for (const [name, bytes] of Object.entries(files)) {
    if (gz.includes(name)) writeFileSync(join(dir, `${name}.gz`), gzipSync(bytes));
    else writeFileSync(join(dir, name), bytes);
  }
  return dir;
}

const ALL = ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'];

test('raw IDX files load as train then t10k, NHWC with one channel', () => {
  const ds = loadIdx({ dir: fixture() });
  assert.deepEqual([ds.count, ds.height, ds.width, ds.channels], [8, ROWS, COLS, 1]);
  assert.deepEqual([...ds.labels], [0, 1, 2, 9, 4, 7, 8, 0]);
  assert.deepEqual([...ds.officialTest!], [5, 6, 7], 't10k is the source\'s test set');
  const firstPixel = Array.from({ length: 8 }, (_, k) => ds.images[k * ROWS * COLS]);
  assert.deepEqual(firstPixel, [10, 11, 12, 13, 14, 100, 101, 102]);
  assert.deepEqual(ds.classNames, ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
  assert.equal(ds.source.files.length, 4);
});

test('gzipped files (all or some) give the same images; records hash the bytes on disk', () => {
  const raw = loadIdx({ dir: fixture() });
  const dir = fixture(ALL);
  const gz = loadIdx({ dir });
  const mixed = loadIdx({ dir: fixture(['t10k-labels-idx1-ubyte', 'train-images-idx3-ubyte']) });
  for (const ds of [gz, mixed]) {
    assert.equal(sha256(ds.images), sha256(raw.images));
    assert.equal(sha256(ds.labels), sha256(raw.labels));
  }
  assert.deepEqual(gz.source.files.map((f) => f.path).sort(), ALL.map((f) => join(dir, `${f}.gz`)).sort());
  assert.ok(gz.source.files.every((f) => /^[0-9a-f]{64}$/.test(f.sha256) && f.bytes > 0));
});

test('the registry loads idx with a relative dir resolved against baseDir', () => {
  const dir = fixture();
  const ds = sources.load({ kind: 'idx', dir: dir.slice(root.length + 1), classNames: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'] }, { baseDir: root });
  assert.equal(ds.count, 8);
  assert.equal(ds.classNames[9], 'j');
});

function throwsData(fn: () => unknown, file: string, problem: RegExp) {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof DataError, `expected a DataError, got ${String(e)}`);
    assert.ok(e.file.endsWith(file), `error names ${e.file}, expected …${file}`);
    assert.match(e.message, problem);
    return true;
  });
}

test('wrong magic numbers name the file and both numbers', () => {
  const swapped = part(3, 100, [7, 8, 0]).images;
  throwsData(() => loadIdx({ dir: fixture(['t10k-labels-idx1-ubyte'], { 't10k-labels-idx1-ubyte': swapped }) }), 't10k-labels-idx1-ubyte.gz', /t10k-labels-idx1-ubyte\.gz: magic number 2051, expected 2049 \(IDX1 labels\)/);
  throwsData(() => loadIdx({ dir: fixture([], { 'train-images-idx3-ubyte': idx(2049, [5], new Uint8Array(5)) }) }), 'train-images-idx3-ubyte', /magic number 2049, expected 2051 \(IDX3 images\)/);
  // A gzipped file without the .gz suffix: the magic check says so.
  throwsData(() => loadIdx({ dir: fixture([], { 'train-labels-idx1-ubyte': gzipSync(part(5, 10, [0, 1, 2, 3, 4]).labels) }) }), 'train-labels-idx1-ubyte', /expected 2049 .*gzip-compressed/);
});

test('truncated files and trailing bytes are reported with sizes', () => {
  const full = part(5, 10, [0, 1, 2, 9, 4]).images;
  throwsData(() => loadIdx({ dir: fixture(['train-images-idx3-ubyte'], { 'train-images-idx3-ubyte': full.subarray(0, full.length - 7) }) }), 'train-images-idx3-ubyte.gz', /truncated: header declares 5x4x3 \(76 bytes with header\), file has 69 bytes/);
  throwsData(() => loadIdx({ dir: fixture([], { 't10k-labels-idx1-ubyte': new Uint8Array([0, 0, 8]) }) }), 't10k-labels-idx1-ubyte', /truncated: 3 bytes, shorter than the 8-byte IDX header/);
  throwsData(() => loadIdx({ dir: fixture([], { 't10k-labels-idx1-ubyte': new Uint8Array([0, 0, 8, 1, 0, 0]) }) }), 't10k-labels-idx1-ubyte', /truncated: 6 bytes, shorter than the 8-byte IDX header/);
  throwsData(() => loadIdx({ dir: fixture([], { 't10k-labels-idx1-ubyte': Buffer.concat([part(3, 0, [1, 2, 3]).labels, Buffer.from([1])]) }) }), 't10k-labels-idx1-ubyte', /1 trailing bytes/);
  const badGz = fixture(['train-images-idx3-ubyte']);
  writeFileSync(join(badGz, 'train-images-idx3-ubyte.gz'), new Uint8Array([0x1f, 0x8b, 8, 0, 1, 2]));
  throwsData(() => loadIdx({ dir: badGz }), 'train-images-idx3-ubyte.gz', /not a valid gzip file/);
});

test('image/label count mismatch and differing image sizes name the file', () => {
  throwsData(() => loadIdx({ dir: fixture([], { 'train-labels-idx1-ubyte': idx(2049, [4], Uint8Array.from([0, 1, 2, 3])) }) }), 'train-labels-idx1-ubyte', /4 labels, but train-images-idx3-ubyte has 5 images/);
  throwsData(() => loadIdx({ dir: fixture([], { 't10k-images-idx3-ubyte': idx(2051, [3, 2, 6], new Uint8Array(36)) }) }), 't10k-images-idx3-ubyte', /images are 2x6, but the train images are 4x3/);
});

test('labels out of range of the configured classes name the file, item and value', () => {
  throwsData(() => loadIdx({ dir: fixture([], { 't10k-labels-idx1-ubyte': idx(2049, [3], Uint8Array.from([7, 10, 0])) }) }), 't10k-labels-idx1-ubyte', /label 10 of item 1 is out of range for 10 classes \(0\.\.9\)/);
  throwsData(() => loadIdx({ dir: fixture(), classes: 5 }), 'train-labels-idx1-ubyte', /label 9 of item 3 is out of range for 5 classes/);
  assert.throws(() => loadIdx({ dir: fixture(), classNames: ['a', 'b'] }, { configFile: 'c.yaml' }), (e: unknown) => e instanceof ConfigError && /c\.yaml#\/source\/classNames: 2 names for 10 classes/.test(e.message));
});

test('missing directory, missing file, and raw+gz ambiguity are named', () => {
  throwsData(() => loadIdx({ dir: join(root, 'nope') }), 'nope', /directory does not exist/);
  const dir = fixture();
  rmSync(join(dir, 't10k-images-idx3-ubyte'));
  throwsData(() => loadIdx({ dir }), 't10k-images-idx3-ubyte', /file not found \(looked for t10k-images-idx3-ubyte and t10k-images-idx3-ubyte\.gz\)/);
  const both = fixture();
  writeFileSync(join(both, 'train-labels-idx1-ubyte.gz'), gzipSync(part(5, 10, [0, 1, 2, 9, 4]).labels));
  throwsData(() => loadIdx({ dir: both }), 'train-labels-idx1-ubyte', /both train-labels-idx1-ubyte and train-labels-idx1-ubyte\.gz exist/);
});
