// groupedConv1x1: forward equals a 1x1 conv with the equivalent block-diagonal filter (built
// independently here, run on cpu); wasm (block-diagonal formulation) and cpu (split/concat
// formulation) agree on values and on gradients w.r.t. input and compact filter for groups 1, 2
// and 4; shapes that do not split into the groups are a RangeError.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../src/backend/index.js';
import { groupedConv1x1 } from '../src/ops/primitives/index.js';

before(async () => {
  await initBackend('cpu', () => {});
  await initBackend('wasm', () => {});
});

const rand = (shape: number[], seed: number): tf.Tensor => tf.randomUniform(shape, -1, 1, 'float32', seed);

/** Block-diagonal [1,1,Cin,Cout] filter: group g's block maps input group g to output group g. */
function blockDiagonal(w: tf.Tensor4D, groups: number): tf.Tensor4D {
  const [, , cg, cOut] = w.shape;
  const og = cOut / groups;
  const vals = w.arraySync()[0]![0]!;
  const full = Array.from({ length: cg * groups }, () => new Array<number>(cOut).fill(0));
  for (let g = 0; g < groups; g++) for (let i = 0; i < cg; i++) for (let o = 0; o < og; o++) full[g * cg + i]![g * og + o] = vals[i]![g * og + o]!;
  return tf.tensor4d([[full]]);
}

async function run(backend: string, groups: number): Promise<number[][]> {
  await tf.setBackend(backend);
  return tf.tidy(() => {
    const x = rand([2, 5, 5, 8], 1) as tf.Tensor4D;
    const w = rand([1, 1, 8 / groups, 12], 2) as tf.Tensor4D;
    const r = rand([2, 5, 5, 12], 3);
    const g = tf.valueAndGrads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(groupedConv1x1(a as tf.Tensor4D, b as tf.Tensor4D, groups), r)) as tf.Scalar);
    const { value, grads } = g([x, w]);
    const reference = tf.sum(tf.mul(tf.conv2d(x, blockDiagonal(w, groups), 1, 'same'), r));
    return [[value.dataSync()[0]!, reference.dataSync()[0]!], ...grads.map((t) => Array.from(t.dataSync()))];
  });
}

test('groupedConv1x1 forward equals the block-diagonal 1x1 conv; wasm gradients match cpu', async () => {
  for (const groups of [1, 2, 4]) {
    const cpu = await run('cpu', groups);
    const wasm = await run('wasm', groups);
    const [value, reference] = cpu[0]!;
    assert.ok(Math.abs(value! - reference!) <= 1e-4 * Math.abs(reference!), `groups ${groups}: ${value} vs ${reference}`);
    assert.ok(Math.abs(wasm[0]![0]! - value!) <= 1e-4 * Math.abs(value!), `groups ${groups}: wasm ${wasm[0]![0]} vs cpu ${value}`);
    for (const i of [1, 2]) {
      const want = cpu[i]!;
      const got = wasm[i]!;
      const scale = Math.max(...want.map(Math.abs));
      const diff = Math.max(...want.map((v, j) => Math.abs(v - got[j]!)));
      assert.ok(scale > 0 && diff <= 1e-4 * scale, `groups ${groups} grad ${i}: diff ${diff}, scale ${scale}`);
    }
  }
});

test('groupedConv1x1 rejects channel counts that do not split into the groups', () => {
  assert.throws(() => groupedConv1x1(tf.zeros([1, 2, 2, 6]) as tf.Tensor4D, tf.zeros([1, 1, 1, 8]) as tf.Tensor4D, 4), RangeError);
});
