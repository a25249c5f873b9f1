// A train step built from nasflow's primitives (conv, depthwise, grouped 1x1, BatchNorm train and
// inference modes with fused activations, SGD) leaks nothing on wasm or cpu: after warm-up, the
// engine's tensor and byte counts and the backend's buffer count are identical after more steps. nasflow's kernels
// allocate scratch on the wasm heap and must free it; a leak here grows without bound in training.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../src/backend/index.js';
import { batchNormInfer, batchNormTrain, conv2d, depthwiseConv2d, groupedConv1x1, updateMovingStats } from '../src/ops/primitives/index.js';

before(async () => {
  await initBackend('cpu', () => {});
  await initBackend('wasm', () => {});
});

for (const backend of ['wasm', 'cpu']) {
  test(`train steps leak no tensors or bytes on ${backend}`, async () => {
    await tf.setBackend(backend);
    const v = (shape: number[], seed: number) => tf.variable(tf.randomNormal(shape, 0, 0.3, 'float32', seed));
    const w1 = v([1, 1, 4, 8], 1);
    const wd = v([3, 3, 8, 1], 2);
    const wg = v([1, 1, 4, 4], 3);
    const g = tf.variable(tf.ones([8]));
    const b = tf.variable(tf.zeros([8]));
    const mm = tf.variable(tf.zeros([8]), false);
    const mv = tf.variable(tf.ones([8]), false);
    const x = tf.randomNormal([2, 6, 6, 4], 0, 1, 'float32', 4) as tf.Tensor4D;
    const opt = tf.train.sgd(0.01);
    const step = (): void => {
      opt.minimize(() => {
        const h = batchNormTrain(conv2d(x, w1 as tf.Tensor4D, 1, 'same'), g as tf.Tensor1D, b as tf.Tensor1D, { activation: 'relu6' });
        updateMovingStats(mm, mv, h.mean, h.variance);
        const d = depthwiseConv2d(h.y as tf.Tensor4D, wd as tf.Tensor4D, 2, 'same');
        const e = batchNormInfer(d, g as tf.Tensor1D, b as tf.Tensor1D, mm as tf.Tensor1D, mv as tf.Tensor1D, { activation: 'relu' });
        return tf.mean(tf.square(groupedConv1x1(e as tf.Tensor4D, wg as tf.Tensor4D, 2))) as tf.Scalar;
      });
    };
    step();
    step();
    const before = { ...tf.memory(), buffers: tf.backend().numDataIds() };
    for (let i = 0; i < 3; i++) step();
    const after = { ...tf.memory(), buffers: tf.backend().numDataIds() };
    assert.equal(after.numTensors, before.numTensors);
    assert.equal(after.numBytes, before.numBytes);
    // Buffers the backend holds, including ones kernels allocate outside the engine's view.
    assert.equal(after.buffers, before.buffers);
    tf.dispose([w1, wd, wg, g, b, mm, mv, x]);
    opt.dispose();
  });
}
