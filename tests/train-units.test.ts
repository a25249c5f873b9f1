// Training machinery against hand-computed values: SGD and Adam follow torch's update rules and
// resume exactly from their saved state; cosine schedule endpoints; the checkpoint file round-trips
// and a damaged one is a DataError; epoch orders are seeded per (split, epoch); normalisation
// uses the channel statistics; top-k hits; the collapse and θ-not-moved diagnostics.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { DataError } from '../src/core/errors.js';
import { useBackend } from '../src/ops/testing.js';
import { diagnose } from '../src/supernet/theta-stats.js';
import { SplitBatches } from '../src/train/batches.js';
import { readCheckpoint, writeCheckpoint } from '../src/train/checkpoint.js';
import { topkHits } from '../src/train/metrics.js';
import { Adam, Sgd } from '../src/train/optimizers.js';
import type { Choice } from '../src/methods/choices.js';
import { GumbelPolicy } from '../src/methods/policies/gumbel.js';
import { cosineLr } from '../src/train/schedule.js';
import { costTableOf, runTiny, syntheticSplits, tinySpec } from './supernet-helpers.js';

before(async () => assert.ok(await useBackend('cpu')));

const close = (a: ArrayLike<number>, b: number[], what: string): void =>
  b.forEach((v, i) => assert.ok(Math.abs(a[i]! - v) < 1e-6, `${what}[${i}]: ${a[i]} vs ${v}`));

test('SGD: d = g + wd·w, buf = μ·buf + d, w -= lr·buf; state resumes exactly', () => {
  const w = tf.variable(tf.tensor1d([1, -2]));
  const sgd = new Sgd([{ name: 'w', variable: w }], { momentum: 0.9, weightDecay: 0.1 });
  const g = { [w.name]: tf.tensor1d([0.5, 0.5]) };
  sgd.step(g, 0.1); // d = [0.6, 0.3]; buf = d; w = [0.94, -2.03]
  close(w.dataSync(), [0.94, -2.03], 'w after 1');
  const saved = sgd.state();
  sgd.step(g, 0.1); // d = [0.594, 0.297]; buf = [1.134, 0.567]; w = [0.8266, -2.0867]
  close(w.dataSync(), [0.8266, -2.0867], 'w after 2');
  const w2 = tf.variable(tf.tensor1d([0.94, -2.03]));
  const again = new Sgd([{ name: 'w', variable: w2 }], { momentum: 0.9, weightDecay: 0.1 });
  again.load(saved, 'ck');
  again.step({ [w2.name]: tf.tensor1d([0.5, 0.5]) }, 0.1);
  assert.deepEqual(Array.from(w2.dataSync()), Array.from(w.dataSync()), 'resumed optimiser takes the identical step');
});

test('Adam: bias-corrected moments with L2 weight decay, as torch.optim.Adam', () => {
  const th = tf.variable(tf.tensor1d([0.5]));
  const adam = new Adam([{ name: 't', variable: th }], { beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0.5 });
  adam.step({ [th.name]: tf.tensor1d([1]) }, 0.01);
  // g' = 1.25; m̂ = 1.25, v̂ = 1.5625: step = lr · 1.25 / (1.25 + 1e-8) ≈ 0.01
  close(th.dataSync(), [0.49], 'θ after 1');
  adam.step({ [th.name]: tf.tensor1d([-1]) }, 0.01);
  const g2 = -1 + 0.5 * 0.49;
  const m = (0.9 * 0.125 + 0.1 * g2) / (1 - 0.81);
  const v = (0.999 * 0.0015625 + 0.001 * g2 * g2) / (1 - 0.998001);
  close(th.dataSync(), [0.49 - (0.01 * m) / (Math.sqrt(v) + 1e-8)], 'θ after 2');
  assert.equal(adam.state().steps, 2);
});

test('optimisers and mixing policies leave no tensor behind once disposed (their initial values included)', () => {
  const w = tf.tidy(() => tf.variable(tf.ones([3, 4])));
  const start = tf.memory().numTensors;
  const sgd = new Sgd([{ name: 'w', variable: w }], { momentum: 0.9, weightDecay: 0 });
  const adam = new Adam([{ name: 'w', variable: w }], { beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0 });
  const policy = new GumbelPolicy([{ label: 'l0', kind: 'categorical', values: ['a', 'b', 'c'] } as Choice], { mode: 'soft', scope: 'batch', evalMix: 'softmax' });
  assert.ok(tf.memory().numTensors > start);
  sgd.dispose();
  adam.dispose();
  policy.dispose();
  assert.equal(tf.memory().numTensors, start);
  w.dispose();
});

test('cosine learning rate runs from lr to lrMin over the epochs', () => {
  assert.equal(cosineLr(0.1, 0, 0, 10), 0.1);
  assert.ok(Math.abs(cosineLr(0.1, 0.01, 5, 10) - 0.055) < 1e-12);
  assert.ok(Math.abs(cosineLr(0.1, 0, 10, 10)) < 1e-12);
});

