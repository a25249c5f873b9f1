// Convolution layers that own their weights (ParamStore), NHWC, 'same' padding, no bias unless said.
//   Conv      k x k conv, weight [k, k, cIn, cOut]
//   Depthwise k x k depthwise conv, weight [k, k, C, 1]
//   Pointwise 1x1 conv with groups; weight stored compact [g, cIn/g, cOut/g] (the true parameter
//             count) and run as ONE dense 1x1 conv with the block-diagonal weight (g x the MACs).
//             Measured at batch 64 against per-group slice + conv + concat (16..184 channels,
//             4x4..32x32 maps, g 2 and 4): on wasm forward 1.2-2.6x faster (except 184->184 on 4x4,
//             0.8x) and forward+backward 1.2-3.7x faster in every shape; on cpu forward 1.8-11x
//             faster but forward+backward 2-4x slower from 64 channels (the cpu backend's filter
//             gradient scales with the dense cIn x cOut); cpu is the reference, not a training
//             target. `inputPermutation` folds a channel shuffle of the INPUT into the weight's
//             rows (one gather of a small matrix instead of a transpose of the activations).
import * as tf from '@tensorflow/tfjs-core';
import { conv2d, depthwiseConv2d } from '../primitives/conv.js';
import type { ParamStore } from './params.js';

export class Conv {
  readonly kernel: tf.Variable;
  constructor(store: ParamStore, readonly name: string, readonly cIn: number, readonly cOut: number, readonly k: number, readonly stride: number) {
    this.kernel = store.weight(`${name}.kernel`, [k, k, cIn, cOut], { kind: 'heFanOut', fanOut: k * k * cOut });
  }
  apply(x: tf.Tensor4D): tf.Tensor4D {
    return conv2d(x, this.kernel as tf.Tensor4D, this.stride, 'same');
  }
}

export class Depthwise {
  readonly kernel: tf.Variable;
  constructor(store: ParamStore, readonly name: string, readonly channels: number, readonly k: number, readonly stride: number) {
    // PyTorch's fan_out of a depthwise weight [C, 1, k, k] is C * k * k.
    this.kernel = store.weight(`${name}.kernel`, [k, k, channels, 1], { kind: 'heFanOut', fanOut: k * k * channels });
  }
  apply(x: tf.Tensor4D): tf.Tensor4D {
    return depthwiseConv2d(x, this.kernel as tf.Tensor4D, this.stride, 'same');
  }
}

export class Pointwise {
  readonly kernel: tf.Variable;
  private readonly mask: tf.Tensor | null;
  private readonly rowOrder: tf.Tensor1D | null;
  private readonly rowInverse: tf.Tensor1D | null;

  constructor(store: ParamStore, readonly name: string, readonly cIn: number, readonly cOut: number, readonly groups: number, readonly stride = 1, inputPermutation: Int32Array | null = null) {
    const g = groups;
    this.kernel = store.weight(`${name}.kernel`, [g, cIn / g, cOut / g], { kind: 'heFanOut', fanOut: cOut });
    // eye(g) shaped to broadcast against [g, cIn/g, 1, cOut/g] -> [g, cIn/g, g, cOut/g].
    this.mask = g > 1 ? tf.keep(tf.reshape(tf.eye(g), [g, 1, g, 1])) : null;
    this.rowOrder = inputPermutation ? tf.keep(tf.tensor1d(inputPermutation, 'int32')) : null;
    this.rowInverse = inputPermutation ? tf.keep(tf.tensor1d(inverse(inputPermutation), 'int32')) : null;
  }

  /** The dense [1, 1, cIn, cOut] weight that this layer computes with (also what export writes). */
  denseKernel(): tf.Tensor4D {
    return tf.tidy(() => {
      const g = this.groups;
      let w: tf.Tensor = this.kernel;
      if (this.mask) w = tf.mul(tf.reshape(w, [g, this.cIn / g, 1, this.cOut / g]), this.mask);
      w = tf.reshape(w, [this.cIn, this.cOut]);
      if (this.rowOrder && this.rowInverse) w = permuteRows(w as tf.Tensor2D, this.rowOrder, this.rowInverse);
      return tf.reshape(w, [1, 1, this.cIn, this.cOut]) as tf.Tensor4D;
    });
  }

  apply(x: tf.Tensor4D): tf.Tensor4D {
    return conv2d(x, this.denseKernel(), this.stride, 'same');
  }

  dispose(): void {
    this.mask?.dispose();
    this.rowOrder?.dispose();
    this.rowInverse?.dispose();
  }
}

function inverse(p: Int32Array): Int32Array {
  const inv = new Int32Array(p.length);
  p.forEach((v, i) => (inv[v] = i));
  return inv;
}

/**
 * w[order] with the gradient dy[inverse]: tf.gather's own gradient needs UnsortedSegmentSum,
 * which the wasm backend lacks, and a permutation's gradient is just the inverse permutation.
 */
function permuteRows(w: tf.Tensor2D, order: tf.Tensor1D, inv: tf.Tensor1D): tf.Tensor2D {
  const f = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => ({
    value: tf.gather(args[0] as tf.Tensor, order, 0),
    gradFunc: (dy: tf.Tensor | tf.Tensor[]) => tf.gather(dy as tf.Tensor, inv, 0),
  }));
  return f(w) as tf.Tensor2D;
}
