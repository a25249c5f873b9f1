// Pieces of the supernet, each against an independent statement of what it must compute:
// Gumbel-max sampling frequencies = softmax(θ); straight-through weights (forward one-hot,
// gradient of the soft weights); hard mode runs only the sampled candidate; per-sample noise gives
// one row per image; the three loss forms against their formulas; spec and cost checks.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '../src/core/rng.js';
import { ConfigError } from '../src/core/errors.js';
import { useBackend } from '../src/ops/testing.js';
import { sampleLayer } from '../src/supernet/gumbel.js';
import { checkCostScale, supernetLoss } from '../src/supernet/loss.js';
import { trainMix } from '../src/supernet/mixing.js';
import { MixedLayer } from '../src/supernet/mixed-layer.js';
import { checkCosts, checkSpec, SpecError } from '../src/supernet/spec.js';
import { softmax } from '../src/supernet/theta-stats.js';
import { costTableOf, runTiny, TEST_BLOCKS, tinySpec } from './supernet-helpers.js';

before(async () => assert.ok(await useBackend('cpu')));

test('Gumbel-max: argmax(θ + g) is distributed as softmax(θ)', () => {
  const theta = [0, 1, 2, -1];
  const rng = Rng.seeded(11);
  const counts = [0, 0, 0, 0];
  const n = 20000;
  for (let i = 0; i < n; i++) counts[sampleLayer(theta, 1, rng, 'hard').argmax[0]!]!++;
  softmax(theta).forEach((p, i) => assert.ok(Math.abs(counts[i]! / n - p) < 0.015, `candidate ${i}: ${counts[i]! / n} vs ${p}`));
});

test('soft mode runs every candidate; hard mode the picked ones; per-sample noise has one row per image', () => {
  const rng = Rng.seeded(2);
  assert.deepEqual(sampleLayer([0, 0, 0], 1, rng, 'soft').active, [0, 1, 2]);
  const hard = sampleLayer([0, 0, 0], 1, rng, 'hard');
  assert.deepEqual(hard.active, [hard.argmax[0]]);
  const perSample = sampleLayer([0, 0, 0], 64, rng, 'hard');
  assert.equal(perSample.noise.length, 64 * 3);
  assert.deepEqual(perSample.active, [...new Set(perSample.argmax)].sort());
  assert.ok(perSample.active.length > 1, 'different images pick different candidates');
});

test('straight-through weights: forward one-hot, gradient of the soft weights', () => {
  const theta = tf.variable(tf.tensor1d([0.3, -0.2, 0.5]));
  const s = sampleLayer([0.3, -0.2, 0.5], 1, Rng.seeded(5), 'hard');
  const r = tf.tensor2d([[1.5, -2, 0.7]]);
  const m = tf.tidy(() => trainMix(theta, s, 0.7, 'hard').m.arraySync());
  assert.deepEqual(m[0], [0, 1, 2].map((i) => (i === s.argmax[0] ? 1 : 0)));
  // τ = 5: soft enough that the gradient through the softmax is far from zero.
  const grad = (mode: 'soft' | 'hard'): number[] =>
    tf.tidy(() => Array.from(Object.values(tf.variableGrads(() => tf.sum(tf.mul(trainMix(theta, s, 5, mode).m, r)) as tf.Scalar, [theta]).grads)[0]!.dataSync()));
  const [soft, hard] = [grad('soft'), grad('hard')];
  soft.forEach((g, i) => assert.ok(Math.abs(g - hard[i]!) < 1e-6, `dθ_${i}: hard ${hard[i]} vs soft ${g}`));
  assert.ok(soft.some((g) => Math.abs(g) > 1e-3));
});

test('a hard-mode layer runs only the sampled candidate; its cost is that candidate\'s', () => {
  const calls: string[] = [];
  const spy = { get: (name: string) => ({ create: (cIn: number, cOut: number, stride: number) => {
    const b = TEST_BLOCKS.get(name).create(cIn, cOut, stride);
    return Object.assign(Object.create(b) as typeof b, { apply: (x: tf.Tensor4D, t: boolean) => (calls.push(name), b.apply(x, t)) });
  } }) };
  const layer = new MixedLayer(0, { cIn: 8, cOut: 8, stride: 1 }, ['ir_k3_e1', 'ir_k3_e3', 'skip'], [1, 2, 3], spy, 1);
  const s = sampleLayer([0, 0, 0], 1, Rng.seeded(9), 'hard');
  const theta = tf.variable(tf.zeros([3]));
  const cost = tf.tidy(() => {
    const mix = trainMix(theta, s, 1, 'hard');
    layer.apply(tf.ones([2, 4, 4, 8]), mix, true);
    return layer.cost(mix).dataSync()[0];
  });
  assert.deepEqual(calls, [['ir_k3_e1', 'ir_k3_e3', 'skip'][s.argmax[0]!]]);
  assert.equal(cost, [1, 2, 3][s.argmax[0]!]);
  theta.dispose();
  layer.dispose();
});

