// Lean saves (src/backend/lean-saves.ts): autodiff keeps the tensors a gradient needs without an
// engine Identity call and a tape node each, and gives the same gradients bit for bit as tfjs's
// stock clone on wasm and cpu, through built-in kernels' saves and customGrad's save function
// (nasflow's conv, depthwise and BatchNorm primitives), with fewer tape nodes and no tensor left behind.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend, leanSavesOn, useLeanSaves } from '../src/backend/index.js';
import { batchNormTrain, conv2d, depthwiseConv2d } from '../src/ops/primitives/index.js';

before(async () => {
  await initBackend('cpu', () => {});
  await initBackend('wasm', () => {});
});

const tapeNodes = (): number => (tf.engine() as unknown as { state: { nextTapeNodeId: number } }).state.nextTapeNodeId;

/** One inverted-residual-like block's gradients (bits), the tape nodes its forward recorded, and tensors left over. */
function grads(): { bits: number[][]; nodes: number; leftover: () => number } {
  const start = tf.memory().numTensors;
  const v = (shape: number[], seed: number): tf.Variable => tf.tidy(() => tf.variable(tf.randomNormal(shape, 0, 0.3, 'float32', seed)));
  const vars = [v([1, 1, 3, 8], 1), v([3, 3, 8, 1], 2), v([1, 1, 8, 4], 3)];
  const [w1, wd, w2] = vars as [tf.Variable, tf.Variable, tf.Variable];
  const g = tf.ones([8]) as tf.Tensor1D;
  const b = tf.zeros([8]) as tf.Tensor1D;
  const x = tf.randomNormal([2, 6, 6, 3], 0, 1, 'float32', 4) as tf.Tensor4D;
  const n0 = tapeNodes();
  let nodes = 0;
  const r = tf.variableGrads(() => {
    const h = batchNormTrain(conv2d(x, w1 as tf.Tensor4D, 1, 'same'), g, b, { activation: 'relu6' }).y as tf.Tensor4D;
    const d = tf.relu(depthwiseConv2d(h, wd as tf.Tensor4D, 2, 'same')) as tf.Tensor4D;
    const loss = tf.mean(tf.square(tf.mul(conv2d(d, w2 as tf.Tensor4D, 1, 'same'), tf.sigmoid(tf.mean(d, 3, true))))) as tf.Scalar;
    nodes = tapeNodes() - n0;
    return loss;
  }, vars);
  const bits = vars.map((u) => Array.from(new Uint32Array((r.grads[u.name]!.dataSync() as Float32Array).slice().buffer)));
  tf.dispose([r.value, ...Object.values(r.grads), ...vars, g, b, x]);
  return { bits, nodes, leftover: () => tf.memory().numTensors - start };
}

for (const backend of ['wasm', 'cpu']) {
  test(`lean saves on ${backend}: the same gradients bit for bit as the stock clone, fewer tape nodes, no leak`, async () => {
    await tf.setBackend(backend);
    assert.ok(leanSavesOn(), 'initBackend installs lean saves');
    try {
      useLeanSaves(false);
      assert.equal(leanSavesOn(), false);
      const stock = grads();
      useLeanSaves(true);
      const lean = grads();
      // Stock: one tape node per op plus one per saved tensor; lean: one per op.
      assert.ok(lean.nodes >= 8 && stock.nodes >= lean.nodes + 8, `tape nodes: stock ${stock.nodes}, lean ${lean.nodes}`);
      assert.equal(lean.bits.length, 3);
      lean.bits.forEach((b, i) => assert.deepEqual(b, stock.bits[i], `variable ${i}`));
      assert.equal(stock.leftover(), 0);
      assert.equal(lean.leftover(), 0);
    } finally {
      useLeanSaves(true);
    }
  });
}
