// The evaluation protocol (issue 17), pure: latency-band sampling stays inside the band, draws
// distinct architectures, never the excluded (found) one, and fails clearly when the band is too
// thin; rank, top quartile, Pareto dominance and mean ± std on hand-made results.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ConfigError } from '../src/core/errors.js';
import { Rng } from '../src/core/rng.js';
import { inBand, sampleInBand } from '../src/protocol/band.js';
import { dominatedBy, dominates, meanStd, rankAmong, verdict } from '../src/protocol/verdict.js';
import { sampleKey } from '../src/spaces/choices.js';
import { sampleFromOps, sampleOps } from '../src/spaces/grid.js';
import { loadSpace } from '../src/spaces/load.js';
import { REPO } from './helpers/sandbox.js';
import { bandJobs } from '../src/protocol/band-jobs.js';
import { freeze } from '../src/spaces/freeze.js';
import type { CostTable } from '../src/latency/table.js';

const space = loadSpace(join(REPO, 'spaces', 'fmnist-small.json'));
const opCost: Record<string, number> = { skip: 0.01, ir_k3_e1: 0.05, ir_k5_e1: 0.06, ir_k3_e3: 0.1, ir_k5_e3: 0.12, ir_k3_e6: 0.18, ir_k5_e6: 0.22 };
const cost = (s: Record<string, string | number>): number => 0.1 + sampleOps(space, s).reduce((a, op) => a + opCost[op]!, 0);

test('band sampling: K distinct in-band samples, never the excluded one, seeded', () => {
  const found = sampleFromOps(space, ['ir_k3_e3', 'ir_k3_e3', 'ir_k3_e3', 'ir_k3_e3', 'ir_k3_e3', 'ir_k3_e3']);
  const band = { center: cost(found), width: 0.1 };
  const exclude = new Set([sampleKey(found)]);
  const r = sampleInBand(space, Rng.derived(1, 'band'), { k: 12, band, cost, exclude });
  assert.equal(r.draws.length, 12);
  for (const d of r.draws) {
    assert.ok(inBand(cost(d.sample), band), `${cost(d.sample)} outside ${band.center} ± 10 %`);
    assert.ok(Math.abs(d.cost - band.center) <= 0.1 * band.center + 1e-12);
    assert.ok(!exclude.has(sampleKey(d.sample)));
  }
  assert.equal(new Set(r.draws.map((d) => sampleKey(d.sample))).size, 12);
  assert.ok(r.tried > 12, 'rejection actually rejected out-of-band draws');
  const again = sampleInBand(space, Rng.derived(1, 'band'), { k: 12, band, cost, exclude });
  assert.deepEqual(again.draws, r.draws);
});

test('band sampling: a band that holds too few architectures fails with the config path', () => {
  // Only all-skip costs 0.16: a 0.1 % band around it holds no other architecture.
  const band = { center: 0.16, width: 0.001 };
  const found = sampleFromOps(space, Array(6).fill('skip'));
  assert.throws(
    () => sampleInBand(space, Rng.seeded(3), { k: 2, band, cost, exclude: new Set([sampleKey(found)]), maxTries: 5000, where: { file: 'retrain.yaml', path: '/protocol/band' } }),
    (e: unknown) => e instanceof ConfigError && /retrain\.yaml#\/protocol\/band: only 0 of 2/.test(e.message),
  );
});

test('dominance: strictly better on one axis, no worse on the other', () => {
  const f = { name: 'found', top1: 0.86, latencyMs: 0.3 };
  assert.ok(dominates({ name: 'b', top1: 0.87, latencyMs: 0.3 }, f));
  assert.ok(dominates({ name: 'b', top1: 0.86, latencyMs: 0.29 }, f));
  assert.ok(!dominates({ name: 'b', top1: 0.86, latencyMs: 0.3 }, f), 'equal does not dominate');
  assert.ok(!dominates({ name: 'b', top1: 0.9, latencyMs: 0.31 }, f), 'more accurate but slower');
  const base = [{ name: 'all-e6', top1: 0.8934, latencyMs: 0.82 }, { name: 'all-e1', top1: 0.8603, latencyMs: 0.44 }, { name: 'fast-good', top1: 0.87, latencyMs: 0.25 }];
  // The measured run: 86.14 % at 0.27 ms is not dominated by either uniform baseline.
  assert.deepEqual(dominatedBy({ name: 'found', top1: 0.8614, latencyMs: 0.27 }, base.slice(0, 2)), []);
  assert.deepEqual(dominatedBy({ name: 'found', top1: 0.8614, latencyMs: 0.27 }, base).map((b) => b.name), ['fast-good']);
});

