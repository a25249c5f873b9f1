// Classification scores from logits: the confusion matrix (rows = true class, columns = predicted),
// per-class accuracy (recall) and top-1 / top-5. Pure: typed arrays in, numbers out. Top-k and the
// argmax follow src/core/topk.ts (ties to the lower class index; a row with a NaN logit has no
// prediction: it is a miss, counted in its class's total and in `invalid`, in no matrix column).
import { argmaxRow, labelRank } from '../core/topk.js';

export interface Confusion {
  matrix: number[][];
  top1: number;
  top5: number;
  perClass: number[];
  images: number;
  /** Rows with a NaN logit (no prediction). */
  invalid: number;
  /** Images per true class (matrix rows miss the invalid ones). */
  classTotals: number[];
}

export function emptyConfusion(classes: number): Confusion {
  return { matrix: Array.from({ length: classes }, () => new Array<number>(classes).fill(0)), top1: 0, top5: 0, perClass: new Array<number>(classes).fill(0), images: 0, invalid: 0, classTotals: new Array<number>(classes).fill(0) };
}

/** Adds a batch (logits [n, classes] row-major) to the running counts; top1/top5 stay hit counts here. */
export function addLogits(c: Confusion, logits: Float32Array, labels: ArrayLike<number>, classes: number): void {
  for (let r = 0; r < labels.length; r++) {
    const row = logits.subarray(r * classes, (r + 1) * classes);
    const label = labels[r]!;
    const pred = argmaxRow(row);
    const rank = labelRank(row, label);
    c.classTotals[label]!++;
    if (pred < 0) c.invalid++;
    else c.matrix[label]![pred]!++;
    if (rank === 0) c.top1++;
    if (rank < 5) c.top5++;
    c.images++;
  }
}

/** Turns counts into rates: top-1/top-5 over all images, per-class accuracy over each class's images. */
export function finish(c: Confusion): Confusion {
  const n = Math.max(1, c.images);
  const perClass = c.matrix.map((row, k) => {
    const total = c.classTotals[k]!;
    return total === 0 ? 0 : row[k]! / total;
  });
  return { ...c, top1: c.top1 / n, top5: c.top5 / n, perClass };
}
