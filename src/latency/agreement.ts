// How well a table's predictions match measured whole models (pure): Spearman's ρ and Kendall's
// τ-b (does it rank architectures right?), the mean absolute percentage error |p − m| / m, the
// share of architectures predicted within ±10 % of measured (nn-Meter's figure), mean and worst
// measured/predicted ratio; thresholds turn them into a verdict; an optional linear calibration
// m ≈ a + b·p is judged by leave-one-out, so its figures are out-of-sample.
import { spearman } from './stats.js';

export interface Figures {
  n: number;
  spearman: number | null;
  kendall: number | null;
  /** Mean |predicted − measured| / measured. */
  mape: number | null;
  /** Share of architectures with |predicted − measured| / measured ≤ 0.1. */
  within10: number | null;
  meanRatio: number | null;
  /** Largest measured/predicted or its inverse. */
  maxRatio: number | null;
}

export interface Thresholds {
  spearman?: number;
  kendall?: number;
  within10?: number;
  /** Upper bound. */
  mape?: number;
}

/** Kendall's τ-b (ties in either list counted as neither concordant nor discordant); null when undefined. */
export function kendall(a: number[], b: number[]): number | null {
  if (a.length < 3 || a.length !== b.length) return null;
  let c = 0, d = 0, ta = 0, tb = 0;
  for (let i = 0; i < a.length; i++) {
    for (let j = i + 1; j < a.length; j++) {
      const x = Math.sign(a[i]! - a[j]!);
      const y = Math.sign(b[i]! - b[j]!);
      if (x === 0 && y === 0) continue;
      if (x === 0) ta++;
      else if (y === 0) tb++;
      else if (x === y) c++;
      else d++;
    }
  }
  const den = Math.sqrt((c + d + ta) * (c + d + tb));
  return den > 0 ? (c - d) / den : null;
}

export function figures(predicted: number[], measured: number[]): Figures {
  const n = Math.min(predicted.length, measured.length);
  if (n === 0) return { n: 0, spearman: null, kendall: null, mape: null, within10: null, meanRatio: null, maxRatio: null };
  const err = measured.map((m, i) => Math.abs(predicted[i]! - m) / m);
  // A prediction of 0 has no ratio (it still counts in MAPE and within ±10 %).
  const ratios = measured.map((m, i) => m / predicted[i]!).filter((r) => Number.isFinite(r) && r > 0);
  return {
    n,
    spearman: spearman(predicted, measured),
    kendall: kendall(predicted, measured),
    mape: err.reduce((a, b) => a + b, 0) / n,
    within10: err.filter((e) => e <= 0.1 + 1e-12).length / n,
    meanRatio: ratios.length ? ratios.reduce((a, b) => a + b, 0) / ratios.length : null,
    maxRatio: ratios.length ? Math.max(...ratios.map((r) => Math.max(r, 1 / r))) : null,
  };
}

/** Human-readable failures of `f` against `t` (empty when every given threshold holds). */
export function belowThresholds(f: Figures, t: Thresholds): string[] {
  const out: string[] = [];
  const low = (name: keyof Figures & keyof Thresholds, label: string, pct = false): void => {
    const want = t[name];
    const got = f[name];
    if (want === undefined) return;
    const show = (v: number): string => (pct ? `${(100 * v).toFixed(1)} %` : v.toFixed(3));
    if (got === null) out.push(`${label} undefined (need ${show(want)})`);
    else if (name === 'mape' ? got > want : got < want) out.push(`${label} ${show(got)} ${name === 'mape' ? '>' : '<'} ${show(want)}`);
  };
  low('spearman', 'Spearman');
  low('kendall', 'Kendall τ');
  low('within10', 'within ±10 %', true);
  low('mape', 'MAPE', true);
  return out;
}

/** Least-squares m ≈ a + b·p. */
export function fitLine(p: number[], m: number[]): { a: number; b: number } {
  const n = p.length;
  const mp = p.reduce((s, x) => s + x, 0) / n;
  const mm = m.reduce((s, x) => s + x, 0) / n;
  const sxx = p.reduce((s, x) => s + (x - mp) ** 2, 0);
  const b = sxx > 0 ? p.reduce((s, x, i) => s + (x - mp) * (m[i]! - mm), 0) / sxx : 1;
  return { a: mm - b * mp, b };
}

/** The calibration fitted on all points, and the figures of its leave-one-out predictions. */
export function calibrate(p: number[], m: number[]): { a: number; b: number; figures: Figures } | null {
  if (p.length < 4) return null;
  const loo = p.map((_, i) => {
    const { a, b } = fitLine(p.filter((_, j) => j !== i), m.filter((_, j) => j !== i));
    return a + b * p[i]!;
  });
  return { ...fitLine(p, m), figures: figures(loo, m) };
}
