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

/**
 * x [N,H,W,C] * w [KH,KW,C,1] -> [N,H',W',C]: one KHxKW filter per channel (dilation > 1 needs
 * stride 1, as in TF). TF.js has no gradient for a dilated depthwise conv, so it gets one here:
 * on wasm nasflow's SIMD gradient kernels (they take dilations); elsewhere the stock undilated
 * gradient kernels with the zero-inserted filter, the filter gradient read back at the taps.
 */
export function depthwiseConv2d(x: tf.Tensor4D, w: tf.Tensor4D, stride: number, pad: Padding, dilation = 1): tf.Tensor4D {
  if (dilation === 1) return tf.depthwiseConv2d(x, w, stride, pad);
  if (stride !== 1) throw new RangeError(`depthwiseConv2d: dilation ${dilation} needs stride 1, found ${stride}`);
  return dilated(x, w, pad, dilation);
}

/** [K,K,C,1] -> [(K-1)d+1, (K-1)d+1, C, 1] with w[a,b] at (a·d, b·d) and zeros between. */
export function zeroInserted(w: tf.Tensor4D, d: number): tf.Tensor4D {
  const [k, , c] = w.shape;
  const kd = (k - 1) * d + 1;
  const spread = tf.pad(tf.reshape(w, [k, 1, k, 1, c]), [[0, 0], [0, d - 1], [0, 0], [0, d - 1], [0, 0]]);
  return tf.reshape(tf.slice(tf.reshape(spread, [k * d, k * d, c]), [0, 0, 0], [kd, kd, c]), [kd, kd, c, 1]);
}

function dilated(x: tf.Tensor4D, w: tf.Tensor4D, pad: Padding, d: number): tf.Tensor4D {
  const f = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [xi, wi, save] = args as [tf.Tensor4D, tf.Tensor4D, tf.GradSaveFunc];
    save([xi, wi]);
    return {
      value: tf.depthwiseConv2d(xi, wi, 1, pad, 'NHWC', d),
      gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
        const [xs, ws] = saved as [tf.Tensor4D, tf.Tensor4D];
        const g = dy as tf.Tensor4D;
        const e = tf.engine();
        const run = (name: string, inputs: Record<string, tf.Tensor>, attrs: object): tf.Tensor4D => e.runKernel(name, inputs, attrs as never) as tf.Tensor4D;
        if (tf.getBackend() === 'wasm') {
          const at = { strides: [1, 1], pad, dilations: [d, d] };
          return [run('DepthwiseConv2dNativeBackpropInput', { dy: g, filter: ws }, { ...at, inputShape: xs.shape }), run('DepthwiseConv2dNativeBackpropFilter', { x: xs, dy: g }, { ...at, filterShape: ws.shape })];
        }
        const wz = zeroInserted(ws, d);
        const at = { strides: [1, 1], pad, dilations: [1, 1] };
        const dx = run('DepthwiseConv2dNativeBackpropInput', { dy: g, filter: wz }, { ...at, inputShape: xs.shape });
        const dwz = run('DepthwiseConv2dNativeBackpropFilter', { x: xs, dy: g }, { ...at, filterShape: wz.shape });
        const [kd, , c] = wz.shape;
        return [dx, tf.stridedSlice(dwz, [0, 0, 0, 0], [kd, kd, c, 1], [d, d, 1, 1])];
      },
    };
  });
  return f(x, w) as tf.Tensor4D;
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
