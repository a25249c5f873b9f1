// nasflow's fused training kernels on wasm (src/backend/kernels/train.ts through
// src/backend/train-ops.ts) against the composites of stock ops they replace, run on the cpu
// backend (the numeric reference): the mixed layer's weighted sum and its gradients (one weight
// row for the batch, one per image, a subset of active candidates), the SGD update (bit-identical:
// same f32 operations in the same order) and the moving-statistics update. BatchNorm's fused
// kernels are checked by tests/primitives-batchnorm.test.ts, which runs on both backends.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend, sgdFused, sgdFusedMany, weightedSum } from '../src/backend/index.js';
import { updateMovingStats } from '../src/ops/primitives/index.js';
import { Sgd } from '../src/train/optimizers.js';

before(async () => {
  await initBackend('cpu', () => {});
  await initBackend('wasm', () => {});
});

function data(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}

function close(got: Float32Array, want: Float32Array, what: string, tol = 1e-5): void {
  assert.equal(got.length, want.length, `${what}: length`);
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < want.length; i++) {
    diff = Math.max(diff, Math.abs(got[i]! - want[i]!));
    scale = Math.max(scale, Math.abs(want[i]!));
  }
  assert.ok(scale > 0, `${what}: reference is all zeros`);
  assert.ok(diff <= tol * scale, `${what}: max diff ${diff} vs scale ${scale}`);
}

/** Value and gradients (m, each y) of sum(mix * r), on the current backend: fused or the loop. */
function mixGrads(rows: number, active: number[], fused: boolean): Float32Array[] {
  const shape = [3, 5, 4, 7];
  const k = 4;
  return tf.tidy(() => {
    const m = tf.tensor2d(data(rows * k, 1), [rows, k]);
    const ys = active.map((_, j) => tf.tensor4d(data(420, 10 + j), shape as [number, number, number, number]));
    const r = tf.tensor4d(data(420, 99), shape as [number, number, number, number]);
    const f = (...args: tf.Tensor[]): tf.Tensor => {
      const [mm, ...yy] = args as [tf.Tensor2D, ...tf.Tensor[]];
      let out: tf.Tensor;
      if (fused) out = weightedSum(yy, mm, active)!;
      else out = yy.map((y, j) => tf.mul(y, tf.reshape(tf.slice(mm, [0, active[j]!], [rows, 1]), [rows, 1, 1, 1]))).reduce((a, b) => tf.add(a, b));
      return tf.sum(tf.mul(out, r));
    };
    const { value, grads } = tf.valueAndGrads(f)([m, ...ys]);
    return [value, ...grads].map((t) => t.dataSync() as Float32Array);
  });
}

test('fused weighted sum of candidates (wasm) matches the slice/mul/add loop (cpu): value and gradients', async () => {
  for (const [rows, active] of [[1, [0, 1, 2, 3]], [3, [0, 1, 2, 3]], [1, [2]], [3, [1, 3]]] as [number, number[]][]) {
    await tf.setBackend('cpu');
    const want = mixGrads(rows, active, false);
    await tf.setBackend('wasm');
    const got = mixGrads(rows, active, true);
    const names = ['value', 'dm', ...active.map((i) => `dy${i}`)];
    want.forEach((w, i) => close(got[i]!, w, `rows ${rows} active [${active}] ${names[i]}`));
  }
});

/** Three SGD steps over two variables (one without a gradient on the second step): weights and momentum buffers. */
function sgdRun(steps: number): Float32Array[] {
  return tf.tidy(() => {
    const w = tf.variable(tf.tensor1d(data(37, 5)));
    const u = tf.variable(tf.tensor2d(data(12, 6), [3, 4]));
    const opt = new Sgd([{ name: 'w', variable: w }, { name: 'u', variable: u }], { momentum: 0.9, weightDecay: 1e-4 });
    for (let s = 0; s < steps; s++) opt.step({ [w.name]: tf.tensor1d(data(37, 50 + s)), ...(s === 1 ? {} : { [u.name]: tf.tensor2d(data(12, 60 + s), [3, 4]) }) }, 0.1);
    const out = [w.dataSync() as Float32Array, u.dataSync() as Float32Array, ...opt.state().arrays.map((a) => a.data)];
    opt.dispose();
    tf.dispose([w, u]);
    return out;
  });
}

test('fused SGD (wasm) is bit-identical to the composite (cpu), and is the path wasm takes', async () => {
  await tf.setBackend('cpu');
  assert.equal(sgdFused(tf.zeros([1]), tf.zeros([1]), tf.zeros([1]), 1, 0, 0), null, 'cpu runs the composite');
  assert.equal(sgdFusedMany([[tf.zeros([1]), tf.zeros([1]), tf.zeros([1])]], 1, 0, 0), null, 'cpu runs the composite');
  const want = sgdRun(3);
  await tf.setBackend('wasm');
  const probe = sgdFused(tf.zeros([1]), tf.zeros([1]), tf.ones([1]), 1, 0, 0);
  assert.ok(probe, 'wasm runs the fused kernel');
  tf.dispose(probe);
  const many = sgdFusedMany([[tf.zeros([2]), tf.zeros([2]), tf.ones([2])], [tf.ones([1]), tf.zeros([1]), tf.ones([1])]], 1, 0, 0);
  assert.deepEqual(many?.map(([a, b]) => [Array.from(a.dataSync()), Array.from(b.dataSync())]), [[[-1, -1], [1, 1]], [[0], [1]]]);
  tf.dispose(many?.flat());
  const got = sgdRun(3);
  assert.equal(got.length, want.length);
  got.forEach((g, i) => assert.deepEqual(Array.from(g), Array.from(want[i]!), ['w', 'u', 'w momentum', 'u momentum'][i]));
});

test('fused moving statistics (wasm) equal the composite (cpu)', async () => {
  const run = (): number[][] => {
    const mm = tf.variable(tf.tensor1d(data(9, 7)));
    const mv = tf.variable(tf.tensor1d(data(9, 8).map(Math.abs)));
    updateMovingStats(mm, mv, tf.tensor1d(data(9, 9)), tf.tensor1d(data(9, 10).map(Math.abs)), 0.9);
    const out = [Array.from(mm.dataSync()), Array.from(mv.dataSync())];
    tf.dispose([mm, mv]);
    return out;
  };
  await tf.setBackend('cpu');
  const want = run();
  await tf.setBackend('wasm');
  assert.deepEqual(run(), want);
});
