// Classification scores from logits: the confusion matrix (rows = true class, columns = predicted),
// per-class accuracy (recall) and top-1 / top-5. Pure: typed arrays in, numbers out. Ties in the
// argmax go to the lower class index, as tf.argMax does.
export interface Confusion {
  matrix: number[][];
  top1: number;
  top5: number;
  perClass: number[];
  images: number;
}

export function emptyConfusion(classes: number): Confusion {
  return { matrix: Array.from({ length: classes }, () => new Array<number>(classes).fill(0)), top1: 0, top5: 0, perClass: new Array<number>(classes).fill(0), images: 0 };
}

/** Adds a batch (logits [n, classes] row-major) to the running counts; top1/top5 stay hit counts here. */
export function addLogits(c: Confusion, logits: Float32Array, labels: ArrayLike<number>, classes: number): void {
  for (let r = 0; r < labels.length; r++) {
    const row = logits.subarray(r * classes, (r + 1) * classes);
    const label = labels[r]!;
    let pred = 0;
    for (let k = 1; k < classes; k++) if (row[k]! > row[pred]!) pred = k;
    const target = row[label]!;
    let higher = 0;
    for (let k = 0; k < classes; k++) if (row[k]! > target) higher++;
    c.matrix[label]![pred]!++;
    if (pred === label) c.top1++;
    if (higher < 5) c.top5++;
    c.images++;
  }
}

/** Turns counts into rates: top-1/top-5 over all images, per-class accuracy over each class's images. */
export function finish(c: Confusion): Confusion {
  const n = Math.max(1, c.images);
  const perClass = c.matrix.map((row, k) => {
    const total = row.reduce((a, b) => a + b, 0);
    return total === 0 ? 0 : row[k]! / total;
  });
  return { ...c, top1: c.top1 / n, top5: c.top5 / n, perClass };
}
