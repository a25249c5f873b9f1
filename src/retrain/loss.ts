// Cross-entropy with optional label smoothing ε: the target puts 1 − ε on the label and spreads ε
// uniformly over all classes, i.e. loss = (1 − ε)·CE + ε·mean_k(−log p_k). Mean over the batch.
import * as tf from '@tensorflow/tfjs-core';
import { cosineLr } from '../train/schedule.js';

export function smoothedCrossEntropy(logits: tf.Tensor2D, labels: Int32Array, smoothing: number): tf.Scalar {
  return tf.tidy(() => {
    const logp = tf.logSoftmax(logits);
    const oneHot = tf.oneHot(tf.tensor1d(labels, 'int32'), logits.shape[1]);
    const ce = tf.neg(tf.sum(tf.mul(oneHot, logp), 1));
    if (smoothing === 0) return tf.mean(ce) as tf.Scalar;
    const uniform = tf.neg(tf.mean(logp, 1));
    return tf.mean(tf.add(tf.mul(ce, 1 - smoothing), tf.mul(uniform, smoothing))) as tf.Scalar;
  });
}

/** Learning rate of an epoch: cosine from lr to minLr over the epochs, or ×gamma every `every` epochs. */
export function epochLr(s: { kind: 'cosine' } | { kind: 'step'; every: number; gamma: number }, lr: number, minLr: number, epoch: number, epochs: number): number {
  if (s.kind === 'step') return lr * s.gamma ** Math.floor(epoch / s.every);
  return cosineLr(lr, minLr, epoch, epochs);
}