test('rank among the band: ties share the better rank; top quartile allows ⌊K/4⌋ better', () => {
  const band = [0.8, 0.81, 0.82, 0.83, 0.84, 0.85, 0.86, 0.87].map((t, i) => ({ name: `r${i}`, top1: t, latencyMs: 0.3 }));
  const at = (top1: number) => rankAmong({ name: 'f', top1, latencyMs: 0.3 }, band);
  assert.deepEqual(at(0.9), { rank: 1, of: 9, percentile: 1, topQuartile: true });
  assert.deepEqual(at(0.86), { rank: 2, of: 9, percentile: 7 / 8, topQuartile: true });
  assert.deepEqual(at(0.855), { rank: 3, of: 9, percentile: 6 / 8, topQuartile: true });
  assert.deepEqual(at(0.845), { rank: 4, of: 9, percentile: 5 / 8, topQuartile: false });
  assert.deepEqual(at(0.7), { rank: 9, of: 9, percentile: 0, topQuartile: false });
});

test('mean ± sample std, and the verdict over several seeds', () => {
  const m = meanStd([0.8, 0.85, 0.9]);
  assert.ok(Math.abs(m.mean - 0.85) < 1e-12);
  assert.ok(Math.abs(m.std - 0.05) < 1e-12);
  assert.deepEqual(meanStd([2]), { mean: 2, std: 0, n: 1 });
  const band = (lo: number) => [0, 1, 2, 3, 4, 5, 6, 7].map((i) => ({ name: `b${i}`, top1: lo + i / 100, latencyMs: 0.3 }));
  const found = [
    { name: 's1', top1: 0.9, latencyMs: 0.3 }, // best of its band, not dominated
    { name: 's2', top1: 0.8, latencyMs: 0.3 }, // bottom of its band
    { name: 's3', top1: 0.865, latencyMs: 0.5 }, // second in its band but dominated by the fast baseline
  ];
  const v = verdict(found, [{ name: 'u', top1: 0.87, latencyMs: 0.4 }], (n) => band(n === 's2' ? 0.81 : 0.8));
  assert.deepEqual(v.perFound.map((p) => [p.rank?.rank, p.rank?.topQuartile, p.dominatedBy, p.pass]), [[1, true, [], true], [9, false, [], false], [2, true, ['u'], false]]);
  assert.equal(v.passes, 1);
  assert.ok(Math.abs(v.top1!.mean - (0.9 + 0.8 + 0.865) / 3) < 1e-12);
});

test('band jobs: one band per distinct found sample (seeds that agree share it), every job inside it', () => {
  const layers = space.body.kind === 'chain' ? space.body.layers : assert.fail('chain');
  const table: CostTable = { metric: 'latency', unit: 'ms', candidates: Object.keys(opCost), layerCandidates: layers.map((l) => [...l.ops.values]), uniform: true, costs: layers.map((l) => l.ops.values.map((v) => opCost[v]!)), fixed: 0.1 };
  const a = freeze(space, sampleFromOps(space, ['skip', 'ir_k3_e3', 'ir_k5_e6', 'ir_k3_e1', 'ir_k3_e6', 'skip']), 'a', { search: { method: 'fbnet' } });
  const b = freeze(space, sampleFromOps(space, Array(6).fill('ir_k3_e1')), 'b');
  const { jobs, bands } = bandJobs({ k: 8, width: 0.1 }, 1, [{ name: 'seed1', doc: a }, { name: 'seed2', doc: b }, { name: 'seed3', doc: a }], space, table, 'retrain.yaml');
  assert.equal(jobs.length, 16);
  assert.deepEqual(bands.map((x) => x.found), ['seed1', 'seed2', 'seed3']);
  assert.deepEqual(bands[2]!.archs, bands[0]!.archs, 'the same found sample shares its band');
  for (const band of bands.slice(0, 2)) {
    assert.ok(Math.abs(band.loMs - 0.9 * band.centerMs) < 1e-12 && Math.abs(band.hiMs - 1.1 * band.centerMs) < 1e-12);
    for (const name of band.archs) {
      const j = jobs.find((x) => x.name === name)!;
      const c = cost(j.doc.search!.sample);
      assert.ok(c >= band.loMs && c <= band.hiMs, `${name}: ${c} outside [${band.loMs}, ${band.hiMs}]`);
    }
  }
  assert.equal(new Set(jobs.map((j) => sampleKey(j.doc.search!.sample))).size, 16, 'no architecture drawn twice across bands');
});

