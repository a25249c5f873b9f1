// Resolution search's one alignment point (FBNetV2 §3.2): each active candidate size r of the
// resolution mix runs the shared network on the input's spaced subsample (`features`: stem,
// layers and the head's 1x1 conv + BN + ReLU), its final map is spaced-zero-padded onto the
// largest candidate's grid (spaced.ts) and weighted by g_r, the maps are summed pixel for pixel,
// and the global pool divides by the effective pixel count Σ_r g_r·h_r·w_r — so a one-hot g gives
// exactly the narrow network's mean. Callers tidy.
import * as tf from '@tensorflow/tfjs-core';
import type { LayerMix } from '../mixing.js';
import { effectivePixels } from './effective-cost.js';
import { spacedPad, subsample } from './spaced.js';

/** sizes: the candidate input sizes; finals: each one's final map size; returns pooled features [N, C]. */
export function alignedPool(x: tf.Tensor4D, sizes: readonly number[], finals: readonly number[], res: LayerMix, features: (x: tf.Tensor4D) => tf.Tensor4D): tf.Tensor2D {
  const H = Math.max(...finals);
  let sum: tf.Tensor4D | null = null;
  for (const ri of res.active) {
    const g = tf.reshape(tf.slice(res.m, [0, ri], [-1, 1]), [-1, 1, 1, 1]);
    const term = tf.mul(spacedPad(features(subsample(x, sizes[ri]!)), H, H), g) as tf.Tensor4D;
    sum = sum ? (tf.add(sum, term) as tf.Tensor4D) : term;
  }
  if (!sum) throw new RangeError('no active resolution');
  const pixels = effectivePixels(res.m, finals.map((f) => f * f));
  return tf.div(tf.sum(sum, [1, 2]), tf.reshape(pixels, [-1, 1])) as tf.Tensor2D;
}
