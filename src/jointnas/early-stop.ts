// FBNetV3's early-stop epoch: train a first batch of candidates to the end of their recipes,
// then pick the first epoch at which the candidates' ranking (val top-1 at that epoch) agrees with
// the ranking by final val top-1 to a rank correlation of at least the threshold (Spearman by
// default; 0.92 as in the paper). Later candidates are trained only to that epoch. A curve
// shorter than an epoch (a recipe with fewer epochs) counts with its last value, which is what
// training that recipe "to epoch e" gives. Pure: curves in, choice out.
import { kendall, spearman } from './rank.js';

export interface EarlyStopChoice {
  /** 1-based epoch to train later candidates to. */
  epoch: number;
  /** Whether an epoch before the last reached the threshold (false: train to the end). */
  reached: boolean;
  /** Per epoch 1..max: the rank correlation with the final accuracies. */
  correlations: { epoch: number; spearman: number; kendall: number }[];
}

/** Val top-1 of a curve after `epoch` epochs (1-based), or its last value when it is shorter. */
export function atEpoch(curve: readonly number[], epoch: number): number {
  if (curve.length === 0) throw new RangeError('atEpoch: an empty learning curve');
  return curve[Math.min(epoch, curve.length) - 1]!;
}

export function chooseEarlyStop(curves: readonly (readonly number[])[], threshold: number, by: 'spearman' | 'kendall' = 'spearman'): EarlyStopChoice {
  if (curves.length < 3) throw new RangeError(`early-stop selection needs at least 3 fully trained candidates, got ${curves.length}`);
  const finals = curves.map((c) => atEpoch(c, c.length));
  const max = Math.max(...curves.map((c) => c.length));
  const correlations: EarlyStopChoice['correlations'] = [];
  let chosen: number | null = null;
  for (let e = 1; e <= max; e++) {
    const at = curves.map((c) => atEpoch(c, e));
    const r = { epoch: e, spearman: spearman(at, finals), kendall: kendall(at, finals) };
    correlations.push(r);
    if (chosen === null && r[by] >= threshold) chosen = e;
  }
  return { epoch: chosen ?? max, reached: chosen !== null && chosen < max, correlations };
}
