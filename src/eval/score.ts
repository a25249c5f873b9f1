// Scores a model on a split at inference: confusion matrix, per-class accuracy, top-1 and top-5.
import * as tf from '@tensorflow/tfjs-core';
import type { NasflowModel } from '../arch/model.js';
import type { SplitBatches } from '../train/batches.js';
import { addLogits, type Confusion, emptyConfusion, finish } from './confusion.js';
import { atArchInput } from '../arch/input.js';

export function scoreSplit(model: NasflowModel, split: SplitBatches): Confusion {
  const classes = model.arch.classes;
  const c = emptyConfusion(classes);
  for (const b of split.sequential(null)) {
    const logits = tf.tidy(() => model.apply(atArchInput(b.x, model.arch.input), false));
    addLogits(c, logits.dataSync() as Float32Array, b.labels, classes);
    tf.dispose([logits, b.x]);
  }
  return finish(c);
}
