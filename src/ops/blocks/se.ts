// Squeeze-excitation as in the FBNet reference SEModule: global average pool -> 1x1 conv (bias) to
// max(C/4, 8) -> ReLU -> 1x1 conv (bias) back to C -> sigmoid -> rescale the input per channel.
// The 1x1 convs on a 1x1 map are computed as matMuls on [N, C]; weights are stored as conv
// kernels [1, 1, in, out] so export writes them unchanged.
import * as tf from '@tensorflow/tfjs-core';
import { seChannels } from '../op.js';
import type { ParamStore } from '../layers/params.js';

export class SqueezeExcite {
  readonly mid: number;
  readonly reduceKernel: tf.Variable;
  readonly reduceBias: tf.Variable;
  readonly expandKernel: tf.Variable;
  readonly expandBias: tf.Variable;

  constructor(store: ParamStore, readonly name: string, readonly channels: number) {
    const c = channels;
    const s = (this.mid = seChannels(c));
    // PyTorch Conv2d default: uniform(+-1/sqrt(fanIn)); biases start at zero.
    this.reduceKernel = store.weight(`${name}.reduce.kernel`, [1, 1, c, s], { kind: 'uniform', bound: 1 / Math.sqrt(c) });
    this.reduceBias = store.weight(`${name}.reduce.bias`, [s], { kind: 'zeros' });
    this.expandKernel = store.weight(`${name}.expand.kernel`, [1, 1, s, c], { kind: 'uniform', bound: 1 / Math.sqrt(s) });
    this.expandBias = store.weight(`${name}.expand.bias`, [c], { kind: 'zeros' });
  }

  apply(x: tf.Tensor4D): tf.Tensor4D {
    const [n] = x.shape;
    const c = this.channels;
    const pooled = tf.mean(x, [1, 2]) as tf.Tensor2D;
    const z = tf.relu(tf.add(tf.matMul(pooled, tf.reshape(this.reduceKernel, [c, this.mid]) as tf.Tensor2D), this.reduceBias));
    const gate = tf.sigmoid(tf.add(tf.matMul(z as tf.Tensor2D, tf.reshape(this.expandKernel, [this.mid, c]) as tf.Tensor2D), this.expandBias));
    return tf.mul(x, tf.reshape(gate, [n, 1, 1, c])) as tf.Tensor4D;
  }
}