test('summary: only random architectures whose LUT latency is in the band count; baselines judged on measured latency', async () => {
  const { protocolSummary } = await import('../src/protocol/summary.js');
  const arch = (name: string, kind: string, top1: number, predictedLatencyMs: number) => ({ name, kind, test: { top1 }, predictedLatencyMs });
  const results = { archs: [arch('f', 'found', 0.88, 1.0), arch('u1', 'baseline', 0.9, 3), arch('u2', 'baseline', 0.86, 0.5), arch('r-in', 'random', 0.89, 1.05), arch('r-in2', 'random', 0.8, 0.95), arch('r-out', 'random', 0.99, 1.2)] };
  const measured: Record<string, number> = { f: 0.3, u1: 0.9, u2: 0.2, 'r-in': 0.31, 'r-in2': 0.3, 'r-out': 0.4 };
  const s = protocolSummary(results as never, (n) => measured[n]!, { k: 2, width: 0.1, bands: [{ found: 'f', centerMs: 1, loMs: 0.9, hiMs: 1.1, archs: ['r-in', 'r-in2'], tried: 9 }] });
  const f = s.verdict.perFound[0]!;
  assert.deepEqual(f.band.map((b) => b.name), ['r-in', 'r-in2']);
  assert.deepEqual(f.rank, { rank: 2, of: 3, percentile: 0.5, topQuartile: false });
  assert.deepEqual(f.dominatedBy, []);
  assert.match(s.lines[0]!, /^FAIL — f \(88\.00 % at 0\.300 ms\) ranks 2 of 3/);
});

test('summary, cells: every random genotype is the band, and the line names those both more accurate and faster', async () => {
  const { protocolSummary } = await import('../src/protocol/summary.js');
  const arch = (name: string, kind: string, top1: number) => ({ name, kind, test: { top1 }, predictedLatencyMs: 1 });
  const results = { archs: [arch('f', 'found', 0.8377), arch('r0', 'random', 0.8468), arch('r1', 'random', 0.8413), arch('r2', 'random', 0.8285)] };
  const measured: Record<string, number> = { f: 3.408, r0: 4.591, r1: 3.933, r2: 3.377 };
  const s = protocolSummary(results as never, (n) => measured[n]!, undefined, true);
  assert.deepEqual(s.verdict.perFound[0]!.rank, { rank: 3, of: 4, percentile: 1 / 3, topQuartile: false });
  assert.match(s.lines[0]!, /^FAIL — f \(83\.77 % at 3\.408 ms\) ranks 3 of 4 against the 3 random genotypes retrained in the same layout, not in the top quartile, and is not Pareto-dominated by any uniform baseline; no random genotype is both more accurate and faster\.$/);
  measured.r1 = 3.3;
  const t = protocolSummary(results as never, (n) => measured[n]!, undefined, true);
  assert.match(t.lines[0]!, /; Pareto-dominated by the random genotype r1\.$/);
});

