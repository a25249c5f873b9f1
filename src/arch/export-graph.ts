// The Keras-layers graph an export is assembled in: applies stock tfjs-layers layers to symbolic
// tensors and queues each layer's weights, set once the model exists (when layers are built).
// BatchNormalization layers get nasflow's epsilon and moving statistics.
import type * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { BN_EPSILON, type BatchNorm } from '../ops/layers/batchnorm.js';

export type Sym = tfl.SymbolicTensor;

export class Graph {
  readonly pending: [tfl.layers.Layer, tf.Tensor[]][] = [];
  add(layer: tfl.layers.Layer, x: Sym | Sym[], weights: tf.Tensor[] = []): Sym {
    if (weights.length) this.pending.push([layer, weights]);
    return layer.apply(x) as Sym;
  }
  conv(name: string, x: Sym, kernel: tf.Tensor, stride: number, extra: tf.Tensor[] = [], activation: 'linear' | 'relu' | 'sigmoid' = 'linear'): Sym {
    const [k, , , filters] = kernel.shape as [number, number, number, number];
    const layer = tfl.layers.conv2d({ name, filters, kernelSize: k, strides: stride, padding: 'same', useBias: extra.length > 0, activation });
    return this.add(layer, x, [kernel, ...extra]);
  }
  dw(name: string, x: Sym, kernel: tf.Tensor, stride: number): Sym {
    const k = kernel.shape[0]!;
    return this.add(tfl.layers.depthwiseConv2d({ name, kernelSize: k, strides: stride, padding: 'same', depthMultiplier: 1, useBias: false }), x, [kernel]);
  }
  relu(name: string, x: Sym): Sym {
    return this.add(tfl.layers.activation({ name, activation: 'relu' }), x);
  }
  bn(name: string, x: Sym, bn: BatchNorm): Sym {
    const y = this.add(tfl.layers.batchNormalization({ name, axis: -1, epsilon: BN_EPSILON }), x, [bn.gamma, bn.beta, bn.movingMean, bn.movingVar]);
    return bn.activation === 'relu' ? this.relu(`${name}_relu`, y) : y;
  }
}
