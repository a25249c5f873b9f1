// Input-resolution search (FBNetV2 §3.2): every candidate size r is a nearest-neighbour subsample
// of the full input, run through the shared network, and its final feature map is put back on the
// largest candidate's grid by SPACED zero-padding: pixel i of an h-pixel axis goes to position
//   p(i) = floor(i · H / h)              (H the largest candidate's size on that axis)
// and every other position is zero (zeros between pixels, not around the edge), so candidates sum
// pixel for pixel; for H = 2h this is the paper's "every other row and column". The input
// subsample uses the same rule (row p_r(i) of the full image becomes row i of candidate r), so a
// pixel's aligned position is the position it was sampled from. Subsampling BEFORE the convs keeps
// every candidate's receptive field (the paper's fig. 4 E). Callers tidy; gathers have gradients.
import * as tf from '@tensorflow/tfjs-core';

/** Where the h pixels of an axis land on an H-pixel axis. */
export function spacedPositions(h: number, H: number): number[] {
  if (!(h >= 1 && h <= H)) throw new RangeError(`spaced positions: expects 1 <= h <= H, found h ${h}, H ${H}`);
  return Array.from({ length: h }, (_, i) => Math.floor((i * H) / h));
}

/** Nearest-neighbour subsample of x [N, H, W, C] to r x r at the spaced positions. */
export function subsample(x: tf.Tensor4D, r: number): tf.Tensor4D {
  const [, h, w] = x.shape;
  if (r === h && r === w) return x;
  const rows = tf.gather(x, spacedPositions(r, h), 1);
  return tf.gather(rows, spacedPositions(r, w), 2) as tf.Tensor4D;
}

/** Index list of an axis of size H that picks pixel i at p(i) and the appended zero (index h) elsewhere. */
function scatterIndex(h: number, H: number): number[] {
  const idx = new Array<number>(H).fill(h);
  spacedPositions(h, H).forEach((p, i) => (idx[p] = i));
  return idx;
}

/** f [N, h, w, C] on an H x W grid with zeros between its pixels. */
export function spacedPad(f: tf.Tensor4D, H: number, W: number): tf.Tensor4D {
  const [n, h, w, c] = f.shape;
  if (h === H && w === W) return f;
  const withZeroRow = tf.concat([f, tf.zeros([n, 1, w, c])], 1);
  const rows = tf.gather(withZeroRow, scatterIndex(h, H), 1);
  const withZeroCol = tf.concat([rows, tf.zeros([n, H, 1, c])], 2);
  return tf.gather(withZeroCol, scatterIndex(w, W), 2) as tf.Tensor4D;
}
