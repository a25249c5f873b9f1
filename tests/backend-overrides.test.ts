// The stock wasm kernels nasflow replaces keep their semantics: Identity (clone) shares the heap
// buffer by reference count, so disposing either side leaves the other intact and nothing leaks;
// Conv2DBackpropInput at stride 1 and 2 equals the cpu backend's. Also: every kernel nasflow adds
// is registered for wasm, and the per-channel helpers agree between wasm and their tf-op fallback.
// withStockForward (what latency runners time inside) really runs the stock XNNPACK depthwise.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { bnGradInput, bnGradSums, channelAffine, channelAffine2, channelDot, channelMoments, clampGrad, initBackend, withStockForward } from '../src/backend/index.js';

before(async () => {
  await initBackend('cpu', () => {});
  await initBackend('wasm', () => {});
});

test('clone on wasm shares data safely: dispose either side, the other survives, no leak', async () => {
  await tf.setBackend('wasm');
  const before = tf.memory().numBytes;
  const x = tf.tensor1d([1, 2, 3]);
  const y = tf.clone(x);
  x.dispose();
  assert.deepEqual(Array.from(y.dataSync()), [1, 2, 3]);
  const z = tf.clone(y);
  z.dispose();
  assert.deepEqual(Array.from(y.dataSync()), [1, 2, 3]);
  y.dispose();
  assert.equal(tf.memory().numBytes, before);
});

test('Conv2DBackpropInput matches cpu at stride 1 (overridden) and stride 2 (stock)', async () => {
  const run = async (backend: string, stride: number, pad: 'same' | 'valid', k: number): Promise<number[]> => {
    await tf.setBackend(backend);
    return tf.tidy(() => {
      const dyShape = tf.conv2d(tf.zeros([2, 7, 8, 5]) as tf.Tensor4D, tf.zeros([k, k, 5, 6]) as tf.Tensor4D, stride, pad).shape;
      const dy = tf.randomUniform(dyShape, -1, 1, 'float32', 4) as tf.Tensor4D;
      const w = tf.randomUniform([k, k, 5, 6], -1, 1, 'float32', 5) as tf.Tensor4D;
      return Array.from(tf.conv2dTranspose(dy, w, [2, 7, 8, 5], stride, pad).dataSync());
    });
  };
  for (const stride of [1, 2]) for (const pad of ['same', 'valid'] as const) for (const k of [1, 3, 5]) {
    const want = await run('cpu', stride, pad, k);
    const got = await run('wasm', stride, pad, k);
    const scale = Math.max(...want.map(Math.abs));
    const diff = Math.max(...want.map((v, i) => Math.abs(v - (got[i] ?? NaN))));
    assert.ok(scale > 0 && diff <= 1e-4 * scale, `stride ${stride} ${pad} k${k}: diff ${diff}`);
  }
});

test('per-channel helpers: wasm kernels equal the tf-op fallback (cpu)', async () => {
  const run = async (backend: string): Promise<number[][]> => {
    await tf.setBackend(backend);
    return tf.tidy(() => {
      const x = tf.randomUniform([4, 3, 5, 7], -3, 3, 'float32', 1);
      const dy = tf.randomUniform([4, 3, 5, 7], -1, 1, 'float32', 2);
      const a = tf.randomUniform([7], -2, 2, 'float32', 3) as tf.Tensor1D;
      const b = tf.randomUniform([7], -2, 2, 'float32', 4) as tf.Tensor1D;
      const m = channelMoments(x);
      const d = channelDot(dy, x, m.mean);
      const y = channelAffine(x, a, b, 0, 6);
      const s = bnGradSums(dy, y, x, m.mean, 0, 6);
      const outs = [m.mean, m.variance, d.sumDy, d.sumDyX, y, channelAffine2(dy, a, x, b, m.mean), clampGrad(dy, x, -1, 2), s.sumDy, s.sumDyX, bnGradInput(dy, y, x, a, b, m.mean, 0, 6)];
      return outs.map((t) => Array.from(t.dataSync()));
    });
  };
  const want = await run('cpu');
  const got = await run('wasm');
  want.forEach((w, k) => {
    const scale = Math.max(1e-3, ...w.map(Math.abs));
    const diff = Math.max(...w.map((v, i) => Math.abs(v - (got[k]?.[i] ?? NaN))));
    assert.ok(diff <= 1e-5 * scale, `output ${k}: diff ${diff}, scale ${scale}`);
  });
});

test('withStockForward: depthwise runs the stock XNNPACK kernel inside, nasflow\'s outside', async () => {
  await tf.setBackend('wasm');
  tf.tidy(() => {
    const x = tf.randomUniform([2, 9, 9, 24], -1, 1, 'float32', 6) as tf.Tensor4D;
    const w = tf.randomUniform([5, 5, 24, 1], -1, 1, 'float32', 7) as tf.Tensor4D;
    // The fused op (no bias, no activation) is never overridden: it is XNNPACK's depthwise.
    const xnn = Array.from(tf.fused.depthwiseConv2d({ x, filter: w, strides: 1, pad: 'same' }).dataSync());
    const inside = Array.from(withStockForward(() => tf.depthwiseConv2d(x, w, 1, 'same')).dataSync());
    const outside = Array.from(tf.depthwiseConv2d(x, w, 1, 'same').dataSync());
    assert.deepEqual(inside, xnn);
    // Different summation order: some output differs in its last bits, so the test can tell them apart.
    assert.notDeepEqual(outside, xnn);
    assert.ok(outside.every((v, i) => Math.abs(v - xnn[i]!) < 1e-4));
  });
});
