// buildModel: logits shape, variables = analytic params/state, seeded init, BatchNorm modes
// (training moves the moving statistics, inference reads them), a few SGD steps reduce the loss,
// and weights round-trip through the nasflow weights files into a differently seeded model.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { DataError } from '../src/core/errors.js';
import { buildModel } from '../src/arch/model.js';
import { normalizeArch } from '../src/arch/normalize.js';
import { type WeightsIndex, packWeights, unpackWeights } from '../src/arch/weights-file.js';
import { useBackend } from '../src/ops/testing.js';
import type { ArchChain, ArchDoc } from '../src/types/generated.js';

const MIXED: ArchDoc = {
  schema: 'arch/v2', name: 'mixed', input: [12, 12, 3], classes: 5,
  body: {
    kind: 'chain',
    stem: { cOut: 8, stride: 1 },
    rows: [
      { op: { kind: 'ir', kernel: 3, expansion: 1 }, cOut: 8, stride: 1 },
      { op: { kind: 'ir', kernel: 5, expansion: 3, groups: 2, se: true }, cOut: 16, stride: 2 },
      { op: { kind: 'ir', kernel: 3, expansion: 1, groups: 4 }, cOut: 16, stride: 1 },
      { op: { kind: 'skip' }, cOut: 16, stride: 1 },
      { op: { kind: 'skip' }, cOut: 24, stride: 2 },
      { op: { kind: 'ir', kernel: 7, expansion: 6, se: true }, cOut: 24, stride: 1 },
      { op: { kind: 'ir', kernel: 3, expansion: 1, expandConv: true }, cOut: 32, stride: 1 },
    ],
    head: { cOut: 40, dropout: 0.2 },
  },
};
const arch = normalizeArch(MIXED, 'mixed.json');
const input = (): tf.Tensor4D => tf.randomNormal([4, 12, 12, 3], 0, 1, 'float32', 11) as tf.Tensor4D;
const values = (t: tf.Tensor): Float32Array => t.dataSync() as Float32Array;

test('logits, variables and seeded initial weights', async () => {
  await useBackend('wasm') || (await useBackend('cpu'));
  const m = buildModel(arch, { seed: 1 });
  const x = input();
  assert.deepEqual(tf.tidy(() => m.apply(x, false).shape), [4, 5]);
  assert.deepEqual(tf.tidy(() => m.apply(x, true).shape), [4, 5]);
  const vars = m.variables();
  assert.equal(new Set(vars.map((v) => v.name)).size, vars.length, 'unique names');
  assert.ok(vars.some((v) => v.name === 'blocks.1.pwl.kernel') && vars.some((v) => v.name === 'stem.bn.moving_mean'));
  assert.equal(m.trainableVariables.reduce((s, v) => s + v.size, 0), arch.params);
  assert.equal(vars.filter((v) => !v.trainable).reduce((s, v) => s + v.variable.size, 0), arch.state);
  const again = buildModel(arch, { seed: 1 });
  const other = buildModel(arch, { seed: 2 });
  assert.deepEqual(again.state()[0]!.data, m.state()[0]!.data, 'same seed, same weights');
  assert.notDeepEqual(other.state()[0]!.data, m.state()[0]!.data, 'another seed, other weights');
  [m, again, other].forEach((k) => k.dispose());
  x.dispose();
});

test('BatchNorm: training updates moving statistics, inference reads them', () => {
  const m = buildModel(arch, { seed: 1 });
  const x = input();
  const mean = m.variables().find((v) => v.name === 'stem.bn.moving_mean')!.variable;
  const before = values(mean).slice();
  const a = tf.tidy(() => values(m.apply(x, false)));
  assert.deepEqual(values(mean), before, 'inference leaves moving stats');
  assert.deepEqual(tf.tidy(() => values(m.apply(x, false))), a, 'inference is deterministic');
  tf.tidy(() => m.apply(x, true));
  const batchMean = tf.tidy(() => values(tf.mean(m.stem.conv.apply(x), [0, 1, 2])));
  values(mean).forEach((v, i) => assert.ok(Math.abs(v - 0.1 * batchMean[i]!) < 1e-5, 'moving = 0.9 * 0 + 0.1 * batch mean'));
  assert.notDeepEqual(tf.tidy(() => values(m.apply(x, false))), a, 'inference now uses the moved statistics');
  m.dispose();
  x.dispose();
});

