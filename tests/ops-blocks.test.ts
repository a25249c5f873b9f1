// Every registered block, on every available backend (cpu always, wasm when it starts), in two
// shapes (stride 1 with cIn = cOut: residual/identity; stride 2 with cIn != cOut: projection):
//   - output shape in training and inference mode
//   - parameter / state counts: sizes of the variables the block owns vs the analytic count
//   - FLOPs: the analytic executed count vs the multiply-adds of the kernels TF.js ran (cpu)
//   - forward and gradients (input + every weight) against the stock-ops reference twin
//     (src/ops/reference.ts: per-group convs, explicit shuffle, BN by tf.moments, plain autodiff)
//     computed on cpu; on wasm the block runs on wasm and is compared with that cpu reference.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '../src/core/rng.js';
import type { Block } from '../src/ops/block.js';
import { blockCost } from '../src/ops/cost.js';
import { initialValues } from '../src/ops/layers/params.js';
import { referenceApply } from '../src/ops/reference.js';
import { BLOCKS } from '../src/ops/register-all.js';
import { type GradResult, lossAndGrads, profiledFlops, useBackend } from '../src/ops/testing.js';

interface Shape {
  cIn: number;
  cOut: number;
  stride: number;
}
const SHAPES: Shape[] = [
  { cIn: 8, cOut: 8, stride: 1 },
  { cIn: 8, cOut: 16, stride: 2 },
];
// DARTS edges keep the channels (C -> C), stride 2 on a reduction cell's inputs.
const CELL_SHAPES: Shape[] = [
  { cIn: 8, cOut: 8, stride: 1 },
  { cIn: 8, cOut: 8, stride: 2 },
];
const DARTS_KINDS = new Set(['none', 'pool', 'skip_connect', 'sep_conv', 'dil_conv']);
const N = 2;
const H = 6;
// float32 with different summation orders (and BN over 18..72 values per channel).
const TOL = 1e-4;
const key = (name: string, s: Shape): string => `${name} ${s.cIn}->${s.cOut} s${s.stride}`;
const normal = (shape: number[], seed: number): tf.Tensor4D => tf.tensor4d(initialValues(shape, { kind: 'heFanOut', fanOut: 2 }, Rng.seeded(seed)), shape as [number, number, number, number]);

interface Reference {
  train: Float32Array;
  infer: Float32Array;
  grads: GradResult;
}
const references = new Map<string, Reference>();

/**
 * max |a - b| relative to the largest |b|, floored at `floor`: a gradient that nearly cancels (BN
 * gamma before another BN: ~1e-3 of the block's gradient scale) carries float32 rounding of the
 * large terms it sums, so every gradient is compared at no less than 1e-2 of the block's largest.
 */
function relDiff(a: Float32Array, b: Float32Array, floor = 1e-6): number {
  assert.equal(a.length, b.length);
  let scale = floor;
  let diff = 0;
  for (let i = 0; i < b.length; i++) {
    scale = Math.max(scale, Math.abs(b[i]!));
    diff = Math.max(diff, Math.abs(a[i]! - b[i]!));
  }
  return diff / scale;
}

function outputs(block: Block, f: (x: tf.Tensor4D, training: boolean) => tf.Tensor, x: tf.Tensor4D, r: tf.Tensor): Reference {
  const run = (training: boolean): Float32Array => {
    // Cloned so an identity block's output (x itself) can be released like any other.
    const y = tf.tidy(() => tf.clone(f(x, training)));
    const data = y.dataSync() as Float32Array;
    y.dispose();
    return data;
  };
  return { infer: run(false), train: run(true), grads: lossAndGrads(block.store, (xi) => f(xi, true), x, r) };
}

function assertClose(ours: Reference, ref: Reference): void {
  assert.ok(relDiff(ours.infer, ref.infer) < TOL, `inference output vs reference: ${relDiff(ours.infer, ref.infer)}`);
  assert.ok(relDiff(ours.train, ref.train) < TOL, `training output vs reference: ${relDiff(ours.train, ref.train)}`);
  if (ref.grads.dx.length === 0 || ours.grads.dx.length === 0) return;
  const all = [ref.grads.dx, ...ref.grads.grads.values()];
  const floor = Math.max(1e-6, 1e-2 * Math.max(...all.map((g) => g.reduce((m, v) => Math.max(m, Math.abs(v)), 0))));
  assert.ok(relDiff(ours.grads.dx, ref.grads.dx, floor) < TOL, `input gradient vs reference: ${relDiff(ours.grads.dx, ref.grads.dx, floor)}`);
  for (const [name, g] of ours.grads.grads) {
    const d = relDiff(g, ref.grads.grads.get(name)!, floor);
    assert.ok(d < TOL, `${name} gradient vs reference: ${d}`);
  }
}

for (const backend of ['cpu', 'wasm'] as const) {
  test(`every block on ${backend}`, async (t) => {
    if (!(await useBackend(backend))) return t.skip(`${backend} backend did not start`);
    for (const entry of BLOCKS.all()) {
      for (const s of DARTS_KINDS.has(entry.op.kind) ? CELL_SHAPES : SHAPES) {
        await t.test(key(entry.name, s), async () => {
          const block = entry.create(s.cIn, s.cOut, s.stride, { seed: 7 });
          const x = normal([N, H, H, s.cIn], 1);
          const cost = blockCost(s.cIn, s.cOut, s.stride, entry.op, H, H);
          const oh = Math.ceil(H / s.stride);
          const r = normal([N, oh, oh, s.cOut], 2);
          try {
            // Shape read inside the tidy: an identity skip returns x itself, which must survive.
            assert.deepEqual(tf.tidy(() => block.apply(x, false).shape), [N, oh, oh, s.cOut]);
            const size = (vs: { variable: tf.Variable }[]): number => vs.reduce((a, v) => a + v.variable.size, 0);
            assert.equal(size(block.store.trainable()), cost.params, 'trainable variable sizes = analytic params');
            assert.equal(size(block.store.state()), cost.state, 'state variable sizes = analytic state');
            // Reference first, on fresh moving statistics; apply(training) then moves them identically in both runs.
            if (backend === 'cpu') {
              const one = normal([1, H, H, s.cIn], 3);
              assert.equal(await profiledFlops(() => block.apply(one, false)), cost.executedFlops, 'kernels run = analytic executed FLOPs');
              one.dispose();
              references.set(key(entry.name, s), outputs(block, (xi, tr) => referenceApply(block, xi, tr), x, r));
            }
            const ref = references.get(key(entry.name, s));
            assert.ok(ref, 'cpu reference computed first');
            assertClose(outputs(block, (xi, tr) => block.apply(xi, tr), x, r), ref);
          } finally {
            tf.dispose([x, r]);
            block.dispose();
          }
        });
      }
    }
  });
}
