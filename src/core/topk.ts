// Top-k: the one definition every meter uses (training steps, val selection in the supernet and
// in retrain, test scores in evaluate). Rows are logits, row-major [n, classes].
// - Ties: class c beats the label y when s_c > s_y, or s_c = s_y and c < y — ties go to the
//   lower class index, as tf.argMax does, so "top-1 hit" and "argmax = label" always agree and a
//   constant row counts as a hit for class 0 only.
// - NaN: a row with any NaN logit has no prediction and is a miss at every k (a diverged model
//   must not score, whatever the label).

/** Number of classes that beat `label` in `row`, or Infinity when the row holds a NaN. */
export function labelRank(row: ArrayLike<number>, label: number): number {
  const target = row[label]!;
  let beaten = 0;
  for (let c = 0; c < row.length; c++) {
    const v = row[c]!;
    if (Number.isNaN(v)) return Infinity;
    if (v > target || (v === target && c < label)) beaten++;
  }
  return beaten;
}

/** The predicted class (first maximum), or -1 when the row holds a NaN. */
export function argmaxRow(row: ArrayLike<number>): number {
  let best = 0;
  for (let c = 0; c < row.length; c++) {
    const v = row[c]!;
    if (Number.isNaN(v)) return -1;
    if (v > row[best]!) best = c;
  }
  return best;
}

/** Hits at 1 and at k over a batch of rows. */
export function topkHits(logits: Float32Array, labels: ArrayLike<number>, classes: number, k = 5): { top1: number; topk: number } {
  let top1 = 0;
  let topk = 0;
  for (let r = 0; r < labels.length; r++) {
    const rank = labelRank(logits.subarray(r * classes, (r + 1) * classes), labels[r]!);
    if (rank === 0) top1++;
    if (rank < k) topk++;
  }
  return { top1, topk };
}