test('checkpoint file round-trips; a damaged one is a DataError naming the file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nasflow-ck-'));
  try {
    const file = join(dir, 'sub', 'ck.bin');
    const arrays = [{ name: 'a', shape: [3], trainable: true, data: Float32Array.from([1.5, -2, 3e-8]) }, { name: 'b', shape: [1, 2], trainable: false, data: Float32Array.from([7, 8]) }];
    writeCheckpoint(file, { fingerprint: 'fp', meta: { next: { epoch: 2 }, x: [0.1, 0.2] }, arrays });
    const back = readCheckpoint<{ next: { epoch: number }; x: number[] }>(file)!;
    assert.equal(back.fingerprint, 'fp');
    assert.deepEqual(back.meta, { next: { epoch: 2 }, x: [0.1, 0.2] });
    assert.deepEqual(back.arrays.map((a) => [a.name, a.shape, a.trainable, Array.from(a.data)]), arrays.map((a) => [a.name, a.shape, a.trainable, Array.from(a.data)]));
    assert.equal(readCheckpoint(join(dir, 'none.bin')), null);
    writeFileSync(join(dir, 'bad.bin'), Buffer.from([200, 0, 0, 0, 1, 2]));
    assert.throws(() => readCheckpoint(join(dir, 'bad.bin')), (e: unknown) => e instanceof DataError && e.message.includes('bad.bin') && /header of 200 bytes/.test(e.message));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('batches: seeded order per (split, epoch); first full batches only; pixels normalised', () => {
  const split = syntheticSplits(50).train_w;
  const b = new SplitBatches('train_w', split, { mean: [0.5], std: [0.25] }, 16);
  assert.equal(b.batchesPerEpoch(null), 3);
  assert.equal(b.batchesPerEpoch(2), 2);
  assert.deepEqual(Array.from(b.order(1, 0)), Array.from(b.order(1, 0)));
  assert.notDeepEqual(Array.from(b.order(1, 0)), Array.from(b.order(1, 1)));
  const order = b.order(1, 0);
  const batch = b.take(order, 1);
  const i = order[16]!;
  assert.equal(batch.labels[0], split.labels[i]);
  assert.ok(Math.abs(batch.x.dataSync()[0]! - (split.images[i * 64]! / 255 - 0.5) / 0.25) < 1e-6);
  assert.deepEqual([...b.sequential(40)].map((x) => x.labels.length), [16, 16, 8]);
});

test('top-k hits: a label counts when fewer than k classes beat it (ties to the lower index)', () => {
  // row 0: label best; row 1: label second (top-2 only); row 2: label 0 tied with class 1 (wins the tie).
  const logits = Float32Array.from([0.1, 0.9, 0.0, 0.5, 0.2, 0.3, 0.4, 0.4, 0.1]);
  assert.deepEqual(topkHits(logits, Int32Array.from([1, 2, 0]), 3, 2), { top1: 2, topk: 3 });
});

test('diagnostics: skip collapse and a θ that never moved', () => {
  const c = ['ir_k3_e1', 'skip'];
  const init = [[0, 0], [0, 0], [0, 0]];
  const collapsed = diagnose([[0, 1], [0, 2], [1, 0]], init, c, { collapseShare: 0.5, minMove: 1e-3 });
  assert.equal(collapsed.length, 1);
  assert.match(collapsed[0]!, /skip is the argmax of 2 of 3 layers.*layers 0, 1/);
  const still = diagnose(init, init, c, { collapseShare: 0.5, minMove: 1e-3 });
  assert.ok(still.some((w) => /θ has not moved/.test(w)));
  assert.deepEqual(diagnose([[1, 0], [0, 1], [1, 0]], init, c, { collapseShare: 0.5, minMove: 1e-3 }), []);
});

test('a checkpoint is resumed only by its own run: another fingerprint starts fresh, a finished run returns at once', { timeout: 60_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'nasflow-fp-'));
  try {
    const candidates = ['ir_k3_e1', 'skip'];
    const base = { spec: tinySpec(candidates, 1), costs: costTableOf(candidates, [[2, 1]], 3), epochs: 1, batch: 8, limits: { train_w: 2, train_theta: 2, valImages: 8 }, strategy: {} };
    const file = join(dir, 'ck.bin');
    const logs: string[] = [];
    const log = (m: string): void => void logs.push(m);
    const a = await runTiny({ ...base, checkpoint: { file, fingerprint: 'run-a', log } });
    a.net.dispose();
    const b = await runTiny({ ...base, seed: 2, checkpoint: { file, fingerprint: 'run-b', log } });
    b.net.dispose();
    assert.ok(logs.some((l) => /ignoring checkpoint .*fingerprint run-a.*this run run-b.*starting fresh/.test(l)), logs.join('\n'));
    // Same fingerprint, but settings that would train to another θ: only an early return from the
    // finished checkpoint gives b's θ back (a retrain, even with the same seed, would not).
    const other = { ...base, seed: 2, thetaLr: 0.5, wLr: 0.2 };
    const again = await runTiny({ ...other, checkpoint: { file, fingerprint: 'run-b', log } });
    again.net.dispose();
    assert.equal(again.result.resumedFrom, null, 'a finished run is not resumed mid-way');
    const theta = (r: typeof b): number[] => Array.from(r.result.selected.arrays.find((x) => x.name === 'theta.0')!.data);
    assert.deepEqual(theta(again), theta(b), 'the finished run\'s θ comes back as it was');
    const control = await runTiny({ ...other, checkpoint: { file: join(dir, 'fresh.bin'), fingerprint: 'run-c', log } });
    control.net.dispose();
    assert.notDeepEqual(theta(control), theta(b), 'those settings, trained, give another θ');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
