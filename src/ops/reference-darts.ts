// Stock-ops twins of the DARTS blocks, for tests (see reference.ts): factorized reduce the way
// PyTorch writes it (x[:, 1:, 1:] through a 'valid' stride-2 1x1 conv, no padding trick), the
// strided dilated conv as a stride-1 dilated conv gathered at even positions,
// BatchNorm from tf.moments, the dilated depthwise conv as a sum of shifted slices times the taps
// (differentiable on every backend, and independent of the primitive it checks).
import * as tf from '@tensorflow/tfjs-core';
import type { Block } from './block.js';
import { DilConvBlock, type FactorizedReduce, NoneBlock, PoolBlock, SepConvBlock, SkipConnectBlock } from './blocks/darts.js';
import { BN_EPSILON, type BatchNorm } from './layers/batchnorm.js';

function bn(x: tf.Tensor4D, layer: BatchNorm, training: boolean): tf.Tensor4D {
  const stats = training ? tf.moments(x, [0, 1, 2]) : { mean: layer.movingMean, variance: layer.movingVar };
  const y = tf.batchNorm(x, stats.mean as tf.Tensor1D, stats.variance as tf.Tensor1D, layer.beta as tf.Tensor1D, layer.gamma as tf.Tensor1D, BN_EPSILON);
  return layer.activation === 'relu' ? tf.relu(y) : y;
}

export function referenceFactorizedReduce(fr: FactorizedReduce, x: tf.Tensor4D, training: boolean): tf.Tensor4D {
  const r = tf.relu(x);
  const [n, h, w, c] = r.shape;
  const a = tf.conv2d(r, fr.conv1.kernel as tf.Tensor4D, 2, 'valid');
  let b = tf.conv2d(tf.slice(r, [0, 1, 1, 0], [n, h - 1, w - 1, c]), fr.conv2.kernel as tf.Tensor4D, 2, 'valid');
  // Odd sizes: PyTorch's shapes would not match; ours reads a zero pixel there.
  if (b.shape[1] < a.shape[1] || b.shape[2] < a.shape[2]) b = tf.pad(b, [[0, 0], [0, a.shape[1] - b.shape[1]], [0, a.shape[2] - b.shape[2]], [0, 0]]);
  return bn(tf.concat([a, b], 3) as tf.Tensor4D, fr.bn, training);
}

/** Every s-th row and column from the first (gather: differentiable, unlike stridedSlice here). */
function every(x: tf.Tensor4D, s: number): tf.Tensor4D {
  if (s === 1) return x;
  const idx = (n: number): tf.Tensor1D => tf.tensor1d(Array.from({ length: Math.ceil(n / s) }, (_, i) => i * s), 'int32');
  return tf.gather(tf.gather(x, idx(x.shape[1]), 1), idx(x.shape[2]), 2) as tf.Tensor4D;
}

/** 'same' dilated depthwise conv, stride 1: Σ over taps (a, b) of x shifted by (a·d, b·d) times w[a, b]. */
function dilatedDepthwise(x: tf.Tensor4D, w: tf.Tensor4D, d: number): tf.Tensor4D {
  const [n, h, wd, c] = x.shape;
  const k = w.shape[0];
  const half = ((k - 1) * d) / 2;
  const xp = tf.pad(x, [[0, 0], [half, half], [half, half], [0, 0]]);
  let y: tf.Tensor4D | null = null;
  for (let a = 0; a < k; a++) {
    for (let b = 0; b < k; b++) {
      const term = tf.mul(tf.slice(xp, [0, a * d, b * d, 0], [n, h, wd, c]), tf.reshape(tf.slice(w, [a, b, 0, 0], [1, 1, c, 1]), [c])) as tf.Tensor4D;
      y = y ? (tf.add(y, term) as tf.Tensor4D) : term;
    }
  }
  return y!;
}

/** 3x3 'same' average over in-bounds pixels: shifted slices of the zero-padded x and of a ones map, summed, divided. */
function avgPoolExclusive(x: tf.Tensor4D, s: number): tf.Tensor4D {
  const [, h, w] = x.shape;
  const pads = (size: number): [number, number] => {
    const total = Math.max((Math.ceil(size / s) - 1) * s + 3 - size, 0);
    return [Math.floor(total / 2), total - Math.floor(total / 2)];
  };
  const [pt, pb] = pads(h);
  const [pl, pr] = pads(w);
  const oh = Math.ceil(h / s);
  const ow = Math.ceil(w / s);
  const window = (t: tf.Tensor4D): tf.Tensor4D => {
    const p = tf.pad(t, [[0, 0], [pt, pb], [pl, pr], [0, 0]]);
    let sum: tf.Tensor4D | null = null;
    for (let a = 0; a < 3; a++) {
      for (let b = 0; b < 3; b++) {
        const part = tf.slice(p, [0, a, b, 0], [t.shape[0], (oh - 1) * s + 1, (ow - 1) * s + 1, t.shape[3]]) as tf.Tensor4D;
        sum = sum ? (tf.add(sum, part) as tf.Tensor4D) : part;
      }
    }
    return every(sum!, s);
  };
  return tf.div(window(x), window(tf.ones([1, h, w, 1]) as tf.Tensor4D)) as tf.Tensor4D;
}

/** undefined when the block is not a DARTS block. */
export function referenceDarts(block: Block, x: tf.Tensor4D, training: boolean): tf.Tensor4D | undefined {
  if (block instanceof NoneBlock) return tf.mul(every(x, block.stride), 0) as tf.Tensor4D;
  if (block instanceof PoolBlock) {
    const op = block.op as { pool: 'max' | 'avg' };
    return op.pool === 'max' ? tf.maxPool(x, 3, block.stride, 'same') : avgPoolExclusive(x, block.stride);
  }
  if (block instanceof SkipConnectBlock) return block.reduce ? referenceFactorizedReduce(block.reduce, x, training) : x;
  if (block instanceof SepConvBlock) {
    let y = tf.depthwiseConv2d(tf.relu(x), block.dw1.kernel as tf.Tensor4D, block.stride, 'same');
    y = bn(tf.conv2d(y, block.pw1.kernel as tf.Tensor4D, 1, 'same'), block.bn1, training);
    y = tf.depthwiseConv2d(y, block.dw2.kernel as tf.Tensor4D, 1, 'same');
    return bn(tf.conv2d(y, block.pw2.kernel as tf.Tensor4D, 1, 'same'), block.bn2, training);
  }
  if (block instanceof DilConvBlock) {
    let y = dilatedDepthwise(tf.relu(x), block.dw.kernel as tf.Tensor4D, 2);
    if (block.stride === 2) y = every(y, 2);
    return bn(tf.conv2d(y, block.pw.kernel as tf.Tensor4D, 1, 'same'), block.bn, training);
  }
  return undefined;
}
