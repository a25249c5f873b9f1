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
