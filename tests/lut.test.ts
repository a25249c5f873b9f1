// build-lut's pieces: the context plan, drift removal, entries that add up, the end-to-end
// figures (on hand-made numbers), stratified check architectures, a measured table on a tiny
// space (schema-valid, re-measure path), the one cost interface, named errors, monotonicity.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { problemsOf } from '../src/artifacts/schemas.js';
import { Rng } from '../src/core/rng.js';
import { initBackend } from '../src/backend/index.js';
import { belowThresholds, calibrate, figures, kendall } from '../src/latency/agreement.js';
import { monotonicityWarnings } from '../src/latency/checks.js';
import { compareTables } from '../src/latency/compare.js';
import { choosePanel, panelFactor } from '../src/latency/panel.js';
import { contextTimings, predictContext } from '../src/latency/context.js';
import { LOCAL_CLOCKS, localLevels, normalise, type TimedSample } from '../src/latency/drift.js';
import { LookupMissError, LutMismatchError } from '../src/latency/errors.js';
import { candidatesAt, contextPlan, REFERENCE_KEY } from '../src/latency/plan.js';
import { stratifiedArchs } from '../src/latency/stratify.js';
import { archCost, checkStamp, costTable } from '../src/latency/table.js';
import { endToEndSection, lutDocument } from '../src/lut/document.js';
import { measureContext } from '../src/lut/measure.js';
import { lutSpace } from '../src/latency/space.js';
import { NodeRunner } from '../src/lut/node-runner.js';
import { candidatesHash, lutStamp } from '../src/lut/stamp.js';
import { blockCost } from '../src/ops/cost.js';
import { BLOCKS } from '../src/ops/register-all.js';
import { normalizeSpace } from '../src/spaces/normalize.js';
import type { LatencyTable, LutEntry } from '../src/types/generated.js';
import { archOf, lutGrid, tinyChain, tinyChainDoc } from './helpers/spaces.js';

const space = tinyChain({ layers: [{ cOut: 8, stride: 1 }, { cOut: 16, stride: 2 }], ops: ['ir_k3_e1', 'ir_k3_e6', 'skip'], head: { cOut: 16 } });
const grid = lutGrid(space);
const ALL = ['ir_k3_e1', 'ir_k3_e6', 'skip'];
const toArch = (choices: string[], name: string) => archOf(space, choices, name);
const settings = { warmup: 1, runs: 3, forwards: 1, clockEvery: 2, pilotRounds: 1, quantile: 0.5, spreadThreshold: 1e-9, maxRemeasure: 1 };

let measured: Promise<LatencyTable> | undefined;
/** One table measured on cpu for the whole file (the re-measure path runs: every model is "noisy"). */
function measuredLut(): Promise<LatencyTable> {
  measured ??= (async () => {
    const b = await initBackend('cpu', () => {});
    const runner = new NodeRunner({ runtime: 'node', backend: b.name, backendReason: b.reason, tfjsVersion: b.tfjsVersion, threads: b.threads }, 1);
    const logs: string[] = [];
    try {
      const r = await measureContext(runner, grid, { ...settings, rounds: settings.runs, archs: 4, fit: { archs: 1, swaps: true } }, 1, toArch, (m) => logs.push(m));
      assert.ok(logs.some((l) => /^re-measuring \d+ noisy fit network/.test(l)), 'the re-measure path ran');
      assert.ok([...r.remeasured.values()].every((v) => v === 1) && r.remeasured.size === r.fitNets.length, 'every fit network was re-measured');
      const fitSet = new Set([r.plan.reference, ...r.fitNets.map((n) => n.choices)].map((c) => c.join()));
      // 9 architectures: R, 4 swaps and the all-floor network leave 3, all kept for the check
      assert.deepEqual(r.fitNets.map((n) => n.key), [...r.plan.variants.map((v) => v.key), 'floor']);
      assert.ok(r.check.length > 0 && r.check.every((c) => !fitSet.has(c.choices.join())), 'no check architecture is in the fit set');
      return lutDocument(space, grid, r, lutStamp(space, grid, runner.info, 1), settings, { thresholds: { spearman: 0.9 } });
    } finally {
      await runner.close();
    }
  })();
  return measured;
}

