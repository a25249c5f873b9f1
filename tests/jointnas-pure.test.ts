// FBNetV3's pure rooms: the Sobol sequence (known 2-D points, 1-D stratification, seeds), the
// joint encoding, Kendall/Spearman against scipy's documented values, the early-stop choice on
// hand-made learning curves, the Sobol pool and the evolution never leaving the constraints, the
// recipe applied to retrain's config, and none of these rooms loading TF.js.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { costsOf, meets, resolveLimits } from '../src/jointnas/constraints.js';
import { chooseEarlyStop } from '../src/jointnas/early-stop.js';
import { discreteChoices, encode, encoding, sampleAt } from '../src/jointnas/encode.js';
import { evolveJoint } from '../src/jointnas/evolve.js';
import { sobolPool } from '../src/jointnas/pool.js';
import { kendall, spearman } from '../src/jointnas/rank.js';
import { sobolPoints } from '../src/jointnas/sobol.js';
import { applyRecipe } from '../src/retrain/recipe.js';
import { validateSample } from '../src/spaces/choices.js';
import { freshEvolution } from '../src/strategies/evolution.js';
import type { RetrainConfig } from '../src/types/generated.js';
import { jointSpace, jointTables } from './helpers/jointnas.js';

test('Sobol: the unshifted 2-D sequence starts with the textbook points', () => {
  assert.deepEqual(sobolPoints(2, 4, null), [[0.5, 0.5], [0.75, 0.25], [0.25, 0.75], [0.375, 0.375]]);
});

test('Sobol: every dimension is stratified (one point per 1/2^k bin, with the skipped origin), seeds shift it', () => {
  const k = 5;
  for (const seed of [null, 1, 2]) {
    const pts = sobolPoints(13, 2 ** k - 1, seed);
    for (let d = 0; d < 13; d++) {
      const bins = new Set(pts.map((p) => Math.floor(p[d]! * 2 ** k)));
      assert.equal(bins.size, 2 ** k - 1, `dimension ${d}, seed ${seed}: ${bins.size} distinct bins`);
      assert.ok(pts.every((p) => p[d]! >= 0 && p[d]! < 1));
    }
  }
  assert.notDeepEqual(sobolPoints(3, 4, 1), sobolPoints(3, 4, 2));
  assert.deepEqual(sobolPoints(3, 4, 1), sobolPoints(3, 4, 1));
  assert.deepEqual(sobolPoints(3, 6, 1).slice(2), sobolPoints(3, 4, 1, 2), 'start continues the same sequence');
  assert.throws(() => sobolPoints(33, 1, 1), /dimension 33/);
});

test('encoding: architecture first (one-hot ops), then the recipe (normalised numbers, one-hot categories)', () => {
  const space = jointSpace();
  const e = encoding(space.choices);
  assert.equal(e.archLength, 9, '3 layers x 3 ops one-hot');
  assert.equal(e.length, 9 + 1 + 1 + 2 + 2);
  const s = { 'layers.0.op': 'skip', 'layers.1.op': 'ir_k3_e1', 'layers.2.op': 'ir_k3_e3', 'recipe.lr': 0.3, 'recipe.epochs': 2, 'recipe.labelSmoothing': 0.1, 'recipe.ema': 'off' };
  const x = encode(e, s);
  assert.deepEqual(x.slice(0, 9), [0, 0, 1, 1, 0, 0, 0, 1, 0]);
  assert.ok(Math.abs(x[9]! - 1) < 1e-12, 'lr at the top of its log range');
  assert.deepEqual(x.slice(10), [0, 0, 1, 1, 0]);
  assert.throws(() => encode(e, { ...s, 'recipe.ema': 'maybe' }), /recipe.ema/);
  const corner = sampleAt(space.choices, space.choices.map(() => 0.999));
  validateSample(space, corner);
  assert.equal(corner['recipe.epochs'], 3);
  const grid = discreteChoices(space.choices, 4).find((c) => c.label === 'recipe.lr')!;
  assert.equal(grid.values.length, 4);
  assert.ok(grid.values.every((v) => Number(v) >= 0.01 && Number(v) <= 0.3));
});

