// The fitted latency table on timings made by hand (pure, fast): exact recovery of additive
// entries, non-additive timings absorbed far better than single-swap marginals, negative entries
// pinned at 0, ridge chosen by cross-validation, per-round spread, and a check that is held out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../src/core/rng.js';
import { figures } from '../src/latency/agreement.js';
import { predictContext } from '../src/latency/context.js';
import type { TimedSample } from '../src/latency/drift.js';
import { normalise } from '../src/latency/drift.js';
import { type FitLayout, type FitPoint, fitTable, predictFitted } from '../src/latency/fit.js';
import { fitFromLog } from '../src/latency/fit-context.js';
import { chooseRidge, fittedTimings, RIDGE_GRID } from '../src/latency/fit-select.js';
import { PRIOR_FEATURES, blockFeatures, featurePrior, rawFeatures } from '../src/latency/fit-prior.js';
import { contextPlan, REFERENCE_KEY } from '../src/latency/plan.js';
import { stratifiedArchs } from '../src/latency/stratify.js';
import { fitNetworks } from '../src/lut/measure.js';
import { lutGrid, tinyChain } from './helpers/spaces.js';

const L = 6;
const layout: FitLayout = { candidates: Array.from({ length: L }, () => ['a', 'b', 'c', 's']), floors: Array(L).fill('s') };
// ground truth: 0.4 ms fixed; per layer a < b < c, s (the floor) costs 0 above it
const cost = Array.from({ length: L }, (_, l) => new Map([['a', 0.1 + 0.02 * l], ['b', 0.3 + 0.01 * l], ['c', 0.6 - 0.03 * l], ['s', 0]]));
const additive = (ch: string[]): number => ch.reduce((s, c, l) => s + cost[l]!.get(c)!, 0.4);
const randomArchs = (n: number, seed: string): string[][] => {
  const rng = Rng.derived(7, seed);
  return Array.from({ length: n }, () => Array.from({ length: L }, () => ['a', 'b', 'c', 's'][rng.int(0, 3)]!));
};
const near = (a: number, b: number, tol = 1e-6): void => assert.ok(Math.abs(a - b) < tol, `${a} vs ${b}`);

test('fit: exact additive timings give back every entry and the fixed cost', () => {
  const points = randomArchs(40, 'exact').map((choices) => ({ choices, ms: additive(choices) }));
  const f = fitTable(layout, points, { ridge: 1e-9, scale: 1 });
  near(f.fixed, 0.4);
  for (let l = 0; l < L; l++) for (const c of ['a', 'b', 'c', 's']) near(f.entries[l]!.get(c)!, cost[l]!.get(c)!);
  assert.deepEqual(f.pinned, []);
  // a strong prior equal to the truth changes nothing; a strong wrong prior pulls entries to it
  near(fitTable(layout, points, { ridge: 100, scale: 1, prior: cost }).entries[2]!.get('b')!, 0.32);
  const wrong = cost.map(() => new Map([['a', 1], ['b', 1], ['c', 1]]));
  assert.ok(fitTable(layout, points, { ridge: 1e6, scale: 1, prior: wrong }).entries[2]!.get('b')! > 0.9);
});

test('fit: non-additive timings (blocks interact) are absorbed far better than single-swap marginals', () => {
  // interactions: the whole costs a concave function of the blocks' sum (what one block adds
  // shrinks as the network grows, as measured here), and two costly neighbours cost 0.15 ms more
  const truth = (ch: string[]): number => {
    let t = 0.4 + 1.2 * (additive(ch) - 0.4) ** 0.6;
    for (let l = 1; l < L; l++) if (ch[l] === 'c' && ch[l - 1] === 'c') t += 0.15;
    return t;
  };
  const R = Array(L).fill('b');
  // swap marginals around R: R with c at l minus R with the floor at l; fixed = R minus its entries
  const swap = Array.from({ length: L }, (_, l) => new Map(['a', 'b', 'c', 's'].map((c): [string, number] => {
    const at = (x: string): string[] => R.map((r, i) => (i === l ? x : r));
    return [c, truth(at(c)) - truth(at('s'))];
  })));
  const swapFixed = truth(R) - R.reduce((s, c, l) => s + swap[l]!.get(c)!, 0);
  const fitSet = randomArchs(80, 'fit');
  const heldOut = randomArchs(60, 'held-out').filter((a) => !fitSet.some((b) => b.join() === a.join()));
  const f = fitTable(layout, fitSet.map((choices) => ({ choices, ms: truth(choices) })), { ridge: 1e-6, scale: truth(R) });
  const measured = heldOut.map(truth);
  const fitted = figures(heldOut.map((a) => predictFitted(f, a)), measured);
  const swaps = figures(heldOut.map((a) => a.reduce((s, c, l) => s + swap[l]!.get(c)!, swapFixed)), measured);
  // measured on this data: fitted MAPE 2.6 %, 98 % within ±10 %, worst ratio 1.13; swaps 4.6 %, 86 %, 1.34
  assert.ok(fitted.mape! < 0.04 && fitted.mape! < 0.65 * swaps.mape!, `MAPE: fitted ${fitted.mape} vs swaps ${swaps.mape}`);
  assert.ok(fitted.within10! >= 0.95 && fitted.within10! > swaps.within10!, `within ±10 %: fitted ${fitted.within10} vs swaps ${swaps.within10}`);
  assert.ok(fitted.maxRatio! < swaps.maxRatio!, `worst ratio: fitted ${fitted.maxRatio} vs swaps ${swaps.maxRatio}`);
});

