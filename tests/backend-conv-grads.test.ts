// nasflow's wasm convolution gradients against the cpu backend (the reference), through the real
// autodiff path (tf.grads of conv2d / depthwiseConv2d, so tfjs passes its own attrs): the three
// kernels wasm lacks (Conv2DBackpropFilter, DepthwiseConv2dNativeBackpropFilter/Input) and the
// overridden Conv2DBackpropInput, for stride 1 and 2, kernel 1/3/5/7, `same` and `valid`, NHWC,
// dilation 1; depthwise with channel multiplier 1 and 2; channel counts that are not multiples of
// the SIMD width (tails) and 1x1 stride-1 shapes that take the register-blocked matrix products
// (forward, input and filter gradients, with row and column tails); the
// overridden depthwise forward (multiplier 1) with channel counts that take every path of its
// 16/4/1-channel loops, and dilation 2.
// Tolerance: max |wasm - cpu| <= 1e-4 * max |cpu| per gradient (and per forward output).
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../src/backend/index.js';

const quiet = (): void => {};
before(async () => {
  await initBackend('cpu', quiet);
  await initBackend('wasm', quiet);
});

/** Deterministic values in [-1, 1) (LCG): the same data on both backends. */
function data(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}

type Op = (x: tf.Tensor4D, w: tf.Tensor4D) => tf.Tensor4D;

/** [dx, dw, y] on one backend, as arrays: the gradients of sum(op(x, w) * r) and the forward. */
async function grads(backend: string, op: Op, xShape: number[], wShape: number[]): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  return tf.tidy(() => {
    const size = (s: number[]) => s.reduce((a, b) => a * b, 1);
    const x = tf.tensor4d(data(size(xShape), 1), xShape as [number, number, number, number]);
    const w = tf.tensor4d(data(size(wShape), 2), wShape as [number, number, number, number]);
    const y = op(x, w);
    const r = tf.tensor(data(y.size, 3), y.shape);
    const g = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(op(a as tf.Tensor4D, b as tf.Tensor4D), r)));
    return [...g([x, w]), y].map((t) => t.dataSync() as Float32Array);
  });
}

function assertClose(got: Float32Array, want: Float32Array, what: string): void {
  assert.equal(got.length, want.length, `${what}: length`);
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < want.length; i++) {
    diff = Math.max(diff, Math.abs((got[i] ?? NaN) - (want[i] ?? NaN)));
    scale = Math.max(scale, Math.abs(want[i] ?? 0));
  }
  assert.ok(scale > 0, `${what}: reference gradient is all zeros`);
  assert.ok(diff <= 1e-4 * scale, `${what}: max diff ${diff} vs scale ${scale}`);
}

async function compare(name: string, op: Op, xShape: number[], wShape: number[]): Promise<void> {
  const [cx, cw, cy] = await grads('cpu', op, xShape, wShape);
  const [wx, ww, wy] = await grads('wasm', op, xShape, wShape);
  assertClose(wx!, cx!, `${name} dx`);
  assertClose(ww!, cw!, `${name} dw`);
  assertClose(wy!, cy!, `${name} y`);
}

const strides = [1, 2];
const kernels = [1, 3, 5, 7];
const pads = ['same', 'valid'] as const;

test('conv2d gradients (input and filter) match cpu across stride x kernel x padding', async () => {
  for (const s of strides) for (const k of kernels) for (const p of pads) {
    await compare(`conv2d k${k} s${s} ${p}`, (x, w) => tf.conv2d(x, w, s, p), [2, 9, 9, 5], [k, k, 5, 6]);
  }
});

test('1x1 stride-1 conv2d (matrix-product forward, input and filter gradients) matches cpu, with and without SIMD tails', async () => {
  for (const [ci, co] of [[8, 16], [6, 10], [3, 5], [16, 24]] as const) {
    await compare(`conv2d 1x1 ${ci}->${co}`, (x, w) => tf.conv2d(x, w, 1, 'same'), [2, 7, 6, ci], [1, 1, ci, co]);
    // 15 pixels: the matrix product's leftover rows (its 4-row tiles leave 3).
    await compare(`conv2d 1x1 ${ci}->${co} 15 px`, (x, w) => tf.conv2d(x, w, 1, 'valid'), [1, 5, 3, ci], [1, 1, ci, co]);
  }
});

test('depthwiseConv2d gradients match cpu across stride x kernel x padding (multiplier 1)', async () => {
  for (const s of strides) for (const k of kernels) for (const p of pads) {
    await compare(`depthwise k${k} s${s} ${p}`, (x, w) => tf.depthwiseConv2d(x, w, s, p), [2, 9, 9, 6], [k, k, 6, 1]);
  }
});

test('depthwiseConv2d gradients match cpu with channel multiplier 2', async () => {
  for (const s of strides) for (const k of [3, 5]) {
    await compare(`depthwise x2 k${k} s${s}`, (x, w) => tf.depthwiseConv2d(x, w, s, 'same'), [2, 8, 8, 3], [k, k, 3, 2]);
  }
});

test('depthwiseConv2d forward and gradients match cpu on every channel path (16-, 4-, 1-wide) and with dilation 2', async () => {
  // 21 = 16 + 4 + 1 and 40 = 2 x 16 + 2 x 4 channels; 7x6 maps so rows and columns clip differently.
  for (const ch of [21, 40]) for (const s of strides) for (const k of [3, 5]) for (const p of pads) {
    await compare(`depthwise ${ch}ch k${k} s${s} ${p}`, (x, w) => tf.depthwiseConv2d(x, w, s, p), [2, 7, 6, ch], [k, k, ch, 1]);
  }
  // tfjs has no depthwise gradient for dilation > 1, so only the forward is compared there.
  for (const k of [3, 5]) for (const p of pads) {
    const y = async (backend: string): Promise<Float32Array> => {
      await tf.setBackend(backend);
      return tf.tidy(() => tf.depthwiseConv2d(tf.tensor4d(data(2 * 11 * 10 * 20, 1), [2, 11, 10, 20]), tf.tensor4d(data(k * k * 20, 2), [k, k, 20, 1]), 1, p, 'NHWC', 2).dataSync() as Float32Array);
    };
    assertClose(await y('wasm'), await y('cpu'), `depthwise 20ch k${k} d2 ${p} y`);
  }
});
