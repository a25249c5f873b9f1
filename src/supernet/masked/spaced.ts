// Input-resolution search (FBNetV2 §3.2): every candidate size r is a nearest-neighbour subsample
// of the full input, run through the shared network, and its final feature map is put back on the
// largest candidate's grid by SPACED zero-padding: pixel i of an h-pixel axis goes to position
//   p(i) = floor(i · H / h)              (H the largest candidate's size on that axis)
// and every other position is zero (zeros between pixels, not around the edge), so candidates sum
// pixel for pixel; for H = 2h this is the paper's "every other row and column". The input
// subsample uses the same rule (row p_r(i) of the full image becomes row i of candidate r), so a
// pixel's aligned position is the position it was sampled from. Subsampling BEFORE the convs keeps
// every candidate's receptive field (the paper's fig. 4 E). Both are products with constant 0/1
// selection matrices (matMul, which every backend differentiates; wasm has no gather gradient).
// Callers tidy.
import * as tf from '@tensorflow/tfjs-core';

/** Where the h pixels of an axis land on an H-pixel axis. */
export function spacedPositions(h: number, H: number): number[] {
  if (!(h >= 1 && h <= H)) throw new RangeError(`spaced positions: expects 1 <= h <= H, found h ${h}, H ${H}`);
  return Array.from({ length: h }, (_, i) => Math.floor((i * H) / h));
}

/** Constant [h, H] 0/1: row i picks position p(i) of an H-axis. */
function selection(h: number, H: number): tf.Tensor2D {
  const v = new Float32Array(h * H);
  spacedPositions(h, H).forEach((p, i) => (v[i * H + p] = 1));
  return tf.tensor2d(v, [h, H]);
}

/** m [a, b] applied along axis 1 (rows) or 2 (columns) of x [N, b, ., .] -> [N, a, ., .]. */
function alongAxis(x: tf.Tensor4D, m: tf.Tensor2D, axis: 1 | 2): tf.Tensor4D {
  const perm = axis === 1 ? [1, 0, 2, 3] : [2, 0, 1, 3];
  const t = tf.transpose(x, perm);
  const [b, ...rest] = t.shape;
  const y = tf.reshape(tf.matMul(m, tf.reshape(t, [b, -1])), [m.shape[0], ...rest]);
  return tf.transpose(y, axis === 1 ? perm : [1, 2, 0, 3]) as tf.Tensor4D;
}

/** Nearest-neighbour subsample of x [N, H, W, C] to r x r at the spaced positions. */
export function subsample(x: tf.Tensor4D, r: number): tf.Tensor4D {
  const [, h, w] = x.shape;
  if (r === h && r === w) return x;
  return alongAxis(alongAxis(x, selection(r, h), 1), selection(r, w), 2);
}

/** f [N, h, w, C] on an H x W grid with zeros between its pixels (the selections' transposes). */
export function spacedPad(f: tf.Tensor4D, H: number, W: number): tf.Tensor4D {
  const [, h, w] = f.shape;
  if (h === H && w === W) return f;
  return alongAxis(alongAxis(f, tf.transpose(selection(h, H)), 1), tf.transpose(selection(w, W)), 2);
}
