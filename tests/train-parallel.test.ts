// Data-parallel training (src/train/parallel): a tiny supernet trained for a few w and θ steps on
// a GradientPool with 2 fixed shards ends with bit-identical variables (weights, BN statistics, θ)
// and step numbers whether 1 or 2 workers compute the shards — FBNet on wasm (per-image noise, so
// the mixes are cut per shard) and on cpu, SPOS on wasm (single paths: off-path blocks get no
// gradient); and the pure
// parts — the split and the fixed-order combination — behave as documented.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { initBackend } from '../src/backend/index.js';
import { Rng } from '../src/core/rng.js';
import { methodEntry, supernetChoices } from '../src/methods/index.js';
import { Supernet } from '../src/supernet/supernet.js';
import type { NoiseScope } from '../src/supernet/gumbel.js';
import { SplitBatches } from '../src/train/batches.js';
import { trainStep } from '../src/train/step.js';
import { assign, combine, parallelTrainStep, split, startSupernetPool } from '../src/train/parallel/index.js';
import { makeLayout } from '../src/train/parallel/layout.js';
import { sliceOf } from '../src/train/parallel/shards.js';
import { costTableOf, fbnetConfig, sposConfig, syntheticSplits, tinySpec } from './supernet-helpers.js';

const CANDS = ['ir_k3_e1', 'ir_k3_e3', 'skip'];

type Case = { method: 'fbnet'; scope: NoiseScope } | { method: 'spos' };

async function train(backend: string, workers: number, k: Case, shards = 2): Promise<{ state: number[][]; numbers: number[][] }> {
  await initBackend(backend, () => {});
  const spec = tinySpec(CANDS);
  const costs = costTableOf(CANDS, [[2, 3, 1], [2, 3, 1]], 1);
  const config =
    k.method === 'fbnet'
      ? { ...fbnetConfig({ scope: k.scope, loss: { form: 'paper', alpha: 1, beta: 0.5 }, costScale: 2 }, 1, { w: 0.05, theta: 0.05 }, 4), batch: 13 }
      : { ...sposConfig({}, 1, 0.05, 4), batch: 13 };
  const net = new Supernet(spec, costs, { seed: 4 });
  const method = methodEntry(config, 'test').create(config, { net, costs, choices: supernetChoices(spec), file: 'test' });
  const optimizers = method.optimizers(net);
  const ctx = { net, method, rng: Rng.seeded(2), temperature: 1, optimizers, lr: { w: 0.05, arch: 0.05 } };
  const data = new SplitBatches('train_w', syntheticSplits(64).train_w, { mean: [0.5], std: [0.25] }, 13);
  // workers 0: no pool, this thread's own trainStep (the reference a 1-shard pool must match)
  const pool = workers > 0 ? await startSupernetPool(net, method, { config, costs, file: 'test', backend, workers, shards }) : null;
  const numbers: number[][] = [];
  try {
    const order = data.order(1, 0);
    const targets = k.method === 'fbnet' ? (['w', 'arch', 'w'] as const) : (['w', 'w', 'w'] as const);
    for (const [i, target] of targets.entries()) {
      const batch = data.take(order, i);
      numbers.push(Object.values(pool ? parallelTrainStep(pool, ctx, target, batch) : trainStep(ctx, target, batch)));
      batch.x.dispose();
    }
  } finally {
    await pool?.close();
  }
  const state = [...net.state().map((a) => Array.from(a.data)), ...method.policy.parameters.map((p) => Array.from(p.variable.dataSync()))];
  optimizers.w.dispose();
  optimizers.arch?.dispose();
  method.policy.dispose();
  net.dispose();
  return { state, numbers };
}