test('rank correlations match scipy (documented examples, ties included)', () => {
  assert.ok(Math.abs(kendall([12, 2, 1, 12, 2], [1, 4, 7, 1, 0]) - -0.47140452079103173) < 1e-12);
  assert.ok(Math.abs(spearman([1, 2, 3, 4, 5], [5, 6, 7, 8, 7]) - 0.8207826816681233) < 1e-12);
  assert.ok(Math.abs(spearman([1, 2, 3], [3, 2, 1]) + 1) < 1e-12);
  assert.equal(kendall([1, 2, 3], [1, 1, 1]), 0, 'a constant list carries no ranking');
});

test('early stop: the first epoch whose ranking matches the final one; shorter recipes count with their last value', () => {
  // Epoch 1 ranks the candidates backwards, epoch 2 already in the final order.
  const curves = [
    [0.5, 0.6, 0.7, 0.8],
    [0.45, 0.62, 0.72, 0.82],
    [0.4, 0.64, 0.74, 0.84],
    [0.35, 0.66, 0.76, 0.86],
    [0.3, 0.68, 0.78, 0.88],
  ];
  const c = chooseEarlyStop(curves, 0.92);
  assert.equal(c.epoch, 2);
  assert.ok(c.reached);
  assert.ok(Math.abs(c.correlations[0]!.spearman + 1) < 1e-12);
  // A ranking that settles only at the end: the last epoch, not reached.
  const late = chooseEarlyStop([[0.9, 0.6, 0.3], [0.8, 0.5, 0.4], [0.7, 0.7, 0.5]], 0.92);
  assert.deepEqual([late.epoch, late.reached], [3, false]);
  // A 2-epoch recipe among 3-epoch ones: at epoch 3 it stays at its final value.
  const mixed = chooseEarlyStop([[0.6, 0.7], [0.5, 0.55, 0.6], [0.4, 0.5, 0.65], [0.3, 0.45, 0.5]], 0.9, 'kendall');
  assert.equal(mixed.correlations.length, 3);
  assert.ok(mixed.epoch >= 1 && mixed.epoch <= 3);
  assert.throws(() => chooseEarlyStop([[1], [2]], 0.9), /at least 3/);
});

test('every Sobol pool sample meets the constraints (and the constraints do refuse some)', () => {
  const space = jointSpace();
  const tables = jointTables();
  const limits = resolveLimits({ latency: { fraction: 0.4 }, params: { max: 70 } }, tables, 'cfg', '/constraints');
  const pool = sobolPool(space, tables, limits, { size: 60, maxPoints: 2000, seed: 4 });
  assert.equal(pool.members.length, 60);
  assert.ok(pool.refused > 0, 'the limits are tight enough to refuse points');
  for (const m of pool.members) {
    validateSample(space, m.sample);
    assert.ok(meets(costsOf(space, tables, m.sample), limits), `${JSON.stringify(m.sample)} breaks ${JSON.stringify(limits)}`);
  }
  assert.equal(new Set(pool.members.map((m) => JSON.stringify(m.sample))).size, 60, 'no duplicates');
  assert.throws(() => resolveLimits({ latency: { max: 0.01 } }, tables, 'cfg', '/constraints'), /no architecture fits/);
});

