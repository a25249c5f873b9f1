// FBNetV2 masks, effective widths and spaced zero-padding against hand computation (cpu).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '../src/ops/testing.js';
import { opFlops } from '../src/supernet/masked/effective-cost.js';
import { effective, fixedDist, jointMask, matchProb, prefixMask } from '../src/supernet/masked/masks.js';
import { spacedPad, spacedPositions, subsample } from '../src/supernet/masked/spaced.js';

const close = (a: ArrayLike<number>, b: ArrayLike<number>, tol = 1e-5): void => {
  assert.equal(a.length, b.length);
  for (let i = 0; i < a.length; i++) assert.ok(Math.abs(a[i]! - b[i]!) <= tol, `[${i}] ${a[i]} vs ${b[i]}`);
};

test('prefix mask = Σ g_i M_i and its gradient wrt g is the masked channels\' upstream sum', async () => {
  assert.ok(await useBackend('cpu'));
  const g = tf.tensor2d([[0.2, 0.5, 0.3]]);
  const values = [2, 3, 4];
  close(prefixMask({ g, values }, 5).dataSync(), [1, 1, 0.8, 0.3, 0]);
  const r = tf.tensor2d([[1, 2, 3, 4, 5]]);
  const dg = tf.grad((gg: tf.Tensor) => tf.sum(tf.mul(prefixMask({ g: gg as tf.Tensor2D, values }, 5), r)))(g);
  close(dg.dataSync(), [1 + 2, 1 + 2 + 3, 1 + 2 + 3 + 4]);
  // Effective width Σ g_i c_i = 0.4 + 1.5 + 1.2, gradient c_i.
  close(effective({ g, values }).dataSync(), [3.1]);
  close(tf.grad((gg: tf.Tensor) => tf.sum(effective({ g: gg as tf.Tensor2D, values })))(g).dataSync(), values);
});

test('expanded-channel mask and width-match probability under independent choices', async () => {
  assert.ok(await useBackend('cpu'));
  const cin = { g: tf.tensor2d([[0.25, 0.75]]), values: [2, 4] };
  const e = { g: tf.tensor2d([[0.6, 0.4]]), values: [1, 2] };
  // mids: (2,1)=2 w .15, (2,2)=4 w .10, (4,1)=4 w .45, (4,2)=8 w .30
  close(jointMask(cin, e, (c, x) => c * x, 8).dataSync(), [1, 1, 0.85, 0.85, 0.3, 0.3, 0.3, 0.3]);
  const cout = { g: tf.tensor2d([[0.5, 0.3, 0.2]]), values: [2, 3, 4] };
  close(matchProb(cin, cout).dataSync(), [0.25 * 0.5 + 0.75 * 0.2]);
  close(matchProb(fixedDist(3), cout).dataSync(), [0.3]);
  // Per-sample rows broadcast.
  const rows = { g: tf.tensor2d([[1, 0], [0, 1]]), values: [1, 3] };
  close(prefixMask(rows, 3).dataSync(), [1, 0, 0, 1, 1, 1]);
});

test('effective FLOPs are differentiable in the width weights: d/dg_i = 2·C_in·c_i·P for a stride-2 projection', async () => {
  assert.ok(await useBackend('cpu'));
  const g = tf.tensor2d([[0.5, 0.5]]);
  const shape = (gg: tf.Tensor2D) => ({ cin: fixedDist(6), cout: { g: gg, values: [4, 8] }, expansion: null, tied: false, stride: 2, pixIn: tf.tensor1d([16]), pixOut: tf.tensor1d([4]) });
  close(opFlops({ kind: 'skip' }, shape(g)).dataSync(), [2e-6 * 6 * 6 * 4], 1e-9);
  close(tf.grad((gg: tf.Tensor) => tf.sum(opFlops({ kind: 'skip' }, shape(gg as tf.Tensor2D))))(g).dataSync(), [2e-6 * 6 * 4 * 4, 2e-6 * 6 * 8 * 4], 1e-9);
  // ir_k3_e1 without expand conv: mid = C̄in; dw 2·9·M·P + pwl 2·M·C̄out·P.
  const ir = { kind: 'ir' as const, kernel: 3 as const, expansion: 1, groups: 1 as const, se: false, expandConv: false };
  close(opFlops(ir, shape(g)).dataSync(), [2e-6 * (9 * 6 * 4 + 6 * 6 * 4)], 1e-9);
});

test('spaced zero-padding puts pixel i at floor(i·H/h), zeros between; subsampling reads the same positions', async () => {
  assert.ok(await useBackend('cpu'));
  assert.deepEqual(spacedPositions(2, 4), [0, 2]);
  assert.deepEqual(spacedPositions(3, 4), [0, 1, 2]);
  assert.deepEqual(spacedPositions(4, 8), [0, 2, 4, 6]);
  const f = tf.tensor4d([1, 2, 3, 4], [1, 2, 2, 1]);
  close(spacedPad(f, 4, 4).dataSync(), [1, 0, 2, 0, 0, 0, 0, 0, 3, 0, 4, 0, 0, 0, 0, 0]);
  // A tiny per-pixel net (1x1 conv + ReLU): candidates sum pixel for pixel with the full-size map.
  const x = tf.tensor4d(Array.from({ length: 2 * 8 * 8 * 2 }, (_, i) => Math.sin(i)), [2, 8, 8, 2]);
  const w = tf.tensor4d([0.5, -1, 2, 0.25, 1, 1], [1, 1, 2, 3]);
  const net = (t: tf.Tensor4D) => tf.relu(tf.conv2d(t, w, 1, 'same')) as tf.Tensor4D;
  const full = net(x).arraySync();
  for (const r of [4, 8]) {
    const aligned = spacedPad(net(subsample(x, r)), 8, 8).arraySync();
    const pos = spacedPositions(r, 8);
    for (let n = 0; n < 2; n++) for (let i = 0; i < 8; i++) for (let j = 0; j < 8; j++) {
      const here = pos.includes(i) && pos.includes(j);
      close(aligned[n]![i]![j]!, here ? full[n]![i]![j]! : [0, 0, 0]);
    }
  }
  // Gradients flow back through the gathers to exactly the sampled pixels.
  const dx = (tf.grad((t: tf.Tensor) => tf.sum(spacedPad(subsample(t as tf.Tensor4D, 4), 8, 8)))(x) as tf.Tensor4D).arraySync();
  assert.equal(dx[0]![2]![4]![0], 1);
  assert.equal(dx[0]![1]![4]![0], 0);
});
