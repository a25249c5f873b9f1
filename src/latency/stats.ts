// Timing statistics: median and the 10th/90th percentiles of a list of run times, the relative
// spread used to decide re-measurement, and Spearman rank correlation for the end-to-end check.
import { quantileSorted, sampleRankCorrelation } from 'simple-statistics';

export interface Summary {
  median: number;
  p10: number;
  p90: number;
  runs: number;
}

export function summarize(times: number[]): Summary {
  if (times.length === 0) throw new RangeError('summarize: no timings');
  const s = [...times].sort((a, b) => a - b);
  return { median: quantileSorted(s, 0.5), p10: quantileSorted(s, 0.1), p90: quantileSorted(s, 0.9), runs: s.length };
}

/** (p90 - p10) / median: 0 for perfectly repeatable runs. */
export function spread(s: Summary): number {
  return s.median > 0 ? (s.p90 - s.p10) / s.median : 0;
}

/** Spearman's rho, or null when it is undefined (fewer than 3 points, or all ranks tied). */
export function spearman(a: number[], b: number[]): number | null {
  if (a.length < 3 || a.length !== b.length) return null;
  const r = sampleRankCorrelation(a, b);
  return Number.isFinite(r) ? r : null;
}

export function median(xs: number[]): number {
  return summarize(xs).median;
}