test('fit.predicted: more fit networks stratified over the pilot\'s range join the fit set, never the check', async () => {
  const space3 = tinyChain({ layers: [{ cOut: 8, stride: 1 }, { cOut: 8, stride: 1 }, { cOut: 16, stride: 2 }], ops: ['ir_k3_e1', 'ir_k3_e6', 'skip'], head: { cOut: 16 } });
  const grid3 = lutGrid(space3);
  const b = await initBackend('cpu', () => {});
  const runner = new NodeRunner({ runtime: 'node', backend: b.name, backendReason: b.reason, tfjsVersion: b.tfjsVersion, threads: b.threads }, 1);
  const logs: string[] = [];
  try {
    const r = await measureContext(runner, grid3, { ...settings, maxRemeasure: 0, rounds: 2, archs: 4, fit: { archs: 3, swaps: false, predicted: 3 } }, 1, (c, n) => archOf(space3, c, n), (m) => logs.push(m));
    const extra = r.fitNets.filter((n) => n.key.startsWith('fit-p'));
    assert.equal(extra.length, 3);
    assert.ok(logs.some((l) => /^fit set: 3 more networks stratified over the pilot's predicted range/.test(l)), logs.join('\n'));
    const fitSet = new Set([r.plan.reference, ...r.fitNets.map((n) => n.choices)].map((c) => c.join()));
    assert.equal(fitSet.size, r.fitNets.length + 1, 'no network twice');
    assert.ok(r.check.every((c) => !fitSet.has(c.choices.join())), 'no check architecture is in the fit set');
    assert.equal(r.fit.networks, r.fitNets.length + 1, 'the extra networks are fitted');
  } finally {
    await runner.close();
  }
});

test('plan: the reference takes each layer\'s median-FLOPs candidate, the floor its fewest-FLOPs one; one variant per other (layer, candidate)', () => {
  const p = contextPlan(grid);
  assert.deepEqual(p.reference, ['ir_k3_e1', 'ir_k3_e1']);
  assert.deepEqual(p.floors, ['skip', 'skip']);
  assert.deepEqual(p.variants.map((v) => `${v.key}=${v.choices.join(',')}`), ['L0:ir_k3_e6=ir_k3_e6,ir_k3_e1', 'L0:skip=skip,ir_k3_e1', 'L1:ir_k3_e6=ir_k3_e1,ir_k3_e6', 'L1:skip=ir_k3_e1,skip']);
  const doc = tinyChainDoc({ layers: [{ cOut: 8, stride: 1 }, { cOut: 16, stride: 2 }], ops: ALL, head: { cOut: 16 } });
  if (doc.body.kind === 'chain') doc.body.layers![1]!.ops = ['ir_k3_e6', 'skip'];
  const perLayer = lutGrid(normalizeSpace(doc, 'per-layer.json'));
  assert.deepEqual(candidatesAt(perLayer, 1), ['ir_k3_e6', 'skip']);
  assert.equal(contextPlan(perLayer).variants.filter((v) => v.layer === 1).length, 1, 'a layer with its own list is planned from that list');
});

test('drift removal: a round in which the machine ran twice as slow gives the same corrected times', () => {
  const log: TimedSample[] = [];
  for (const [round, speed] of [[0, 1], [1, 2], [2, 1]] as const) {
    for (const [key, ms] of [[REFERENCE_KEY, 1], ['a', 3], [REFERENCE_KEY, 1], ['b', 0.5], [REFERENCE_KEY, 1]] as const) log.push({ key, ms: ms * speed, round });
  }
  const n = normalise(log, REFERENCE_KEY);
  assert.equal(n.clockMs, 1);
  assert.deepEqual(n.samples.get('a'), [3, 3, 3]);
  assert.deepEqual(n.samples.get('b'), [0.5, 0.5, 0.5]);
  assert.deepEqual(n.raw.get('a'), [3, 6, 3]);
  assert.throws(() => normalise([{ key: 'a', ms: 1, round: 0 }], REFERENCE_KEY), /round 0 holds no clock sample/);
});

test('drift removal is local: a speed switch inside a round is divided out by the clock samples around each model', () => {
  // one round: the machine runs at speed 1, then at 1.8x from the middle clock on
  const log: TimedSample[] = [
    { key: REFERENCE_KEY, ms: 1, round: 0 }, { key: 'a', ms: 3, round: 0 }, { key: REFERENCE_KEY, ms: 1, round: 0 },
    { key: REFERENCE_KEY, ms: 1.8, round: 0 }, { key: 'b', ms: 0.9, round: 0 }, { key: REFERENCE_KEY, ms: 1.8, round: 0 },
    { key: 'c', ms: 3.6, round: 0 },
  ];
  const n = normalise(log, REFERENCE_KEY, 0.5, 1); // one clock sample on each side
  const near = (a: number, b: number): void => assert.ok(Math.abs(a - b) < 1e-12, `${a} vs ${b}`);
  near(n.clockMs, 1.4); // the round's median clock sample
  near(n.samples.get('a')![0]!, 3 * 1.4); // bracketed by 1 and 1
  near(n.samples.get('b')![0]!, (0.9 * 1.4) / 1.8); // bracketed by 1.8 and 1.8
  near(n.samples.get('c')![0]!, (3.6 * 1.4) / 1.8); // after the last clock: that one alone
  assert.equal(localLevels([{ key: 'x', ms: 5, round: 0 }, { key: REFERENCE_KEY, ms: 2, round: 0 }], REFERENCE_KEY)[0], 2, 'before the first clock: that one alone');
  // the default: the median of the 3 nearest clock samples on each side (one outlier is ignored)
  const clocks = [1, 1, 9, 1, 1, 1, 1].map((ms) => ({ key: REFERENCE_KEY, ms, round: 0 }));
  const seq = [...clocks.slice(0, 3), { key: 'm', ms: 2, round: 0 }, ...clocks.slice(3)];
  assert.equal(LOCAL_CLOCKS, 3);
  assert.equal(localLevels(seq, REFERENCE_KEY)[3], 1);
  assert.equal(localLevels(seq, REFERENCE_KEY, 1)[3], 5, 'one on each side: the outlier counts half');
});

test('entries add up: from exact additive timings, entries are the marginal costs above the floor and every prediction is exact', () => {
  // Ground truth: 0.3 ms fixed (incl. upload/read-back) + per-layer block costs.
  const cost = [new Map([['ir_k3_e1', 0.2], ['ir_k3_e6', 0.5], ['skip', 0]]), new Map([['ir_k3_e1', 0.25], ['ir_k3_e6', 0.7], ['skip', 0.05]])];
  const truth = (choices: string[]): number => choices.reduce((s, b, l) => s + cost[l]!.get(b)!, 0.3);
  const p = contextPlan(grid);
  const samples = new Map(p.variants.map((v) => [v.key, [truth(v.choices), truth(v.choices)]]));
  const t = contextTimings(grid, p, { clockMs: truth(p.reference), clock: [truth(p.reference)], samples });
  const near = (a: number, b: number): void => assert.ok(Math.abs(a - b) < 1e-12, `${a} vs ${b}`);
  near(t.entries[0]!.get('ir_k3_e6')!.value, 0.5);
  near(t.entries[1]!.get('ir_k3_e6')!.value, 0.65); // above layer 1's floor (a 0.05 ms projection skip)
  near(t.entries[1]!.get('skip')!.value, 0);
  near(t.fixed.value, 0.35); // 0.3 + layer 1's floor
  for (const choices of [['skip', 'skip'], ['ir_k3_e6', 'ir_k3_e6'], ['ir_k3_e6', 'skip'], ['ir_k3_e1', 'ir_k3_e6']]) near(predictContext(t, choices), truth(choices));
});

test('end-to-end figures on hand-made predictions and measurements', () => {
  const f = figures([1, 2, 3, 4], [1.05, 3.2, 2.9, 4.0]);
  assert.equal(f.n, 4);
  assert.ok(Math.abs(f.spearman! - 0.8) < 1e-12);
  assert.ok(Math.abs(f.kendall! - 4 / 6) < 1e-12);
  assert.ok(Math.abs(f.mape! - (0.05 / 1.05 + 1.2 / 3.2 + 0.1 / 2.9 + 0) / 4) < 1e-12);
  assert.equal(f.within10, 0.75);
  assert.ok(Math.abs(f.meanRatio! - (1.05 + 1.6 + 2.9 / 3 + 1) / 4) < 1e-12);
  assert.ok(Math.abs(f.maxRatio! - 1.6) < 1e-12);
  assert.equal(kendall([1, 2, 3], [3, 2, 1]), -1);
  assert.deepEqual(belowThresholds(f, { spearman: 0.95, within10: 0.9, mape: 0.05, kendall: 0.5 }), ['Spearman 0.800 < 0.950', 'within ±10 % 75.0 % < 90.0 %', 'MAPE 11.4 % > 5.0 %']);
  const cal = calibrate([1, 2, 3, 4, 5], [2.5, 4.5, 6.5, 8.5, 10.5])!;
  assert.ok(Math.abs(cal.a - 0.5) < 1e-9 && Math.abs(cal.b - 2) < 1e-9);
  assert.ok(cal.figures.mape! < 1e-9 && cal.figures.within10 === 1);
  const sample = (lutMs: number, measuredMs: number) => ({ name: 'x', kind: 'stratified' as const, choices: [], lutMs, measuredMs, rawMs: measuredMs * 2 });
  const e = endToEndSection([sample(1, 1.05), sample(2, 3.2), sample(3, 2.9), sample(4, 4)], { thresholds: { spearman: 0.95 }, failBelow: { within10: 0.8 } });
  assert.deepEqual(e.below, ['Spearman 0.800 < 0.950']);
  assert.equal(e.failed, true);
  assert.equal(e.raw.within10, 0);
});

test('evaluate\'s panel: check architectures spread over their measured range, one per equal slice, cheapest first', () => {
  const samples = Array.from({ length: 20 }, (_, i) => ({ name: `check-${i}`, choices: ['a'], measuredMs: 1 + ((i * 7) % 20) / 10 }));
  const p = choosePanel(samples, 4);
  assert.deepEqual(p.map((x) => x.measuredMs), [1.2, 1.7, 2.2, 2.7]); // slices of 5 sorted values, each one's middle
  assert.equal(new Set(p.map((x) => x.name)).size, 4);
  assert.equal(choosePanel(samples, 0).length, 0);
  assert.equal(choosePanel(samples.slice(0, 3), 8).length, 3);
});

test('evaluate\'s panel sets the clock\'s level from re-timed networks, without absorbing the table\'s own error', () => {
  const panel = [1, 2, 3, 4, 5].map((ms, i) => ({ name: `p${i}`, choices: ['a'], measuredMs: ms }));
  // the machine now runs these 8 % slower (after R's correction), one of them 20 % slower: the median ignores it
  const now = new Map(panel.map((p, i) => [p.name, p.measuredMs * (i === 4 ? 1.2 : 1.08)]));
  const f = panelFactor(panel, (n) => now.get(n)!);
  assert.ok(Math.abs(f.factor - 1.08) < 1e-12);
  assert.deepEqual(f.ratios.map((r) => Number(r.toFixed(3))), [1.08, 1.08, 1.08, 1.08, 1.2]);
  // a model the table under-predicts by 15 % (predicted 2, true 2.3 at build) stays 15 % off once corrected
  assert.ok(Math.abs((2.3 * 1.08) / f.factor / 2 - 1.15) < 1e-12);
  assert.throws(() => panelFactor(panel, () => 0), /p0 has no positive latency/);
  assert.throws(() => panelFactor([], () => 1), /no architectures/);
});

test('stratified check architectures span the predicted range, cheapest to costliest, without repeats', () => {
  const costs = Array.from({ length: 6 }, (_, l) => new Map([['a', 0.1 * (l + 1)], ['b', 0.5], ['c', 1 + l], ['skip', 0]]));
  const picked = stratifiedArchs(costs, 0.2, 12, Rng.derived(1, 'test'));
  assert.equal(picked.length, 12);
  assert.equal(new Set(picked.map((p) => p.choices.join())).size, 12);
  assert.deepEqual(picked[0]!.choices, Array(6).fill('skip'));
  assert.deepEqual(picked.at(-1)!.choices, Array(6).fill('c'));
  const max = 0.2 + 21;
  const bins = new Set(picked.map((p) => Math.min(3, Math.floor((4 * (p.predicted - 0.2)) / (max - 0.2)))));
  assert.equal(bins.size, 4, 'every quarter of the range holds a check architecture');
});

test('a measured table (cpu, tiny space) is schema-valid: marginal entries, fixed entry, check with figures', async () => {
  const lut = await measuredLut();
  assert.deepEqual(problemsOf('lut', lut), []);
  assert.equal(lut.entries.length, 6);
  assert.equal(lut.stamp.runtime, 'node');
  assert.equal(lutSpace(lut, 'lut.json').hash, space.hash, 'the table names its space and grid');
  for (const e of lut.entries) {
    const layer = grid.layers[e.layer]!;
    assert.deepEqual(e.input, [layer.inHW[0], layer.inHW[1], layer.cIn]);
    assert.ok(e.latency.p10 <= e.latency.median && e.latency.median <= e.latency.p90);
    const c = blockCost(layer.cIn, layer.cOut, layer.stride, BLOCKS.get(e.block).op, e.input[0], e.input[1]);
    assert.equal(e.flops, c.flops);
    if (e.block === 'skip') assert.equal(e.latency.value, 0, 'the floor costs 0 above itself');
    assert.ok(e.latency.remeasured === 1 || e.block === lut.reference.floors[e.layer]);
  }
  const e2e = lut.checks.endToEnd;
  assert.ok(e2e.archs >= 3 && e2e.samples.some((s) => s.kind === 'uniform'));
  const t = costTable(lut, 'latency', 'lut.json');
  for (const s of e2e.samples) assert.ok(Math.abs(archCost(t, s.choices) - s.lutMs) < 1e-9, 'the check predicts through the one cost interface');
  assert.equal(lut.stamp.candidatesHash, candidatesHash(ALL));
});

test('one cost interface: latency, FLOPs or params per layer and candidate; an architecture costs fixed + its choices', async () => {
  const lut = await measuredLut();
  for (const metric of ['latency', 'flops', 'params'] as const) {
    const t = costTable(lut, metric, 'lut.json');
    const pick = (e: LutEntry): number => (metric === 'latency' ? e.latency.value : e[metric]);
    const e1 = lut.entries.find((e) => e.layer === 1 && e.block === 'ir_k3_e6')!;
    const e0 = lut.entries.find((e) => e.layer === 0 && e.block === 'skip')!;
    assert.equal(t.costs[1]![1], pick(e1));
    assert.equal(archCost(t, ['skip', 'ir_k3_e6']), t.fixed + pick(e0) + pick(e1));
  }
  assert.equal(costTable(lut, 'latency', 'x').fixed, lut.fixed.latency.value);
  assert.equal(costTable(lut, 'flops', 'x').fixed, lut.fixed.stem.flops + lut.fixed.head.flops);
});

test('two tables agree by the median relative difference of their entries; floors are left out', async () => {
  const a = structuredClone(await measuredLut());
  const b = structuredClone(a);
  const nonFloor = (t: LatencyTable) => t.entries.filter((e) => e.block !== t.reference.floors[e.layer]);
  nonFloor(a).forEach((e, i) => (e.latency.value = [1, 2, 3, 4][i]!));
  nonFloor(b).forEach((e, i) => (e.latency.value = [1.1, 2, 3.3, 4][i]!));
  b.fixed.latency.value = a.fixed.latency.value;
  const c = compareTables(a, b);
  assert.equal(c.entries, 4);
  assert.ok(Math.abs(c.medianRelDiff! - 0.1 / 1.05 / 2) < 1e-12);
  assert.ok(Math.abs(c.maxRelDiff! - 0.1 / 1.05) < 1e-12);
  assert.equal(c.fixedRelDiff, 0);
  // a machine twice as slow: every value and the reference doubled; scaled by the reference they agree
  const slow = structuredClone(a);
  slow.reference.clock.value *= 2;
  slow.fixed.latency.value *= 2;
  slow.entries.forEach((e) => (e.latency.value *= 2));
  const d = compareTables(a, slow);
  assert.ok(Math.abs(d.medianRelDiff! - 1 / 1.5) < 1e-12);
  assert.ok(Math.abs(d.scaled.medianRelDiff!) < 1e-12 && Math.abs(d.scaled.fixedRelDiff) < 1e-12);
});

test('a lookup miss is a named error, never a silent 0', async () => {
  const lut = structuredClone(await measuredLut());
  lut.entries = lut.entries.filter((e) => !(e.layer === 1 && e.block === 'ir_k3_e6'));
  assert.throws(() => costTable(lut, 'latency', 'artifacts/build-lut/lut.json'), (e: unknown) => e instanceof LookupMissError && /lut\.json: no latency entry for layer 1 candidate ir_k3_e6 \(input 4x4x8, cOut 16, stride 2\)/.test(e.message));
});

test('a table stamped for another space is refused', async () => {
  const lut = await measuredLut();
  checkStamp(lut, 'lut.json', space.hash, candidatesHash(ALL));
  const other = tinyChain({ layers: [{ cOut: 8, stride: 1 }], ops: ['skip'] });
  assert.throws(() => checkStamp(lut, 'lut.json', other.hash, candidatesHash(ALL)), (e: unknown) => e instanceof LutMismatchError && /stamp\.spaceHash expected/.test(e.message));
  assert.throws(() => checkStamp(lut, 'lut.json', space.hash, candidatesHash(['skip'])), LutMismatchError);
});

test('monotonicity: more expansion but faster, and faster than skip, are reported', () => {
  const t = (ms: number) => ({ value: ms, median: ms, p10: ms, p90: ms, runs: 3, remeasured: 0 });
  const ir = (kernel: number, expansion: number) => ({ kind: 'ir' as const, kernel, expansion, groups: 1, se: false, expandConv: expansion > 1 });
  const entry = (block: string, op: LutEntry['op'], ms: number): LutEntry => ({ layer: 2, block, op, input: [4, 4, 8], cOut: 8, stride: 1, latency: t(ms), flops: 0, params: 0 });
  const w = monotonicityWarnings([entry('ir_k3_e1', ir(3, 1), 0.5), entry('ir_k3_e6', ir(3, 6), 0.4), entry('ir_k5_e6', ir(5, 6), 0.9), entry('skip', { kind: 'skip' }, 0.45)]);
  assert.deepEqual(w, ['layer 2: ir_k3_e6 (0.400 ms) is faster than ir_k3_e1 (0.500 ms) despite more expansion', 'layer 2: ir_k3_e6 (0.400 ms) is faster than skip (0.450 ms)']);
});
test('build-lut sees other running stages by their live .tmp directories and waits for them', async () => {
  const { mkdtempSync, mkdirSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { runningStages, waitForIdle } = await import('../src/lut/idle.js');
  const dir = mkdtempSync(join(tmpdir(), 'nasflow-idle-'));
  try {
    mkdirSync(join(dir, `.tmp-prepare-data-${process.ppid}`)); // a live process
    mkdirSync(join(dir, '.tmp-retrain-999999999')); // no such process: left by a killed run
    mkdirSync(join(dir, `.tmp-build-lut-${process.pid}`)); // ourselves
    assert.deepEqual(runningStages(dir), [['prepare-data', process.ppid]]);
    const logs: string[] = [];
    setTimeout(() => rmSync(join(dir, `.tmp-prepare-data-${process.ppid}`), { recursive: true }), 400);
    assert.deepEqual(await waitForIdle(dir, 10_000, (m) => logs.push(m)), []);
    assert.match(logs[0]!, /waiting for prepare-data to finish/);
    mkdirSync(join(dir, `.tmp-prepare-data-${process.ppid}`));
    assert.deepEqual(await waitForIdle(dir, 300, (m) => logs.push(m)), ['prepare-data']);
    assert.match(logs.at(-1)!, /measuring while prepare-data still run/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
