// Channel masks of FBNetV2's DMaskingNAS (Wan et al. 2020, eq. 3). A layer whose width has choices
// c_1 < … < c_k is computed once at C = c_k and its output multiplied by M = Σ_i g_i·M_i, where M_i
// keeps the first c_i channels (1 on [0, c_i), 0 after). A width is carried as a distribution:
//   Dist = { g [rows, k], values c_1..c_k }   (a fixed width: g = [[1]], values [c])
// rows 1 broadcasts over the batch; rows N gives every image its own mask (per-sample noise).
//   prefixMask(d, C)            [rows, C]  Σ_i g_i·1[ch < c_i]
//   jointMask(a, b, f, C)       [rows, C]  Σ_ij a_i b_j·1[ch < f(a_i, b_j)]: the expanded (mid)
//                               channels round(cIn·e) under independent input-width and expansion
//   matchProb(a, b)             [rows]     Σ_ij a_i b_j·1[a_i = b_j]: the weight of an identity path
//                               (a residual, or skip as identity) that exists only when widths match
//   effective(d)                [rows]     Σ_i g_i·c_i (the effective width, eq. 5)
// Everything is differentiable in g; the 0/1 matrices are constants. Callers tidy.
import * as tf from '@tensorflow/tfjs-core';

export interface Dist {
  g: tf.Tensor2D;
  values: readonly number[];
}

export function fixedDist(c: number): Dist {
  return { g: tf.ones([1, 1]) as tf.Tensor2D, values: [c] };
}

/** Constant [k, C]: row i keeps the first sizes[i] channels. */
function prefixRows(sizes: readonly number[], channels: number): tf.Tensor2D {
  const v = new Float32Array(sizes.length * channels);
  sizes.forEach((c, i) => {
    if (!(c >= 1 && c <= channels)) throw new RangeError(`mask keeps ${c} of ${channels} channels: expects 1..${channels}`);
    v.fill(1, i * channels, i * channels + c);
  });
  return tf.tensor2d(v, [sizes.length, channels]);
}

export function prefixMask(d: Dist, channels: number): tf.Tensor2D {
  return tf.matMul(d.g, prefixRows(d.values, channels));
}

/** Outer product of two distributions' weights: [rows, ka·kb], index i·kb + j. */
function outer(a: Dist, b: Dist): tf.Tensor2D {
  const rows = Math.max(a.g.shape[0], b.g.shape[0]);
  const [ka, kb] = [a.values.length, b.values.length];
  return tf.reshape(tf.mul(tf.reshape(a.g, [-1, ka, 1]), tf.reshape(b.g, [-1, 1, kb])), [rows, ka * kb]);
}

export function jointMask(a: Dist, b: Dist, size: (x: number, y: number) => number, channels: number): tf.Tensor2D {
  const sizes = a.values.flatMap((x) => b.values.map((y) => size(x, y)));
  return tf.matMul(outer(a, b), prefixRows(sizes, channels));
}

export function matchProb(a: Dist, b: Dist): tf.Tensor1D {
  const same = a.values.flatMap((x) => b.values.map((y) => (x === y ? 1 : 0)));
  if (!same.some((s) => s)) return tf.zeros([1]);
  return tf.reshape(tf.matMul(outer(a, b), tf.tensor2d(same, [same.length, 1])), [-1]);
}

export function effective(d: Dist): tf.Tensor1D {
  return tf.reshape(tf.matMul(d.g, tf.tensor2d([...d.values], [d.values.length, 1])), [-1]);
}

/** [rows, C] -> [rows, 1, 1, C]: broadcasts over an NHWC feature map. */
export function asMap(m: tf.Tensor2D): tf.Tensor4D {
  return tf.reshape(m, [m.shape[0], 1, 1, m.shape[1]]);
}

/** x [N, H, W, Cx] with its channels cut or zero-extended to C (an identity path into a wider or narrower layer). */
export function fitChannels(x: tf.Tensor4D, channels: number): tf.Tensor4D {
  const c = x.shape[3];
  if (c === channels) return x;
  if (c > channels) return tf.slice(x, [0, 0, 0, 0], [-1, -1, -1, channels]);
  return tf.pad(x, [[0, 0], [0, 0], [0, 0], [0, channels - c]]);
}
