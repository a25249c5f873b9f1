// Contract: the convolutions nasflow blocks are built from, NHWC float32, differentiable on every
// backend. conv2d / depthwiseConv2d are the stock tf ops: on wasm their forward runs in XNNPACK,
// their input gradient in tfjs-backend-wasm's own kernels and their filter gradients in nasflow's
// SIMD kernels (src/backend/kernels/conv-grads.ts); measured faster than any composite we tried
// (bench/block.ts --profile). groupedConv1x1 has two formulations, chosen per backend by
// measurement: on wasm ONE 1x1 conv with the block-diagonal [Cin, Cout] filter (zeros off the
// group blocks; g x the multiply-adds, yet at batch 64, 16x16, 96 ch, groups 2: forward 30 vs
// 54 ms, train step 87 vs 157 ms, because split/concat along channels are slow strided copies
// there); elsewhere split + per-group conv + concat. Both give the same values and gradients for
// the compact weight. FLOP counts must still use the grouped formula: this is an execution detail.

import * as tf from '@tensorflow/tfjs-core';

export type Padding = 'same' | 'valid';

/** x [N,H,W,Cin] * w [KH,KW,Cin,Cout] -> [N,H',W',Cout]. */
export function conv2d(x: tf.Tensor4D, w: tf.Tensor4D, stride: number, pad: Padding): tf.Tensor4D {
  return tf.conv2d(x, w, stride, pad);
}

/** x [N,H,W,C] * w [KH,KW,C,1] -> [N,H',W',C]: one KHxKW filter per channel (dilation > 1 needs stride 1, as in TF). */
export function depthwiseConv2d(x: tf.Tensor4D, w: tf.Tensor4D, stride: number, pad: Padding, dilation = 1): tf.Tensor4D {
  return dilation === 1 ? tf.depthwiseConv2d(x, w, stride, pad) : tf.depthwiseConv2d(x, w, stride, pad, 'NHWC', dilation);
}

/**
 * Grouped 1x1 convolution: x [N,H,W,Cin], w [1,1,Cin/groups,Cout] (the groups' filters
 * concatenated along the output axis, as PyTorch stores a grouped conv's weight) ->
 * [N,H,W,Cout], output group g seeing only input group g. groups = 1 is a plain 1x1 conv.
 */
export function groupedConv1x1(x: tf.Tensor4D, w: tf.Tensor4D, groups: number): tf.Tensor4D {
  const cIn = x.shape[3];
  const cOut = w.shape[3];
  if (cIn % groups !== 0 || cOut % groups !== 0 || w.shape[2] * groups !== cIn) {
    throw new RangeError(`groupedConv1x1: Cin ${cIn}, Cout ${cOut} and filter ${w.shape.join('x')} do not split into ${groups} groups`);
  }
  if (groups === 1) return tf.conv2d(x, w, 1, 'same');
  if (tf.getBackend() === 'wasm') return tf.conv2d(x, blockDiagonal(w, groups), 1, 'same');
  const xs = tf.split(x, groups, 3) as tf.Tensor4D[];
  const ws = tf.split(w, groups, 3) as tf.Tensor4D[];
  return tf.concat4d(xs.map((xg, g) => tf.conv2d(xg, ws[g] as tf.Tensor4D, 1, 'same')), 3);
}

// Cached 0/1 masks of the diagonal blocks, per (Cin, Cout, groups): built once, never disposed
// (a few KB), so a training step allocates nothing for them.
const masks = new Map<string, tf.Tensor4D>();

/** [1,1,Cin/g,Cout] -> [1,1,Cin,Cout]: the compact weight tiled over input groups, off-blocks zeroed. */
function blockDiagonal(w: tf.Tensor4D, groups: number): tf.Tensor4D {
  const [, , cg, cOut] = w.shape;
  const cIn = cg * groups;
  const key = `${cIn}x${cOut}/${groups}`;
  let mask = masks.get(key);
  if (!mask) {
    const og = cOut / groups;
    const m = new Float32Array(cIn * cOut);
    for (let i = 0; i < cIn; i++) for (let o = 0; o < cOut; o++) m[i * cOut + o] = Math.floor(i / cg) === Math.floor(o / og) ? 1 : 0;
    mask = tf.keep(tf.tensor4d(m, [1, 1, cIn, cOut]));
    masks.set(key, mask);
  }
  return tf.mul(tf.tile(w, [1, 1, groups, 1]), mask);
}
