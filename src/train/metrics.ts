// Running metrics of one epoch, as plain sums (JSON-serialisable, so a checkpoint taken mid-epoch
// resumes them exactly): loss, cross-entropy, cost term and expected cost weighted by images, and
// top-1 / top-5 hits computed in JS from the logits.
import type { HistoryMeter } from '../types/generated.js';

export interface MeterSums {
  images: number;
  batches: number;
  loss: number;
  ce: number;
  costTerm: number;
  cost: number;
  top1: number;
  top5: number;
}

/** One training step's numbers, as a meter adds them up. */
export type StepNumbers = Omit<MeterSums, 'images' | 'batches'>;

/** An epoch's means: exactly the history schema's meter. */
export type MeterMeans = HistoryMeter;

export const emptySums = (): MeterSums => ({ images: 0, batches: 0, loss: 0, ce: 0, costTerm: 0, cost: 0, top1: 0, top5: 0 });

/** Top-k hits: the shared definition (ties to the lower class index, NaN rows miss). */
export { topkHits } from '../core/topk.js';

export function addBatch(s: MeterSums, n: number, v: StepNumbers): void {
  s.images += n;
  s.batches += 1;
  s.loss += v.loss * n;
  s.ce += v.ce * n;
  s.costTerm += v.costTerm * n;
  s.cost += v.cost * n;
  s.top1 += v.top1;
  s.top5 += v.top5;
}

export function means(s: MeterSums): MeterMeans {
  const d = Math.max(s.images, 1);
  return { images: s.images, batches: s.batches, loss: s.loss / d, ce: s.ce / d, costTerm: s.costTerm / d, expectedCost: s.cost / d, top1: s.top1 / d, top5: s.top5 / d };
}
