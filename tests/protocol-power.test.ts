// What a protocol verdict can show (src/protocol/power.ts), on hand-made results: one training's
// noise pooled over repeated architectures, a band's true spread once that noise is taken out, and
// the simulated top-quartile chance at its limits (no noise: the truly best always passes; no
// spread: every place passes with the top quartile's share by symmetry).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bandSpread, comparisonNoise, topQuartileChance, trainingNoise, twoOfThree } from '../src/protocol/power.js';
import type { EvaluateResults } from '../src/types/generated.js';

const arch = (name: string, ...top1: number[]) => ({ name, test: { top1: top1[0]!, top5: 1 }, repeats: top1.slice(1).map((t, r) => ({ name: `${name}-repeat-${r + 1}`, test: { top1: t, top5: 1 } })) });
const results = (...archs: ReturnType<typeof arch>[]) => ({ archs }) as unknown as EvaluateResults;

test('noise: one training\'s std pooled over the architectures trained more than once', () => {
  // squares about the means: 0.0002 (2 trainings) + 0.0006 (3 trainings) over 1 + 2 degrees of freedom
  const n = trainingNoise(results(arch('a', 0.8, 0.82), arch('b', 0.9, 0.9, 0.93), arch('c', 0.5)));
  assert.equal(n.df, 3);
  assert.ok(Math.abs(n.std - Math.sqrt(0.0008 / 3)) < 1e-12);
  assert.equal(trainingNoise(results(arch('a', 0.8))).df, 0, 'nothing to pool without repeats');
});

test('comparison noise: a training-index effect every architecture shares is taken out; none, and it is the pooled noise', () => {
  // every architecture's r-th training moved by the same 0 / +0.02 / -0.02 (shared data order)
  const shifted = results(arch('a', 0.8, 0.82, 0.78), arch('b', 0.85, 0.87, 0.83), arch('c', 0.9, 0.92, 0.88), arch('d', 0.7));
  const c = comparisonNoise(shifted);
  assert.deepEqual([c.archs, c.trainings, c.df], [3, 3, 4], 'over the architectures with the most trainings');
  assert.ok(c.std < 1e-9, `nothing left: ${c.std}`);
  assert.ok(Math.abs(c.shared - 0.02) < 1e-9, `${c.shared}`);
  assert.ok(trainingNoise(shifted).std > 0.019, 'one training\'s own std still carries it');
  // opposite moves (no shared part): the residual is the pooled std on (A - 1)(R - 1) degrees of freedom
  const crossed = comparisonNoise(results(arch('a', 0.8, 0.82), arch('b', 0.82, 0.8)));
  assert.equal(crossed.df, 1);
  assert.ok(Math.abs(crossed.std - Math.sqrt(0.0004 / 1)) < 1e-12 && crossed.shared === 0, `${crossed.std} ${crossed.shared}`);
  assert.equal(comparisonNoise(results(arch('a', 0.8), arch('b', 0.9))).df, 0, 'nothing without repeats');
});

test('spread: the band means\' pooled std less the noise share of an R-training mean', () => {
  const r = results(arch('x1', 0.8, 0.8), arch('x2', 0.84, 0.84), arch('y1', 0.7, 0.7), arch('y2', 0.72, 0.72));
  const bands = { k: 2, width: 0.1, bands: [{ found: 'f', centerMs: 1, loMs: 0.9, hiMs: 1.1, archs: ['x1', 'x2'], tried: 2 }, { found: 'g', centerMs: 2, loMs: 1.8, hiMs: 2.2, archs: ['y1', 'y2'], tried: 2 }] };
  // means 0.80/0.84 and 0.70/0.72: squares 0.0008 + 0.0002 over 2 degrees of freedom
  const s = bandSpread(r, bands, 0.02);
  assert.equal(s.trainings, 2);
  assert.equal(s.means.df, 2);
  assert.ok(Math.abs(s.spread - Math.sqrt(0.0005 - 0.0004 / 2)) < 1e-12);
  assert.equal(bandSpread(r, bands, 1).spread, 0, 'noise larger than the spread leaves none');
});

test('chance: no noise, the truly best always passes and the median never; no spread, the top quartile\'s share', () => {
  const base = { k: 8, trainings: 1, draws: 4000, seed: 3 };
  assert.equal(topQuartileChance({ ...base, spread: 0.3, noise: 0, position: 1 }), 1);
  assert.equal(topQuartileChance({ ...base, spread: 0.3, noise: 0, position: 3 }), 1, 'two better is still the top quartile of 8');
  assert.equal(topQuartileChance({ ...base, spread: 0.3, noise: 0, position: 4 }), 0);
  const even = topQuartileChance({ ...base, spread: 0, noise: 0.5, position: 1 });
  assert.ok(Math.abs(even - 3 / 9) < 0.03, `${even} vs 3/9`);
  const p = [1, 2, 3, 5].map((position) => topQuartileChance({ ...base, spread: 0.3, noise: 0.48, position }));
  assert.ok(p[0]! > p[1]! && p[1]! > p[2]! && p[2]! > p[3]!, `falls with the true place: ${p}`);
  assert.ok(topQuartileChance({ ...base, spread: 0.3, noise: 0.48, position: 1, trainings: 5 }) > p[0]!, 'more trainings help the best');
  assert.equal(topQuartileChance({ ...base, spread: 0.3, noise: 0.48, position: 2 }), p[1], 'seeded');
  assert.throws(() => topQuartileChance({ ...base, spread: 0.3, noise: 0.48, position: 10 }), RangeError);
  assert.equal(twoOfThree(1), 1);
  assert.ok(Math.abs(twoOfThree(0.5) - 0.5) < 1e-12);
});