const CASES: [string, Case, string][] = [
  ['wasm', { method: 'fbnet', scope: 'sample' }, 'FBNet, noise per image'],
  ['cpu', { method: 'fbnet', scope: 'batch' }, 'FBNet, noise per batch'],
  ['wasm', { method: 'spos' }, 'SPOS, single paths'],
];
for (const [backend, k, what] of CASES) {
  test(`${backend}, ${what}: 1 and 2 workers give bit-identical weights, statistics, θ and step numbers`, async () => {
    const one = await train(backend, 1, k);
    const two = await train(backend, 2, k);
    assert.deepEqual(two.numbers, one.numbers);
    assert.equal(two.state.length, one.state.length);
    one.state.forEach((a, i) => assert.deepEqual(two.state[i], a, `variable ${i}`));
    assert.ok(one.numbers.every((n) => n.every(Number.isFinite)), 'finite step numbers');
  });
}

// w, θ, w: the last w step's weights were not changed by the θ step, so the pool does not re-send
// them and the worker computes with its own copy — which must still be the current one.
test('wasm: a pool of 1 shard gives the single-thread step\'s bits (weights unchanged since the last step are not re-sent)', async () => {
  const k: Case = { method: 'fbnet', scope: 'batch' };
  const ref = await train('wasm', 0, k);
  const pooled = await train('wasm', 1, k, 1);
  assert.deepEqual(pooled.numbers, ref.numbers);
  ref.state.forEach((a, i) => assert.deepEqual(pooled.state[i], a, `variable ${i}`));
});

test('split: contiguous shards, sizes differ by at most one; assign: round robin over workers', () => {
  assert.deepEqual(split(13, 3), [{ start: 0, n: 5 }, { start: 5, n: 4 }, { start: 9, n: 4 }]);
  assert.deepEqual(split(2, 3).map((s) => s.n), [1, 1, 0]);
  assert.deepEqual([0, 1].map((k) => assign(5, 2, k)), [[0, 2, 4], [1, 3]]);
});

test('combine: size-weighted sum in shard order; a variable no shard wrote stays absent', () => {
  const l = makeLayout([{ name: 'a', shape: [2], trainable: true }, { name: 'b', shape: [1], trainable: true }], 2, 4, 1);
  const slots = Float32Array.from([1, 2, 9, 3, 4, 9]);
  const has = Uint8Array.from([1, 0, 1, 0]);
  const [a, b] = combine(l, slots, has, [1, 3]);
  assert.deepEqual(Array.from(a!), [0.25 * 1 + 0.75 * 3, 0.25 * 2 + 0.75 * 4]);
  assert.equal(b, null);
  // Three shards, one of which did not write the second variable: f32 sums in shard order.
  const l3 = makeLayout([{ name: 'a', shape: [5], trainable: true }, { name: 'b', shape: [3], trainable: true }], 3, 7, 1);
  const r = Rng.seeded(7);
  const s3 = Float32Array.from({ length: 3 * l3.total }, () => r.normal());
  const h3 = Uint8Array.from([1, 1, 1, 0, 1, 1]);
  const sizes = [3, 2, 2];
  const wt = sizes.map((k) => Math.fround(k / 7));
  const ref = (v: number, shards: number[]): number[] =>
    Array.from({ length: l3.vars[v]!.shape[0]! }, (_, i) => {
      const at = (s: number): number => s3[s * l3.total + l3.offsets[v]! + i]!;
      let acc = Math.fround(wt[shards[0]!]! * at(shards[0]!));
      for (const s of shards.slice(1)) acc = Math.fround(acc + Math.fround(wt[s]! * at(s)));
      return acc;
    });
  const [a3, b3] = combine(l3, s3, h3, sizes);
  assert.deepEqual(Array.from(a3!), ref(0, [0, 1, 2]));
  assert.deepEqual(Array.from(b3!), ref(1, [0, 2]));
  // The workers' slices of the variables are contiguous and cover every variable once.
  const big = makeLayout([5, 1, 1, 9, 2, 2].map((n, i) => ({ name: `v${i}`, shape: [n], trainable: true })), 2, 1, 1);
  for (const w of [1, 2, 3, 4]) {
    const slices = Array.from({ length: w }, (_, k) => sliceOf(big, w, k));
    assert.equal(slices[0]![0], 0);
    assert.equal(slices[w - 1]![1], 6);
    slices.slice(1).forEach((sl, k) => assert.equal(sl[0], slices[k]![1], `workers ${w}: slice ${k + 1} starts where ${k} ends`));
  }
});
