// batchNormTrain / batchNormInfer against a naive reference written with plain tf ops and
// autodiff on the cpu backend ((x - mean) / sqrt(var + eps) * gamma + beta, then the activation),
// on cpu and wasm: output, returned batch mean/variance, and gradients w.r.t. x, gamma, beta.
// Also: statistics stay exact for data with a large mean (shifted accumulation), and
// updateMovingStats applies momentum. Shapes use C = 6 so SIMD tails are exercised.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../src/backend/index.js';
import { type BnActivation, batchNormInfer, batchNormTrain, updateMovingStats } from '../src/ops/primitives/index.js';

before(async () => {
  await initBackend('cpu', () => {});
  await initBackend('wasm', () => {});
});

const EPS = 1e-5;
const SHAPE = [3, 5, 4, 6];
const act = (y: tf.Tensor, a: BnActivation): tf.Tensor => (a === 'relu' ? tf.relu(y) : a === 'relu6' ? tf.relu6(y) : y);

function inputs(offset: number): tf.Tensor[] {
  return [
    tf.add(tf.mul(tf.randomUniform(SHAPE, -2, 2, 'float32', 11), 1.5), offset),
    tf.randomUniform([6], 0.5, 4, 'float32', 12), // up to 4: ReLU6 clamps at both ends
    tf.randomUniform([6], -1, 1, 'float32', 13),
    tf.randomUniform(SHAPE, -1, 1, 'float32', 14), // r: loss = sum(y * r)
    tf.randomUniform([6], -0.5, 0.5, 'float32', 15), // moving mean
    tf.randomUniform([6], 0.5, 1.5, 'float32', 16), // moving variance
  ];
}

type Result = Record<string, number[]>;

function reference(mode: 'train' | 'infer', a: BnActivation, offset: number): Result {
  return tf.tidy(() => {
    const [x, g, b, r, mm, mv] = inputs(offset) as [tf.Tensor, tf.Tensor1D, tf.Tensor1D, tf.Tensor, tf.Tensor1D, tf.Tensor1D];
    const { mean, variance } = tf.moments(x, [0, 1, 2]);
    const f = (xi: tf.Tensor, gi: tf.Tensor, bi: tf.Tensor): tf.Tensor => {
      const s = mode === 'train' ? tf.moments(xi, [0, 1, 2]) : { mean: mm, variance: mv };
      return act(tf.add(tf.mul(tf.div(tf.sub(xi, s.mean), tf.sqrt(tf.add(s.variance, EPS))), gi), bi), a);
    };
    const { value, grads } = tf.valueAndGrads((xi: tf.Tensor, gi: tf.Tensor, bi: tf.Tensor) => tf.sum(tf.mul(f(xi, gi, bi), r)) as tf.Scalar)([x, g, b]);
    const arr = (t: tf.Tensor) => Array.from(t.dataSync());
    return { y: arr(f(x, g, b)), loss: arr(value), dx: arr(grads[0]!), dgamma: arr(grads[1]!), dbeta: arr(grads[2]!), mean: arr(mean), variance: arr(variance) };
  });
}

function subject(mode: 'train' | 'infer', a: BnActivation, offset: number): Result {
  return tf.tidy(() => {
    const [x, g, b, r, mm, mv] = inputs(offset) as [tf.Tensor, tf.Tensor1D, tf.Tensor1D, tf.Tensor, tf.Tensor1D, tf.Tensor1D];
    let stats: tf.Tensor1D[] = [];
    const f = (xi: tf.Tensor, gi: tf.Tensor, bi: tf.Tensor): tf.Tensor => {
      if (mode === 'infer') return batchNormInfer(xi, gi as tf.Tensor1D, bi as tf.Tensor1D, mm, mv, { epsilon: EPS, activation: a });
      const o = batchNormTrain(xi, gi as tf.Tensor1D, bi as tf.Tensor1D, { epsilon: EPS, activation: a });
      stats = [o.mean, o.variance];
      return o.y;
    };
    const arr = (t: tf.Tensor) => Array.from(t.dataSync());
    const y = arr(f(x, g, b));
    const s = stats.map(arr);
    const { value, grads } = tf.valueAndGrads((xi: tf.Tensor, gi: tf.Tensor, bi: tf.Tensor) => tf.sum(tf.mul(f(xi, gi, bi), r)) as tf.Scalar)([x, g, b]);
    const out: Result = { y, loss: arr(value), dx: arr(grads[0]!), dgamma: arr(grads[1]!), dbeta: arr(grads[2]!) };
    if (mode === 'train') Object.assign(out, { mean: s[0]!, variance: s[1]! });
    return out;
  });
}

function assertClose(got: Result, want: Result, what: string, tol = 1e-4): void {
  for (const [k, w] of Object.entries(want)) {
    const gv = got[k];
    if (!gv) continue; // inference mode returns no batch statistics
    const scale = Math.max(1e-3, ...w.map(Math.abs));
    const diff = Math.max(...w.map((v, i) => Math.abs(v - (gv[i] ?? NaN))));
    assert.ok(diff <= tol * scale, `${what} ${k}: max diff ${diff}, scale ${scale}`);
  }
}

for (const backend of ['cpu', 'wasm']) {
  test(`batchNorm train and infer match the naive reference on ${backend}`, async () => {
    for (const mode of ['train', 'infer'] as const) {
      for (const a of ['none', 'relu', 'relu6'] as const) {
        await tf.setBackend('cpu');
        const want = reference(mode, a, 0.3);
        await tf.setBackend(backend);
        const got = subject(mode, a, 0.3);
        assert.ok(mode === 'infer' || got.mean, 'train mode returns batch statistics');
        assertClose(got, want, `${backend} ${mode} ${a}`);
      }
    }
  });
}

test('batch statistics stay exact on wasm when the mean is large against the spread', async () => {
  await tf.setBackend('cpu');
  const want = reference('train', 'none', 1000);
  await tf.setBackend('wasm');
  const got = subject('train', 'none', 1000);
  assertClose({ variance: got.variance!, mean: got.mean! }, { variance: want.variance!, mean: want.mean! }, 'offset 1000', 1e-5);
});

test('updateMovingStats: moving = momentum * moving + (1 - momentum) * batch', async () => {
  await tf.setBackend('wasm');
  const mm = tf.variable(tf.tensor1d([1, 2]));
  const mv = tf.variable(tf.tensor1d([3, 4]));
  updateMovingStats(mm, mv, tf.tensor1d([11, 12]), tf.tensor1d([13, 14]), 0.9);
  assert.deepEqual(Array.from(mm.dataSync()).map((v) => +v.toFixed(4)), [2, 3]);
  assert.deepEqual(Array.from(mv.dataSync()).map((v) => +v.toFixed(4)), [4, 5]);
});
