// Scoring a model on a split at inference (BatchNorm moving statistics): mean cross-entropy
// without smoothing, top-1 and top-5 — the val numbers retrain selects epochs by.
import * as tf from '@tensorflow/tfjs-core';
import type { NasflowModel } from '../arch/model.js';
import type { SplitBatches } from '../train/batches.js';
import { topkHits } from '../train/metrics.js';
import type { Scores } from '../types/generated.js';
import { smoothedCrossEntropy } from './loss.js';
import { atArchInput } from '../arch/input.js';

/** Mean CE (no smoothing), top-1 and top-5 over a split at inference (BN moving statistics). */
export function evaluate(model: NasflowModel, split: SplitBatches, limit: number | null): Scores {
  let loss = 0;
  let top1 = 0;
  let top5 = 0;
  let images = 0;
  for (const b of split.sequential(limit)) {
    const logits = tf.tidy(() => model.apply(atArchInput(b.x, model.arch.input), false));
    const l = tf.tidy(() => smoothedCrossEntropy(logits as tf.Tensor2D, b.labels, 0));
    const hits = topkHits(logits.dataSync() as Float32Array, b.labels, model.arch.classes);
    loss += l.dataSync()[0]! * b.labels.length;
    top1 += hits.top1;
    top5 += hits.topk;
    images += b.labels.length;
    tf.dispose([logits, l, b.x]);
  }
  return { loss: loss / Math.max(1, images), top1: top1 / Math.max(1, images), top5: top5 / Math.max(1, images), images };
}