test('fit: an entry the data puts below the floor is pinned at 0 and named; the rest refitted', () => {
  const neg = cost.map((m, l) => (l === 1 ? new Map([...m, ['a', -0.05]]) : m));
  const ms = (ch: string[]): number => ch.reduce((s, c, l) => s + neg[l]!.get(c)!, 0.4);
  const f = fitTable(layout, randomArchs(60, 'neg').map((choices) => ({ choices, ms: ms(choices) })), { ridge: 1e-9, scale: 1 });
  assert.deepEqual(f.pinned, ['layer 1 a']);
  assert.equal(f.entries[1]!.get('a'), 0);
  assert.ok(Object.values(f.entries).every((m) => [...m.values()].every((v) => v >= 0)));
  near(f.entries[3]!.get('c')!, 0.51, 0.05);
});

test('fit: with the all-floor network timed, fixed is its latency, not fitted; entries fit the rest', () => {
  // timings whose additive fixed part is negative (what noise did to a 5-round table): left free,
  // the fit puts fixed below 0; the all-floor network was measured at 0.3 ms
  const points = randomArchs(60, 'fixed').filter((ch) => additive(ch) - 0.6 > 0.2).map((choices) => ({ choices, ms: additive(choices) - 0.6 }));
  const free = fitTable(layout, points, { ridge: 1e-9, scale: 1 });
  assert.ok(free.fixed <= 0, `free fit fixed ${free.fixed}`);
  const f = fitTable(layout, points, { ridge: 1e-9, scale: 1, floorMs: 0.3 });
  assert.equal(f.fixed, 0.3);
  assert.ok(f.entries.every((m) => [...m.values()].every((v) => v >= 0)));
  assert.equal(predictFitted(f, Array(L).fill('s')), 0.3);
  // exact additive timings with the true floor latency give back every entry
  const exact = fitTable(layout, randomArchs(40, 'exact').map((choices) => ({ choices, ms: additive(choices) })), { ridge: 1e-9, scale: 1, floorMs: 0.4 });
  assert.equal(exact.fixed, 0.4);
  for (let l = 0; l < L; l++) for (const c of ['a', 'b', 'c']) near(exact.entries[l]!.get(c)!, cost[l]!.get(c)!);
  assert.deepEqual(exact.pinned, []);
  assert.throws(() => fitTable(layout, points, { ridge: 1, scale: 1, floorMs: 0 }), /all-floor network's latency must be positive/);
});

test('ridge by cross-validation: a right prior under noisy data wins a large λ, a wrong prior under exact data a small one', () => {
  const rng = Rng.derived(3, 'noise');
  const archs = randomArchs(30, 'cv');
  const noisy: FitPoint[] = archs.map((choices) => ({ choices, ms: additive(choices) * (1 + 0.15 * (rng.float() - 0.5)) }));
  assert.ok(chooseRidge(layout, noisy, { scale: 2, prior: cost }).ridge >= 10);
  const wrong = cost.map(() => new Map([['a', 1], ['b', 1], ['c', 1]]));
  const exact: FitPoint[] = archs.map((choices) => ({ choices, ms: additive(choices) }));
  const c = chooseRidge(layout, exact, { scale: 2, prior: wrong });
  assert.equal(c.ridge, RIDGE_GRID[0]);
  assert.equal(c.folds, 5);
  assert.ok(c.cv[0]!.mape < c.cv.at(-1)!.mape, 'the CV errors are reported per λ');
});

test('fitted timings: value from the fit, median/p10/p90 over the per-round fits, runs = rounds', () => {
  const pts = (scale: number): FitPoint[] => randomArchs(30, 'rounds').map((choices) => ({ choices, ms: additive(choices) * scale }));
  const o = { ridge: 1e-9, scale: 1 };
  const perRound = [0.9, 1, 1.1, 1.2, 0.8].map((k) => fitTable(layout, pts(k), o));
  const t = fittedTimings(layout, fitTable(layout, pts(1), o), perRound, (l, c) => (l === 0 && c === 'a' ? 2 : 0));
  const e = t.entries[2]!.get('b')!;
  near(e.value, 0.32);
  near(e.median, 0.32);
  near(e.p10, 0.32 * 0.84); // the 10th and 90th percentiles of the rounds' 0.8 … 1.2 (interpolated)
  near(e.p90, 0.32 * 1.16);
  assert.equal(e.runs, 5);
  assert.ok(e.p10 <= e.median && e.median <= e.p90);
  assert.equal(t.entries[0]!.get('a')!.remeasured, 2);
  assert.equal(t.entries[0]!.get('s')!.value, 0);
  near(t.fixed.median, 0.4);
});

test('fitFromLog reads only the fit set: the check architectures are held out', () => {
  const space = tinyChain({ layers: [{ cOut: 8, stride: 1 }, { cOut: 8, stride: 1 }, { cOut: 16, stride: 2 }], ops: ['ir_k3_e1', 'ir_k3_e6', 'skip'], head: { cOut: 16 } });
  const grid = lutGrid(space);
  const plan = contextPlan(grid);
  const c = new Map([['ir_k3_e1', 0.2], ['ir_k3_e6', 0.5], ['skip', 0]]);
  const truth = (ch: string[]): number => ch.reduce((s, b) => s + c.get(b)!, 0.3);
  const nets = [...plan.variants.map((v) => ({ key: v.key, choices: v.choices })), { key: 'fit-0', choices: ['ir_k3_e6', 'ir_k3_e6', 'skip'] }];
  const checkArch = ['skip', 'ir_k3_e6', 'ir_k3_e6'];
  const logOf = (checkMs: number): TimedSample[] => {
    const log: TimedSample[] = [];
    for (let round = 0; round < 4; round++) {
      const speed = [1, 0.9, 1.1, 1.2][round]!; // median level with round 4's: 1
      log.push({ key: REFERENCE_KEY, ms: truth(plan.reference) * speed, round });
      for (const n of nets) log.push({ key: n.key, ms: truth(n.choices) * speed, round });
      log.push({ key: 'check-0', ms: checkMs * speed, round }, { key: REFERENCE_KEY, ms: truth(plan.reference) * speed, round });
    }
    // a re-measure round that times one network only: not a full round
    log.push({ key: REFERENCE_KEY, ms: truth(plan.reference), round: 4 }, { key: 'fit-0', ms: truth(nets.at(-1)!.choices), round: 4 });
    return log;
  };
  const s = { swaps: true, ridge: 1e-9 };
  const a = fitFromLog(grid, plan, nets, normalise(logOf(truth(checkArch)), REFERENCE_KEY), 0.5, s);
  const b = fitFromLog(grid, plan, nets, normalise(logOf(50), REFERENCE_KEY), 0.5, s);
  assert.deepEqual(b.timings, a.timings, 'the check timings do not move the fit');
  near(predictContext(a.timings, checkArch), truth(checkArch));
  assert.equal(a.rounds, 4);
  assert.equal(a.networks, nets.length + 1);
  near(a.inSample.mape!, 0);
  assert.throws(() => fitFromLog(grid, plan, [...nets, { key: 'check-1', choices: checkArch }], normalise(logOf(1), REFERENCE_KEY), 0.5, s), /no samples for fit network check-1/);
});

test('stratified picks never include an excluded architecture', () => {
  const costs = Array.from({ length: 3 }, () => new Map([['a', 0.1], ['b', 0.5], ['s', 0]]));
  const exclude = new Set(['s s s', 'b b b', 'a b s']);
  const picked = stratifiedArchs(costs, 0.1, 10, Rng.derived(1, 'x'), undefined, exclude);
  assert.equal(picked.length, 10);
  assert.ok(picked.every((p) => !exclude.has(p.choices.join(' '))));
});

test('the fit set: swaps, the all-floor network and random networks, never the reference twice; a small space keeps architectures for the check', () => {
  const space = tinyChain({ layers: [{ cOut: 8, stride: 1 }, { cOut: 8, stride: 1 }, { cOut: 16, stride: 2 }], ops: ['ir_k3_e1', 'ir_k3_e6', 'skip'], head: { cOut: 16 } });
  const grid = lutGrid(space);
  const plan = contextPlan(grid);
  const nets = fitNetworks(grid, plan, { archs: 60, swaps: true }, 1, 12);
  const keys = nets.map((n) => n.choices.join());
  assert.equal(new Set(keys).size, keys.length, 'no network twice');
  assert.ok(!keys.includes(plan.reference.join()), 'R is the clock, not a fit network');
  assert.equal(nets.filter((n) => n.key.startsWith('fit-')).length, 27 - 8 - 12, 'random networks capped so 12 of the 27 architectures stay unused');
  const noSwaps = fitNetworks(grid, plan, { archs: 5, swaps: false }, 1);
  assert.deepEqual(noSwaps.map((n) => n.key), ['floor', 'fit-0', 'fit-1', 'fit-2', 'fit-3', 'fit-4']);
});

test('feature prior: timings made from the analytic features give those coefficients back', () => {
  // grouped and ungrouped, k3 and k5, e1..e6, and stride-1 layers with and without a residual add
  const space = tinyChain({ layers: [{ cOut: 8, stride: 1 }, { cOut: 8, stride: 1 }, { cOut: 16, stride: 2 }, { cOut: 16, stride: 1 }], ops: ['ir_k3_e1', 'ir_k3_e6', 'ir_k5_e3', 'ir_k3_e1_g2', 'ir_k5_e1', 'skip'], head: { cOut: 16 } });
  const grid = lutGrid(space);
  const plan = contextPlan(grid);
  const t = { candidates: grid.layers.map((l) => l.candidates), floors: plan.floors };
  const feats = blockFeatures(grid, t);
  const truth = [0.02, 0.05, 0.01, 0.03, 0.04, 0.015];
  const entry = (l: number, b: string): number => feats[l]!.get(b)!.reduce((s, v, i) => s + truth[i]! * v, 0);
  const ms = (ch: string[]): number => ch.reduce((s, b, l) => s + entry(l, b), 0.3);
  const rng = Rng.derived(1, 'features');
  const pts = Array.from({ length: 80 }, () => grid.layers.map((l) => l.candidates[rng.int(0, l.candidates.length - 1)]!)).map((choices) => ({ choices, ms: ms(choices) }));
  const p = featurePrior(grid, t, pts);
  near(p.coefficients.fixed, 0.3, 1e-4);
  PRIOR_FEATURES.forEach((f, i) => near(p.coefficients[f], truth[i]!, 2e-3)); // the tiny space makes some features nearly collinear
  for (const [l, m] of p.entries.entries()) for (const [b, v] of m) near(v, Math.max(0, entry(l, b)), 1e-4);
  assert.equal(p.entries[0]!.get(plan.floors[0]!), 0);
  // what the features say about the blocks: a grouped block dispatches grouped kernels, a
  // stride-1 same-width ir block adds a residual, an e1 block has no expand conv
  const raw = (l: number, b: string): Record<(typeof PRIOR_FEATURES)[number], number> => Object.fromEntries(PRIOR_FEATURES.map((f, i) => [f, rawFeatures(grid, l, b)[i]!])) as Record<(typeof PRIOR_FEATURES)[number], number>;
  assert.equal(raw(1, 'ir_k3_e1_g2').groupedKernel, raw(1, 'ir_k3_e1_g2').kernel);
  assert.equal(raw(1, 'ir_k3_e1').groupedKernel, 0);
  assert.equal(raw(1, 'ir_k3_e6').residual, 1);
  assert.equal(raw(2, 'ir_k3_e6').residual, 0, 'stride 2: no residual');
  assert.equal(raw(1, 'ir_k3_e6').kernel, raw(1, 'ir_k5_e1').kernel + 1, 'e6 expands with one more 1x1 conv');
  near(raw(1, 'ir_k5_e1').depthwiseMflop, (25 / 9) * raw(1, 'ir_k3_e1').depthwiseMflop, 1e-12);
});
