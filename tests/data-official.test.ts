// The default split keeps the source's own test set (src/data/official.ts): test is exactly the
// source's test images, the training splits come from the other images minus exact duplicates of
// a test image, `limit` takes a stratified subset of the test set, and a config that sizes the
// official test set or asks for it from a source without one is a ConfigError at a JSON pointer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from '../src/core/errors.js';
import { countPerClass } from '../src/data/dataset.js';
import { officialSplit } from '../src/data/official.js';
import { loadSynthetic } from '../src/data/sources/synthetic.js';

const AT = { file: 'configs/prepare-data.yaml', path: '/splits', modePath: '/testSplit' };
const SPEC = { train_w: { fraction: 0.5 }, train_theta: { fraction: 0.25 }, val: { count: 20 }, test: {} };

function dataset() {
  const ds = loadSynthetic({ count: 200, height: 4, width: 4, channels: 1, classes: 4, seed: 5 });
  const officialTest = Uint32Array.from({ length: 40 }, (_, k) => 160 + k);
  // Two training images get the exact bytes of test images 170 and 199.
  for (const [train, of] of [[3, 170], [7, 199]] as const) ds.images.copyWithin(train * 16, of * 16, of * 16 + 16);
  return { ...ds, officialTest };
}

test('official: test is the source\'s test set; training splits avoid it and its duplicates', () => {
  const ds = dataset();
  const r = officialSplit(ds, SPEC, 1, AT);
  assert.deepEqual([...r.splits.test], [...ds.officialTest]);
  assert.equal(r.droppedDuplicates, 2);
  assert.equal(r.pool, 158);
  const train = [...r.splits.train_w, ...r.splits.train_theta, ...r.splits.val];
  assert.equal(new Set(train).size, train.length, 'disjoint');
  assert.ok(train.every((i) => i < 160 && i !== 3 && i !== 7), 'no test image, no duplicate of one');
  assert.deepEqual([r.splits.train_w.length, r.splits.train_theta.length, r.splits.val.length], [79, 39, 20], 'fractions of the 158-image pool');
});

test('official: a limit takes a stratified subset of the test set', () => {
  const ds = dataset();
  const r = officialSplit(ds, { ...SPEC, test: { limit: 20 } }, 1, AT);
  assert.equal(r.splits.test.length, 20);
  assert.ok([...r.splits.test].every((i) => ds.officialTest.includes(i)));
  const full = countPerClass(Uint8Array.from(ds.officialTest, (i) => ds.labels[i]!), 4);
  const sub = countPerClass(Uint8Array.from(r.splits.test, (i) => ds.labels[i]!), 4);
  sub.forEach((n, c) => assert.ok(Math.abs(n - full[c]! / 2) <= 1, `class ${c}: ${n} of ${full[c]}`));
});

test('official: sizing the test set, or a source without one, is a ConfigError at a JSON pointer', () => {
  const ds = dataset();
  assert.throws(() => officialSplit(ds, { ...SPEC, test: { count: 10 } }, 1, AT), (e: unknown) => e instanceof ConfigError && /prepare-data\.yaml#\/splits\/test: with testSplit: official the test split is the source's own 40 images; give only a limit/.test(e.message));
  const { officialTest: _t, ...none } = ds;
  assert.throws(() => officialSplit(none, SPEC, 1, AT), (e: unknown) => e instanceof ConfigError && /#\/testSplit: source synthetic has no test set of its own; set testSplit: pooled/.test(e.message));
});
