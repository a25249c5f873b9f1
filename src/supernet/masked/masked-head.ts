// The head of the masked supernet, split around its global pool because resolution candidates
// are aligned between the two halves (masked-supernet.ts): features = the head's 1x1 conv +
// (BN | bias) + optional ReLU on one candidate's final map; classify = dropout + dense on the
// pooled, aligned sum. The same Head object (and variable names) as every chain model's.
import * as tf from '@tensorflow/tfjs-core';
import type { Head } from '../../ops/blocks/stem-head.js';

export function headFeatures(head: Head, y: tf.Tensor4D, training: boolean): tf.Tensor4D {
  const c = head.conv;
  if (!c) return y;
  let f = c.conv.apply(y);
  if (c.bn) f = c.bn.apply(f, training);
  if (c.bias) f = tf.add(f, c.bias);
  if (!c.bn && head.opts.relu) f = tf.relu(f);
  return f;
}

/** Dropout (training; advances the head's dropout seed) then the dense layer. */
export function classify(head: Head, f: tf.Tensor2D, training: boolean): tf.Tensor2D {
  if (training && head.opts.dropout > 0) f = tf.dropout(f, head.opts.dropout, undefined, head.dropoutSeed++) as tf.Tensor2D;
  return tf.add(tf.matMul(f, head.dense.kernel as tf.Tensor2D), head.dense.bias) as tf.Tensor2D;
}
