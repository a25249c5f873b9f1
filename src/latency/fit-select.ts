// Choosing and summarising a fitted table (pure). The ridge weight λ is chosen by k-fold
// cross-validation over the fit networks alone (interleaved folds; the candidate λ with the lowest
// out-of-fold MAPE; ties: the larger λ), never with the end-to-end check's architectures. The
// entries' spread comes from the same fit repeated on each full round alone: median, p10 and p90
// over rounds, runs = the number of rounds; `value` is the fit to the networks' own latencies.
import type { Timing } from '../types/generated.js';
import { quantile } from './drift.js';
import { type FitLayout, type FitOptions, type FitPoint, type FittedTable, fitTable, predictFitted } from './fit.js';

export const RIDGE_GRID = [0.001, 0.01, 0.1, 1, 10, 100, 1000];

export interface RidgeChoice {
  ridge: number;
  folds: number;
  /** Per candidate λ (RIDGE_GRID order): the out-of-fold mean absolute percentage error. */
  cv: { ridge: number; mape: number }[];
}

/** Out-of-fold predictions of every point under one λ (point i is in fold i mod `folds`). */
export function outOfFold(t: FitLayout, points: FitPoint[], o: FitOptions, folds: number): number[] {
  const pred = new Array<number>(points.length).fill(NaN);
  for (let f = 0; f < folds; f++) {
    const train = points.filter((_, i) => i % folds !== f);
    if (!train.length) continue;
    const fit = fitTable(t, train, o);
    points.forEach((p, i) => {
      if (i % folds === f) pred[i] = predictFitted(fit, p.choices);
    });
  }
  return pred;
}

/** The λ of the lowest out-of-fold MAPE; ties: the larger λ (the stronger pull). */
export function lowestMape(cv: { ridge: number; mape: number }[]): number {
  return cv.reduce((b, c) => (c.mape < b.mape - 1e-12 || (Math.abs(c.mape - b.mape) <= 1e-12 && c.ridge > b.ridge) ? c : b)).ridge;
}

export function chooseRidge(t: FitLayout, points: FitPoint[], o: Omit<FitOptions, 'ridge'>, grid: number[] = RIDGE_GRID, folds = 5): RidgeChoice {
  const k = Math.max(2, Math.min(folds, points.length));
  const cv = grid.map((ridge) => {
    const pred = outOfFold(t, points, { ...o, ridge }, k);
    const errs = points.map((p, i) => Math.abs(pred[i]! - p.ms) / p.ms);
    return { ridge, mape: errs.reduce((a, b) => a + b, 0) / errs.length };
  });
  return { ridge: lowestMape(cv), folds: k, cv };
}

/**
 * Timings of a fitted table: `value`s from `fit`, median/p10/p90 from `perRound` (the same fit on
 * each round's samples alone), runs = rounds; `remeasured(l, c)` as recorded by the caller.
 */
export function fittedTimings(t: FitLayout, fit: FittedTable, perRound: FittedTable[], remeasured: (l: number, c: string) => number = () => 0): { entries: Map<string, Timing>[]; fixed: Timing } {
  const timing = (value: number, xs: number[], rem: number): Timing => {
    const ys = xs.length ? xs : [value];
    return { value, median: quantile(ys, 0.5), p10: quantile(ys, 0.1), p90: quantile(ys, 0.9), runs: ys.length, remeasured: rem };
  };
  const entries = t.candidates.map((cands, l) => new Map(cands.map((c): [string, Timing] => [c, timing(fit.entries[l]!.get(c)!, perRound.map((r) => r.entries[l]!.get(c)!), c === t.floors[l] ? 0 : remeasured(l, c))])));
  return { entries, fixed: timing(fit.fixed, perRound.map((r) => r.fixed), 0) };
}