test('a few SGD steps on a fixed batch reduce the cross-entropy', () => {
  const m = buildModel(normalizeArch({ ...MIXED, body: { ...(MIXED.body as ArchChain), head: { cOut: 40 } } }, 'nodrop.json'), { seed: 3 });
  const x = input();
  const labels = tf.oneHot(tf.tensor1d([0, 1, 2, 3], 'int32'), 5);
  const loss = (): tf.Scalar => tf.losses.softmaxCrossEntropy(labels, m.apply(x, true)) as tf.Scalar;
  const opt = tf.train.momentum(0.05, 0.9);
  const first = tf.tidy(() => opt.minimize(loss, true, m.trainableVariables)!.dataSync()[0]!);
  let last = first;
  for (let i = 0; i < 6; i++) last = tf.tidy(() => opt.minimize(loss, true, m.trainableVariables)!.dataSync()[0]!);
  assert.ok(last < first, `loss ${first} -> ${last}`);
  opt.dispose();
  m.dispose();
  tf.dispose([x, labels]);
});

test('weights round-trip through files into a differently seeded model', () => {
  const m = buildModel(arch, { seed: 1 });
  const x = input();
  tf.tidy(() => m.apply(x, true)); // non-trivial moving statistics
  const dir = mkdtempSync(join(tmpdir(), 'nasflow-weights-'));
  const { index, data } = packWeights(arch.name, m.state());
  writeFileSync(join(dir, 'weights.json'), JSON.stringify(index));
  writeFileSync(join(dir, 'weights.bin'), data);
  const readIndex = JSON.parse(readFileSync(join(dir, 'weights.json'), 'utf8')) as WeightsIndex;
  const arrays = unpackWeights(readIndex, readFileSync(join(dir, 'weights.bin')), 'weights.bin');
  const other = buildModel(arch, { seed: 9 });
  other.loadState(arrays);
  assert.deepEqual(tf.tidy(() => values(other.apply(x, false))), tf.tidy(() => values(m.apply(x, false))));
  assert.throws(() => unpackWeights(readIndex, data.subarray(4), 'cut.bin'), (e: unknown) => e instanceof DataError && /expects \d+ bytes of weights, found/.test(e.message));
  [m, other].forEach((k) => k.dispose());
  x.dispose();
});

test('loadState names every mismatch and changes nothing on failure', () => {
  const m = buildModel(arch, { seed: 1 });
  const good = m.state();
  const bad = good.filter((a) => a.name !== 'head.dense.bias').map((a) => (a.name === 'stem.conv.kernel' ? { ...a, shape: [1, 2, 3] } : a));
  bad.push({ name: 'blocks.99.pw.kernel', shape: [1], trainable: true, data: new Float32Array(1) });
  const before = values(m.trainableVariables[0]!).slice();
  assert.throws(
    () => m.loadState(bad.map((a) => (a.name === 'stem.conv.kernel' ? a : { ...a, data: a.data.map(() => 0) })), 'w.bin'),
    (e: unknown) => e instanceof DataError && /head\.dense\.bias: missing/.test(e.message) && /stem\.conv\.kernel: expects shape \[3,3,3,8\], found \[1,2,3\]/.test(e.message) && /blocks\.99\.pw\.kernel: not a variable of mixed/.test(e.message),
  );
  assert.deepEqual(values(m.trainableVariables[0]!), before);
  m.dispose();
});
