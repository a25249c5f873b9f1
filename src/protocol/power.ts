// How much a protocol verdict can show, from evaluate's results with retrain repeats. Pure.
//   noise   one training's test top-1 std: the std of an architecture's trainings about their
//           mean, pooled over every architecture trained more than once; and what a comparison
//           sees: the same less the training index's effect shared by all (comparisonNoise)
//   spread  how much a latency band's architectures truly differ: the pooled within-band std of
//           the members' R-training means, less the part the noise explains (σ²/R)
//   chance  Monte Carlo: the found architecture truly the p-th best of its band of K + 1 (true
//           top-1 normal with std `spread`), every architecture's score the mean of R trainings
//           with std `noise`; the share of draws where at most ⌊K/4⌋ band members score higher
// Format: top-1 as fractions (0..1), like results.json.
import { Rng } from '../core/rng.js';
import type { EvaluateResults, RetrainBands } from '../types/generated.js';
import { meanTop1, trainingsTop1 } from './summary.js';
import { meanStd } from './verdict.js';

export interface Pooled {
  std: number;
  /** Degrees of freedom the pooled std rests on (0: nothing to pool). */
  df: number;
}

/** The std of values about their group's mean, pooled over the groups of two or more. */
function pooled(groups: readonly number[][]): Pooled {
  let ss = 0;
  let df = 0;
  for (const { std, n } of groups.filter((g) => g.length > 1).map(meanStd)) {
    ss += std ** 2 * (n - 1);
    df += n - 1;
  }
  return { std: df ? Math.sqrt(ss / df) : NaN, df };
}

/** One training's test top-1 std, pooled over the architectures trained more than once. */
export function trainingNoise(results: EvaluateResults): Pooled {
  return pooled(results.archs.map(trainingsTop1));
}

export interface ComparisonNoise extends Pooled {
  /** The std of the training-index effects: the part of the noise every architecture's r-th training shares. */
  shared: number;
  /** Architectures and trainings it rests on (those with the most trainings). */
  archs: number;
  trainings: number;
}

/**
 * The noise a comparison between architectures sees: what is left of a training's top-1 once its
 * architecture's mean and its training index's effect (y_ar = μ_a + δ_r + ε_ar) are taken out,
 * over the architectures with the most trainings. Under retrain `dataOrder: shared` the r-th
 * trainings share their data, and δ_r (common to all) cancels from every rank; under `own` it is
 * near 0 and this is trainingNoise's figure on R − 1 fewer degrees of freedom.
 */
export function comparisonNoise(results: EvaluateResults): ComparisonNoise {
  const all = results.archs.map(trainingsTop1);
  const R = Math.max(0, ...all.map((t) => t.length));
  const y = all.filter((t) => t.length === R);
  const A = y.length;
  if (R < 2 || A < 2) return { std: NaN, df: 0, shared: NaN, archs: A, trainings: R };
  const archMean = y.map((t) => meanStd(t).mean);
  const trainMean = Array.from({ length: R }, (_, r) => meanStd(y.map((t) => t[r]!)).mean);
  const grand = meanStd(archMean).mean;
  let ss = 0;
  y.forEach((t, a) => t.forEach((v, r) => (ss += (v - archMean[a]! - trainMean[r]! + grand) ** 2)));
  const df = (A - 1) * (R - 1);
  const residual = ss / df;
  // E[var of training means] = var(δ) + residual / A
  const shared = Math.sqrt(Math.max(0, meanStd(trainMean).std ** 2 - residual / A));
  return { std: Math.sqrt(residual), df, shared, archs: A, trainings: R };
}

/** The bands' pooled std of member means, and the true spread once the noise is taken out. */
export function bandSpread(results: EvaluateResults, bands: RetrainBands, noise: number): { means: Pooled; trainings: number; spread: number } {
  const byName = new Map(results.archs.map((a) => [a.name, a]));
  // seeds that found the same architecture share one band record: count its members once
  const members = [...new Map(bands.bands.map((b) => [b.archs.join('\n'), b.archs])).values()];
  const groups = members.map((names) => names.map((n) => byName.get(n)).filter((a) => a !== undefined));
  const means = pooled(groups.map((g) => g.map(meanTop1)));
  const counts = groups.flat().map((a) => trainingsTop1(a).length);
  const trainings = counts.length ? Math.min(...counts) : 1;
  return { means, trainings, spread: Math.sqrt(Math.max(0, means.std ** 2 - noise ** 2 / trainings)) };
}

export interface ChanceSettings {
  spread: number;
  noise: number;
  /** Random architectures in the band. */
  k: number;
  /** Trainings averaged per architecture. */
  trainings: number;
  /** The found architecture's true place among the k + 1 (1 = best). */
  position: number;
  draws: number;
  seed: number;
}

/** Chance that the found architecture lands in its band's top quartile. */
export function topQuartileChance(s: ChanceSettings): number {
  if (s.position < 1 || s.position > s.k + 1) throw new RangeError(`position ${s.position} outside 1..${s.k + 1}`);
  const rng = Rng.derived(s.seed, 'protocol/power');
  const scored = (truth: number): number => {
    let sum = 0;
    for (let r = 0; r < s.trainings; r++) sum += rng.normal();
    return truth + (s.noise * sum) / s.trainings;
  };
  let hits = 0;
  for (let d = 0; d < s.draws; d++) {
    const truth = Array.from({ length: s.k + 1 }, () => s.spread * rng.normal()).sort((a, b) => b - a);
    const found = scored(truth[s.position - 1]!);
    let better = 0;
    truth.forEach((t, i) => {
      if (i !== s.position - 1 && scored(t) > found) better++;
    });
    if (better <= Math.floor(s.k / 4)) hits++;
  }
  return hits / s.draws;
}

/** At least 2 of 3 independent seeds pass, each with chance p. */
export function twoOfThree(p: number): number {
  return 3 * p * p * (1 - p) + p ** 3;
}