test('the predictor-scored evolution never scores nor returns a sample outside the constraints', async () => {
  const space = jointSpace();
  const tables = jointTables();
  const limits = resolveLimits({ latency: { fraction: 0.3 }, flops: { fraction: 0.5 } }, tables, 'cfg', '/constraints');
  // A scorer that prefers the dearest block (ir_k3_e3, the middle one-hot entry of each layer):
  // unconstrained, the evolution would leave the limits.
  const e = encoding(space.choices);
  const score = async (s: Record<string, string | number>): Promise<number> => encode(e, s).reduce((a, v, i) => a + v * (i < e.archLength && i % 3 === 1 ? 3 : 1), 0);
  const settings = { population: 12, generations: 6, parents: 4, mutations: 5, mutationProb: 0.3, crossovers: 4, maxTries: 50, levels: 5, count: 3 };
  const r = await evolveJoint(space, tables, limits, settings, score, freshEvolution(9), () => {});
  assert.ok(r.state.refused.length > 0, 'proposals outside the limits were refused');
  for (const s of [...r.state.scored, ...r.winners]) assert.ok(meets(costsOf(space, tables, s.sample), limits), JSON.stringify(s.sample));
  assert.equal(r.winners.length, 3);
});

test('a searched recipe overrides retrain settings; an unknown name is refused', () => {
  const base = { epochs: 3, lr: 0.1, weightDecay: 5e-5, labelSmoothing: 0, augment: { cropPadding: 0, flip: false }, momentum: 0.9 } as RetrainConfig;
  const doc = { schema: 'arch/v2', name: 'a', input: [8, 8, 1], classes: 4, body: { kind: 'chain', stem: { cOut: 8, stride: 1 }, rows: [], head: { cOut: 16 } }, recipe: { lr: 0.2, epochs: 4, augment: 2, ema: 'on', optimizer: 'adam', dropout: 0.2, labelSmoothing: 0.1 } } as never;
  const r = applyRecipe(base, doc, 'a.json');
  assert.deepEqual([r.config.lr, r.config.epochs, r.config.augment.cropPadding, r.config.ema, r.config.optimizer, r.config.labelSmoothing], [0.2, 4, 2, 0.99, 'adam', 0.1]);
  assert.equal((r.doc.body as { head: { dropout: number } }).head.dropout, 0.2);
  assert.equal(base.lr, 0.1, 'the config is not mutated');
  assert.throws(() => applyRecipe(base, { ...(doc as object), recipe: { warmup: 3 } } as never, 'a.json'), /a.json#\/recipe\/warmup/);
  assert.throws(() => applyRecipe(base, { ...(doc as object), recipe: { epochs: 2.5 } } as never, 'a.json'), /positive integer/);
});

const ROOT = resolve(import.meta.dirname, '..');
const IMPORT = /^\s*(?:import|export)\s+(?!type\b)(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/gm;
function reachable(entry: string): Map<string, string[]> {
  const seen = new Map<string, string[]>([[entry, [entry]]]);
  const queue = [entry];
  while (queue.length) {
    const file = queue.shift()!;
    for (const [, spec] of readFileSync(join(ROOT, file), 'utf8').matchAll(IMPORT)) {
      const target = spec!.startsWith('.') ? join(dirname(file), spec!).replace(/\.js$/, '.ts') : spec!;
      if (seen.has(target)) continue;
      seen.set(target, [...seen.get(file)!, target]);
      if (spec!.startsWith('.')) queue.push(target);
    }
  }
  return seen;
}

test('the FBNetV3 pure rooms (encoding, Sobol, pool, early stop, ranks, constraints, evolution, recipe) never load TF.js', () => {
  for (const entry of ['src/jointnas/encode.ts', 'src/jointnas/sobol.ts', 'src/jointnas/pool.ts', 'src/jointnas/early-stop.ts', 'src/jointnas/rank.ts', 'src/jointnas/constraints.ts', 'src/jointnas/evolve.ts', 'src/retrain/recipe.ts']) {
    for (const [mod, chain] of reachable(entry)) assert.ok(!mod.startsWith('@tensorflow/'), `${entry} loads ${mod} via ${chain.join(' -> ')}`);
  }
  assert.ok(reachable('src/jointnas/predictor.ts').has('@tensorflow/tfjs-core'), 'the check sees the predictor\'s TF.js');
});
