// Split files and statistics: gatherSplit writes images and labels in split order, readSplit
// round-trips them against a meta.json-shaped description and rejects short, mislabelled or
// missing files by name; channel mean/std and per-class counts match values computed by hand.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataError } from '../src/core/errors.js';
import type { Dataset } from '../src/data/dataset.js';
import { gatherSplit, readSplit, splitFileNames } from '../src/data/serialize.js';
import { loadSynthetic } from '../src/data/sources/synthetic.js';
import { SPLIT_NAMES, stratifiedSplit } from '../src/data/split.js';
import { channelStats, classCounts, classCountsBySplit } from '../src/data/stats.js';
import type { DatasetMeta } from '../src/types/generated.js';

const root = mkdtempSync(join(tmpdir(), 'nasflow-splitfiles-'));
after(() => rmSync(root, { recursive: true, force: true }));

const ds = loadSynthetic({ count: 300, height: 4, width: 3, channels: 2, classes: 5, seed: 2 });
const splits = stratifiedSplit(ds.labels, 5, { train_w: { count: 120 }, train_theta: { count: 60 }, val: { count: 60 }, test: { count: 60 } }, 9);
const perClass = classCountsBySplit(ds.labels, splits, 5);

function writeAll(dir: string): DatasetMeta {
  const meta = {
    schema: 'dataset/v1', shape: [4, 3, 2], classes: 5, classNames: ds.classNames, layout: 'NHWC-uint8',
    splits: {} as DatasetMeta['splits'], stats: { mean: [], std: [], over: [] },
    source: { kind: 'synthetic', count: 300, files: [], sha256: '0'.repeat(64) }, seed: 9, testSplit: { mode: 'pooled', pool: 300, droppedDuplicatesOfTest: 0 },
  } as DatasetMeta;
  for (const name of SPLIT_NAMES) {
    const bytes = gatherSplit(ds, splits[name]);
    const files = splitFileNames(name);
    writeFileSync(join(dir, files.images), bytes.images);
    writeFileSync(join(dir, files.labels), bytes.labels);
    meta.splits[name] = { count: splits[name].length, ...files, perClass: perClass[name] };
  }
  return meta;
}

test('split files hold the images and labels in split order and read back identically', () => {
  const dir = mkdtempSync(join(root, 'ok-'));
  const meta = writeAll(dir);
  const val = readSplit(dir, 'val', meta);
  assert.deepEqual([val.count, val.height, val.width, val.channels], [60, 4, 3, 2]);
  splits.val.forEach((i, k) => {
    assert.equal(val.labels[k], ds.labels[i]);
    assert.deepEqual(val.images.subarray(k * 24, (k + 1) * 24), ds.images.subarray(i * 24, (i + 1) * 24));
  });
});

test('readSplit names a missing, short or inconsistent file', () => {
  const dir = mkdtempSync(join(root, 'bad-'));
  const meta = writeAll(dir);
  const expectData = (fn: () => unknown, file: string, msg: RegExp) =>
    assert.throws(fn, (e: unknown) => e instanceof DataError && e.file === join(dir, file) && msg.test(e.message));
  writeFileSync(join(dir, 'test.images.u8'), new Uint8Array(60 * 24 - 1));
  expectData(() => readSplit(dir, 'test', meta), 'test.images.u8', /1439 bytes, expected 60 images of 4x3x2 = 1440/);
  writeFileSync(join(dir, 'val.labels.u8'), new Uint8Array(59));
  expectData(() => readSplit(dir, 'val', meta), 'val.labels.u8', /59 labels, expected 60/);
  writeFileSync(join(dir, 'train_theta.labels.u8'), new Uint8Array(60).fill(5));
  expectData(() => readSplit(dir, 'train_theta', meta), 'train_theta.labels.u8', /label 5 of item 0 is not below the 5 classes/);
  writeFileSync(join(dir, 'train_theta.labels.u8'), new Uint8Array(60).fill(1));
  expectData(() => readSplit(dir, 'train_theta', meta), 'train_theta.labels.u8', /per-class counts \[0, 60, 0, 0, 0\] differ from meta\.json's/);
  rmSync(join(dir, 'train_w.images.u8'));
  expectData(() => readSplit(dir, 'train_w', meta), 'train_w.images.u8', /split file not found/);
});

test('channel mean/std of pixel/255 and class counts match a direct computation', () => {
  const tiny: Dataset = {
    images: Uint8Array.from([0, 255, 51, 102, 255, 0, 204, 153]), // 4 images of 1x1x2
    labels: Uint8Array.from([0, 1, 1, 0]),
    count: 4, height: 1, width: 1, channels: 2, classNames: ['a', 'b'],
    source: { kind: 'test', files: [] }, notes: [],
  };
  const s = channelStats(tiny, [Uint32Array.from([0, 1]), Uint32Array.from([3])]);
  // Channel 0 over images 0, 1, 3: 0, 0.2, 0.8; channel 1: 1, 0.4, 0.6.
  const expectMean = [1 / 3, 2 / 3];
  const expectStd = [Math.sqrt(((1 / 3) ** 2 + (2 / 15) ** 2 + (7 / 15) ** 2) / 3), Math.sqrt(((1 / 3) ** 2 + (4 / 15) ** 2 + (1 / 15) ** 2) / 3)];
  s.mean.forEach((m, c) => assert.ok(Math.abs(m - expectMean[c]!) < 1e-12, `mean ${c}: ${m}`));
  s.std.forEach((v, c) => assert.ok(Math.abs(v - expectStd[c]!) < 1e-12, `std ${c}: ${v}`));
  assert.deepEqual(classCounts(tiny.labels, Uint32Array.from([0, 1, 2]), 2), [1, 2]);
  assert.throws(() => channelStats(tiny, []), /zero images/);
  assert.equal(perClass.train_w.reduce((a, b) => a + b, 0), 120);
});
