// The default split: the source's own test set stays the test set, so "test top-1" compares with
// published numbers. Rules:
//  1. test = the images the source designates as its test set (Dataset.officialTest: Fashion-
//     MNIST's 10,000, IDX t10k, CIFAR-10 test_batch), in source order. Its size is the source's:
//     `splits.test` may only carry a `limit` (a stratified, seeded subset for quick runs).
//  2. The training pool = every other image, minus exact duplicates of a test image (same bytes,
//     whatever the label), so no test image is also trained on; the count is in meta.json.
//  3. train_w, train_theta and val are drawn from the pool by stratifiedSplit (split.ts), sizes
//     as there: `count`, or `fraction` of the pool.
// A source without a test set of its own (synthetic) needs `testSplit: pooled`.
import { createHash } from 'node:crypto';
import { ConfigError } from '../core/errors.js';
import type { SplitSpecs } from '../types/generated.js';
import type { Dataset } from './dataset.js';
import { type SpecLocation, type SplitIndices, stratifiedSplit } from './split.js';

export interface OfficialSplit {
  splits: SplitIndices;
  /** Training images dropped because a test image has the same bytes. */
  droppedDuplicates: number;
  /** Images the training splits were drawn from (after dropping). */
  pool: number;
}

const imageKey = (ds: Dataset, i: number, px: number): string => createHash('sha1').update(ds.images.subarray(i * px, (i + 1) * px)).digest('base64');

export function officialSplit(ds: Dataset, spec: SplitSpecs, seed: number, at: SpecLocation & { modePath: string }): OfficialSplit {
  const test = ds.officialTest;
  if (!test) throw new ConfigError(at.file, at.modePath, `source ${ds.source.kind} has no test set of its own; set testSplit: pooled to split all its images`);
  const t = spec.test;
  if (t.count !== undefined || t.fraction !== undefined) {
    throw new ConfigError(at.file, `${at.path}/test`, `with testSplit: official the test split is the source's own ${test.length} images; give only a limit (found ${JSON.stringify(t)})`);
  }
  const px = ds.height * ds.width * ds.channels;
  const isTest = new Uint8Array(ds.count);
  const testKeys = new Set<string>();
  for (const i of test) {
    isTest[i] = 1;
    testKeys.add(imageKey(ds, i, px));
  }
  const pool: number[] = [];
  let dropped = 0;
  for (let i = 0; i < ds.count; i++) {
    if (isTest[i]) continue;
    if (testKeys.has(imageKey(ds, i, px))) dropped++;
    else pool.push(i);
  }
  const poolLabels = Uint8Array.from(pool, (i) => ds.labels[i]!);
  const none = { count: 0 };
  const train = stratifiedSplit(poolLabels, ds.classNames.length, { ...spec, test: none }, seed, at);
  const back = (idx: Uint32Array): Uint32Array => idx.map((k) => pool[k]!);
  let testIdx = Uint32Array.from(test);
  if (t.limit !== undefined && t.limit < test.length) {
    const testLabels = Uint8Array.from(test, (i) => ds.labels[i]!);
    const sub = stratifiedSplit(testLabels, ds.classNames.length, { train_w: none, train_theta: none, val: none, test: { count: t.limit } }, seed, at).test;
    testIdx = Uint32Array.from(sub, (k) => test[k]!).sort();
  }
  return { splits: { train_w: back(train.train_w), train_theta: back(train.train_theta), val: back(train.val), test: testIdx }, droppedDuplicates: dropped, pool: pool.length };
}
