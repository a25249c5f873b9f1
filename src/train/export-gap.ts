// The discretisation gap of a supernet epoch: val top-1 of the supernet's own validation forward
// (the eval.mix mixture) minus that of the architecture the method exports, run alone (BN
// recalibrated; recorded only with select best-exported-val). A large gap means the weights were
// trained as a mixture that no single path reproduces, so the exported architecture was not
// judged by the search (issue 17: 84 % mixed vs 9–29 % alone on the default). Pure.
import type { EpochRecord } from './history.js';

/** Gap (fraction of val) above which the result carries a warning: far beyond val noise. */
export const EXPORT_GAP_WARN = 0.2;

export function exportGap(rec: EpochRecord): number | null {
  return rec.valExported ? rec.val.top1 - rec.valExported.top1 : null;
}

export function exportGapWarnings(rec: EpochRecord | undefined, limit = EXPORT_GAP_WARN): string[] {
  const gap = rec ? exportGap(rec) : null;
  if (!rec || gap === null || gap <= limit) return [];
  const pct = (v: number): string => `${(100 * v).toFixed(1)} %`;
  return [
    `the exported architecture alone validates at ${pct(rec.valExported!.top1)} against the supernet's ${pct(rec.val.top1)} at the selected epoch ${rec.epoch + 1} (gap ${pct(gap)} > ${pct(limit)}): the weights trained a mixture that this path alone does not reproduce, so the search did not judge it — read the verdict with that in mind (README "Why the default search does not beat a random pick yet")`,
  ];
}
