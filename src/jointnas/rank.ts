// Rank correlations between two score lists of the same candidates: Spearman ρ (Pearson's r of
// the average ranks, so ties count as in scipy.stats.spearmanr) and Kendall τ-b (concordant minus
// discordant pairs, tie-corrected, as scipy.stats.kendalltau). A constant list gives 0 (no
// ranking information), never NaN, so a threshold test on it simply fails. Pure.
import { sampleCorrelation } from 'simple-statistics';

/** 1-based ranks, ties sharing their average rank. */
export function averageRanks(xs: readonly number[]): number[] {
  const order = xs.map((x, i) => ({ x, i })).sort((a, b) => a.x - b.x);
  const ranks = new Array<number>(xs.length);
  for (let s = 0; s < order.length; ) {
    let e = s;
    while (e + 1 < order.length && order[e + 1]!.x === order[s]!.x) e++;
    for (let k = s; k <= e; k++) ranks[order[k]!.i] = (s + e) / 2 + 1;
    s = e + 1;
  }
  return ranks;
}

function check(a: readonly number[], b: readonly number[]): void {
  if (a.length !== b.length) throw new RangeError(`rank correlation of ${a.length} and ${b.length} values`);
}

export function spearman(a: readonly number[], b: readonly number[]): number {
  check(a, b);
  if (a.length < 2) return 0;
  const ra = averageRanks(a);
  const rb = averageRanks(b);
  if (ra.every((r) => r === ra[0]) || rb.every((r) => r === rb[0])) return 0;
  return sampleCorrelation(ra, rb);
}

export function kendall(a: readonly number[], b: readonly number[]): number {
  check(a, b);
  let concordant = 0;
  let discordant = 0;
  let tiesA = 0;
  let tiesB = 0;
  for (let i = 0; i < a.length; i++) {
    for (let j = i + 1; j < a.length; j++) {
      const da = Math.sign(a[i]! - a[j]!);
      const db = Math.sign(b[i]! - b[j]!);
      if (da === 0 && db === 0) continue;
      if (da === 0) tiesA++;
      else if (db === 0) tiesB++;
      else if (da === db) concordant++;
      else discordant++;
    }
  }
  const denom = Math.sqrt((concordant + discordant + tiesA) * (concordant + discordant + tiesB));
  return denom === 0 ? 0 : (concordant - discordant) / denom;
}
