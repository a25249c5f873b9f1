// The DARTS op set's gradients on every backend: each DARTS block (stride 1 and 2) against its
// stock-ops twin on cpu (src/ops/reference-darts.ts: the dilated conv as shifted slices), and on
// wasm against that cpu reference — the dilated depthwise gradient (nasflow's, both backends) and
// wasm's MaxPoolGrad (nasflow's replacement) included. Plus the border case the stock wasm
// MaxPoolGrad got wrong: a 'same' window whose in-bounds values are all negative.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '../src/core/rng.js';
import { dartsOps } from '../src/ops/catalog.js';
import { initialValues } from '../src/ops/layers/params.js';
import { opName } from '../src/ops/op.js';
import { referenceApply } from '../src/ops/reference.js';
import { BLOCKS } from '../src/ops/register-all.js';
import { type GradResult, lossAndGrads, useBackend } from '../src/ops/testing.js';

const N = 2;
const H = 7;
const C = 8;
const normal = (shape: number[], seed: number): tf.Tensor4D => tf.tensor4d(initialValues(shape, { kind: 'heFanOut', fanOut: 2 }, Rng.seeded(seed)), shape as [number, number, number, number]);

function close(a: Float32Array, b: Float32Array, what: string, scale: number): void {
  assert.equal(a.length, b.length, what);
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i]! - b[i]!));
  assert.ok(d <= 1e-4 * Math.max(scale, 1e-3), `${what}: max diff ${d} (scale ${scale})`);
}

function compare(ours: GradResult, ref: GradResult, what: string): void {
  const scale = Math.max(...[ref.dx, ...ref.grads.values()].map((g) => g.reduce((m, v) => Math.max(m, Math.abs(v)), 0)));
  close(ours.dx, ref.dx, `${what} input gradient`, scale);
  for (const [name, g] of ref.grads) close(ours.grads.get(name)!, g, `${what} ${name} gradient`, scale);
}

const cpuRefs = new Map<string, GradResult>();

for (const backend of ['cpu', 'wasm'] as const) {
  test(`DARTS op gradients on ${backend}`, async (t) => {
    if (!(await useBackend(backend))) return t.skip(`${backend} did not start`);
    for (const op of dartsOps()) {
      for (const stride of [1, 2]) {
        const name = `${opName(op)} s${stride}`;
        const block = BLOCKS.forOp(op).create(C, C, stride, { seed: 3 });
        const x = normal([N, H, H, C], 1);
        const r = normal([N, Math.ceil(H / stride), Math.ceil(H / stride), C], 2);
        try {
          const ours = lossAndGrads(block.store, (xi) => block.apply(xi, true), x, r);
          if (backend === 'cpu') {
            const ref = lossAndGrads(block.store, (xi) => referenceApply(block, xi, true), x, r);
            compare(ours, ref, `${name} block vs stock-ops twin`);
            cpuRefs.set(name, ref);
          } else {
            compare(ours, cpuRefs.get(name)!, `${name} wasm vs cpu`);
          }
        } finally {
          tf.dispose([x, r]);
          block.dispose();
        }
      }
    }
  });
}

test('max-pool gradient of an all-negative border window (wasm = cpu)', async (t) => {
  const run = (): Float32Array => {
    const x = tf.tensor4d(Float32Array.from({ length: 2 * 5 * 5 * 3 }, (_, i) => -1 - ((i * 7919) % 13) / 13), [2, 5, 5, 3]);
    const dy = tf.onesLike(tf.maxPool(x, 3, 2, 'same'));
    const g = tf.grad((xi: tf.Tensor) => tf.sum(tf.mul(tf.maxPool(xi as tf.Tensor4D, 3, 2, 'same'), dy)))(x);
    const out = g.dataSync() as Float32Array;
    tf.dispose([x, dy, g]);
    return out;
  };
  assert.ok(await useBackend('cpu'));
  const ref = run();
  // Every output's gradient lands somewhere: the input gradient sums to the number of outputs.
  assert.equal(ref.reduce((a, b) => a + b, 0), 2 * 3 * 3 * 3);
  if (!(await useBackend('wasm'))) return t.skip('wasm did not start');
  close(run(), ref, 'wasm max-pool gradient', 1);
});

test('avg-pool gradient counts only in-bounds pixels (TF.js AvgPoolGrad divides by 9 at borders)', async () => {
  for (const backend of ['cpu', 'wasm'] as const) {
    if (!(await useBackend(backend))) continue;
    const x = tf.tensor4d([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 3, 1]);
    const block = BLOCKS.get('avg_pool_3x3').create(1, 1, 1);
    const g = tf.grad((xi: tf.Tensor) => tf.sum(block.apply(xi as tf.Tensor4D, true)))(x);
    // Σ of 1/count over the windows holding the pixel (corner windows hold 4, edge 6, centre 9).
    const corner = 1 / 4 + 2 / 6 + 1 / 9;
    const edge = 2 / 4 + 3 / 6 + 1 / 9;
    const centre = 4 / 4 + 4 / 6 + 1 / 9;
    close(g.dataSync() as Float32Array, Float32Array.from([corner, edge, corner, edge, centre, edge, corner, edge, corner]), `${backend} avg-pool gradient`, 1);
    tf.dispose([x, g]);
    block.dispose();
  }
});