test('loss forms: paper CE·α·log(C)^β, additive CE + λ·log C, reference α·β·CE·log C', () => {
  const ce = [0.5, 1.5];
  const cost = [4, 9];
  const run = (f: Parameters<typeof supernetLoss>[2], scale: number): number[] =>
    tf.tidy(() => {
      const p = supernetLoss(tf.tensor1d(ce), tf.tensor1d(cost), f, scale);
      return [p.loss, p.ce, p.costTerm].map((t) => t.dataSync()[0]!);
    });
  const close = (a: number, b: number): void => assert.ok(Math.abs(a - b) < 1e-5 * Math.max(1, Math.abs(b)), `${a} vs ${b}`);
  const L = (i: number, s: number): number => Math.log(s * cost[i]!);
  const paper = run({ form: 'paper', alpha: 0.2, beta: 0.6 }, 2);
  close(paper[0]!, (ce[0]! * 0.2 * L(0, 2) ** 0.6 + ce[1]! * 0.2 * L(1, 2) ** 0.6) / 2);
  close(paper[1]!, 1);
  const add = run({ form: 'additive', lambda: 0.3 }, 1);
  close(add[0]!, 1 + (0.3 * (L(0, 1) + L(1, 1))) / 2);
  const ref = run({ form: 'reference', alpha: 0.2, beta: 0.6 }, 1);
  close(ref[0]!, (0.2 * 0.6 * (ce[0]! * L(0, 1) + ce[1]! * L(1, 1))) / 2);
  // The paper's β is an exponent: at β = 0 the cost term is the constant α.
  close(run({ form: 'paper', alpha: 0.2, beta: 0 }, 1)[2]!, 0.2);
});

test('a cost scale that makes log C <= 0 is refused with the numbers', () => {
  assert.throws(() => checkCostScale(0.5, { form: 'paper', alpha: 0.2, beta: 0.6 }, 1, 'c.yaml'), (e: unknown) => e instanceof ConfigError && /costs 0\.5 .*scale 1 = 0\.5.*> 1/.test(e.message));
  checkCostScale(0.5, { form: 'paper', alpha: 0.2, beta: 0.6 }, 10, 'c.yaml');
  checkCostScale(0.5, { form: 'additive', lambda: 1 }, 1, 'c.yaml');
});

test('spec checks: broken channel chain and mismatched cost table are named', () => {
  const spec = tinySpec(['skip', 'ir_k3_e1']);
  assert.throws(() => checkSpec({ ...spec, layers: [{ index: 0, cIn: 8, cOut: 8, stride: 1 }, { index: 1, cIn: 16, cOut: 8, stride: 1 }] }, 'lut.json'), (e: unknown) => e instanceof SpecError && /layers\/1\/cIn: layer 1 expects cIn 8 \(from layer 0\), found 16/.test(e.message));
  assert.throws(() => checkCosts(spec, costTableOf(['skip', 'ir_k3_e3'], [[1, 1], [1, 1]], 0), 'lut.json'), /ir_k3_e3.*skip, ir_k3_e1/);
  assert.throws(() => checkCosts(spec, costTableOf(['skip', 'ir_k3_e1'], [[1, NaN], [1, 1]], 0), 'lut.json'), /costs\/0\/1/);
});

test('per-sample noise in hard mode trains: θ moves, history has finite losses', { timeout: 60_000 }, async () => {
  const candidates = ['ir_k3_e1', 'skip'];
  const { result, net } = await runTiny({
    spec: tinySpec(candidates, 1), costs: costTableOf(candidates, [[2, 1]], 3), epochs: 1, batch: 8, limits: { train_w: 2, train_theta: 2, valImages: 8 },
    strategy: { mode: 'hard', scope: 'sample', evalMix: 'argmax', loss: { form: 'paper', alpha: 0.2, beta: 0.6 } },
  });
  const [rec] = result.history;
  assert.ok(rec && Number.isFinite(rec.w.loss) && rec.arch && Number.isFinite(rec.arch.loss), JSON.stringify(rec));
  const theta = result.selected.arrays.find((a) => a.name === 'theta.0')!.data;
  assert.ok(theta.some((t) => Math.abs(t) > 1e-4), `θ moved: ${Array.from(theta)}`);
  net.dispose();
});
