// A straightforward stock-ops twin of every registry block, for tests: it reads a block's own
// variables but computes the textbook way — grouped 1x1 convs as per-group slices + convs +
// concat, the channel shuffle as reshape/transpose of the activations, BatchNorm from tf.moments
// and tf.batchNorm, and all gradients by TF.js autodiff (no custom gradients). Agreement with the
// block checks the fused forms (block-diagonal kernels, shuffle folded into rows) and the
// closed-form gradients at once. Does not update moving statistics.
import * as tf from '@tensorflow/tfjs-core';
import type { Block } from './block.js';
import { IrBlock, shufflePosition } from './blocks/ir.js';
import { SkipBlock } from './blocks/skip.js';
import { referenceDarts } from './reference-darts.js';
import { BN_EPSILON, type BatchNorm } from './layers/batchnorm.js';

function bn(x: tf.Tensor4D, layer: BatchNorm, training: boolean, perm: tf.Tensor1D | null = null): tf.Tensor4D {
  const p = (v: tf.Tensor): tf.Tensor1D => (perm ? tf.gather(v, perm) : v) as tf.Tensor1D;
  const stats = training ? tf.moments(x, [0, 1, 2]) : { mean: p(layer.movingMean), variance: p(layer.movingVar) };
  const y = tf.batchNorm(x, stats.mean as tf.Tensor1D, stats.variance as tf.Tensor1D, p(layer.beta), p(layer.gamma), BN_EPSILON);
  return layer.activation === 'relu' ? tf.relu(y) : y;
}

/** Per-group 1x1 convs; `rows` [cIn, cOut/g] in the order the conv sees its input (group-contiguous). */
function grouped(x: tf.Tensor4D, rows: tf.Tensor, groups: number): tf.Tensor4D {
  const [cIn, b] = rows.shape as [number, number];
  const a = cIn / groups;
  if (groups === 1) return tf.conv2d(x, tf.reshape(rows, [1, 1, a, b]) as tf.Tensor4D, 1, 'same');
  const compact = tf.reshape(rows, [groups, a, b]);
  const xs = tf.split(x, groups, 3) as tf.Tensor4D[];
  const ys = xs.map((xg, i) => tf.conv2d(xg, tf.reshape(tf.slice(compact, [i, 0, 0], [1, a, b]), [1, 1, a, b]) as tf.Tensor4D, 1, 'same'));
  return tf.concat(ys, 3) as tf.Tensor4D;
}

/** PyTorch ChannelShuffle on NHWC: channel i*(C/g)+c moves to c*g+i. */
export function shuffle(x: tf.Tensor4D, groups: number): tf.Tensor4D {
  const [n, h, w, c] = x.shape;
  return tf.reshape(tf.transpose(tf.reshape(x, [n, h, w, groups, c / groups]), [0, 1, 2, 4, 3]), [n, h, w, c]);
}

export function referenceApply(block: Block, x: tf.Tensor4D, training: boolean): tf.Tensor4D {
  const darts = referenceDarts(block, x, training);
  if (darts) return darts;
  if (block instanceof SkipBlock) return block.proj ? bn(tf.conv2d(x, block.proj.conv.kernel as tf.Tensor4D, block.stride, 'same'), block.proj.bn, training) : x;
  if (!(block instanceof IrBlock)) throw new TypeError(`referenceApply: unknown block ${block.name}`);
  const g = block.op.groups;
  let y = x;
  if (block.pw) y = bn(grouped(y, block.pw.conv.kernel, g), block.pw.bn, training);
  // After the shuffle, position n holds pre-shuffle channel pi(n); the block stores depthwise/BN
  // parameters and pwl kernel rows by pre-shuffle channel, so the reference reads them through pi.
  const pi = g > 1 ? tf.tensor1d(inversePerm(shufflePosition(block.mid, g)), 'int32') : null;
  if (g > 1) y = shuffle(y, g);
  const dwKernel = pi ? tf.gather(block.dw.conv.kernel, pi, 2) : block.dw.conv.kernel;
  y = bn(tf.depthwiseConv2d(y, dwKernel as tf.Tensor4D, block.stride, 'same'), block.dw.bn, training, pi);
  y = bn(grouped(y, pi ? tf.gather(block.pwl.conv.kernel, pi) : block.pwl.conv.kernel, g), block.pwl.bn, training);
  if (block.residual) y = tf.add(y, x);
  if (block.se) {
    const se = block.se;
    const s = tf.mean(y, [1, 2], true) as tf.Tensor4D;
    const z = tf.relu(tf.add(tf.conv2d(s, se.reduceKernel as tf.Tensor4D, 1, 'same'), se.reduceBias));
    y = tf.mul(y, tf.sigmoid(tf.add(tf.conv2d(z as tf.Tensor4D, se.expandKernel as tf.Tensor4D, 1, 'same'), se.expandBias)));
  }
  return y;
}

/** shufflePosition maps channel m to position n; pi is its inverse (n -> m). */
function inversePerm(order: Int32Array): Int32Array {
  const inv = new Int32Array(order.length);
  order.forEach((n, m) => (inv[n] = m));
  return inv;
}