test('summary with retrain repeats: rank and dominance on each architecture\'s mean test top-1', async () => {
  const { protocolSummary, meanTop1 } = await import('../src/protocol/summary.js');
  const rep = (...top1: number[]) => top1.map((t, r) => ({ name: `x-repeat-${r + 1}`, test: { top1: t }, val: {}, bestEpoch: 0 }));
  const arch = (name: string, kind: string, top1: number[], predictedLatencyMs: number) => ({ name, kind, test: { top1: top1[0] }, repeats: rep(...top1.slice(1)), predictedLatencyMs });
  // Training 0 alone: f (0.880) trails r-lucky (0.885); over two trainings f averages 0.880 and
  // r-lucky 0.875, so f ranks first; u's mean (0.879) no longer dominates f's.
  const results = { archs: [arch('f', 'found', [0.88, 0.88], 1), arch('u', 'baseline', [0.886, 0.872], 0.5), arch('r-lucky', 'random', [0.885, 0.865], 1), arch('r2', 'random', [0.87, 0.87], 1)] };
  const measured: Record<string, number> = { f: 0.3, u: 0.2, 'r-lucky': 0.3, r2: 0.3 };
  const bands = { k: 2, width: 0.1, bands: [{ found: 'f', centerMs: 1, loMs: 0.9, hiMs: 1.1, archs: ['r-lucky', 'r2'], tried: 2 }] };
  const s = protocolSummary(results as never, (n) => measured[n]!, bands);
  assert.equal(s.trainings, 2);
  assert.deepEqual(s.verdict.perFound[0]!.rank, { rank: 1, of: 3, percentile: 1, topQuartile: true });
  assert.deepEqual(s.verdict.perFound[0]!.dominatedBy, []);
  assert.match(s.lines.at(-1)!, /mean over its 2 trainings/);
  // the same results with training 0 only: f ranks second and u dominates it
  const once = { archs: results.archs.map((a) => ({ ...a, repeats: undefined })) };
  const t = protocolSummary(once as never, (n) => measured[n]!, bands);
  assert.equal(t.trainings, 1);
  assert.deepEqual([t.verdict.perFound[0]!.rank?.rank, t.verdict.perFound[0]!.dominatedBy], [2, ['u']]);
  assert.ok(Math.abs(meanTop1({ test: { top1: 0.9, top5: 1 }, repeats: rep(0.8, 0.7) as never }) - 0.8) < 1e-12);
});

test('retrain repeats: each architecture followed by its other trainings, named, own seed, same document otherwise', async () => {
  const { withRepeats } = await import('../src/retrain/plan.js');
  const { archSeed } = await import('../src/retrain/job.js');
  const doc = freeze(space, sampleFromOps(space, Array(6).fill('ir_k3_e1')), 'a');
  const jobs = [{ name: 'a', kind: 'found' as const, doc }, { name: 'b', kind: 'random' as const, doc: { ...doc, name: 'b' } }];
  assert.deepEqual(withRepeats(jobs, 1), jobs, 'repeats 1 (the default) adds nothing');
  const r = withRepeats(jobs, 3);
  assert.deepEqual(r.map((j) => [j.name, j.kind, j.repeatOf]), [['a', 'found', undefined], ['a-repeat-1', 'found', 'a'], ['a-repeat-2', 'found', 'a'], ['b', 'random', undefined], ['b-repeat-1', 'random', 'b'], ['b-repeat-2', 'random', 'b']]);
  assert.deepEqual({ ...r[1]!.doc, name: 'a' }, doc, 'the same architecture under its own name');
  assert.equal(new Set(r.map((j) => archSeed(1, j.name))).size, 6, 'every training has its own seed');
});

test('retrain logs fold an architecture\'s other trainings into a count', async () => {
  const { countOf, describeJobs, withRepeats } = await import('../src/retrain/plan.js');
  const doc = freeze(space, sampleFromOps(space, Array(6).fill('ir_k3_e1')), 'a');
  const jobs = [{ name: 'a', kind: 'found' as const, doc }, { name: 'b', kind: 'random' as const, doc }];
  assert.equal(countOf(jobs), '2 architectures');
  assert.equal(describeJobs(jobs), 'a [found], b [random]');
  assert.equal(countOf(withRepeats(jobs, 3)), '2 architectures (6 trainings)');
  assert.equal(countOf(withRepeats(jobs.slice(0, 1), 2), 'baseline'), '1 baseline (2 trainings)');
  assert.equal(describeJobs(withRepeats(jobs, 3)), 'a [found] ×3, b [random] ×3');
});
