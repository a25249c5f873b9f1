// The fixed layers around the searched blocks.
//   Stem: k x k conv (stride, no bias) + BN + ReLU.                       (FBNet add_first)
//   Head: [1x1 conv to cOut + (BN | bias) + optional ReLU] -> global average pool -> dropout
//         (training only) -> dense to classes (bias). Returns logits [N, classes].
// Same ownership contract as blocks: variables in `store`, apply(x, training), dispose().
import * as tf from '@tensorflow/tfjs-core';
import { BatchNorm } from '../layers/batchnorm.js';
import { Conv } from '../layers/conv.js';
import { ParamStore } from '../layers/params.js';
import { Rng } from '../../core/rng.js';

export class Stem {
  readonly store: ParamStore;
  readonly conv: Conv;
  readonly bn: BatchNorm;
  constructor(readonly cIn: number, readonly cOut: number, readonly kernel: number, readonly stride: number, rng: Rng) {
    this.store = new ParamStore(rng);
    this.conv = new Conv(this.store, 'conv', cIn, cOut, kernel, stride);
    this.bn = new BatchNorm(this.store, 'bn', cOut, 'relu');
  }
  apply(x: tf.Tensor4D, training: boolean): tf.Tensor4D {
    return this.bn.apply(this.conv.apply(x), training);
  }
  dispose(): void {
    this.store.dispose();
  }
}

export interface HeadOptions {
  cOut: number | null;
  norm: 'bn' | 'bias';
  relu: boolean;
  dropout: number;
}

export class Head {
  readonly store: ParamStore;
  readonly conv: { conv: Conv; bn: BatchNorm | null; bias: tf.Variable | null } | null;
  readonly dense: { kernel: tf.Variable; bias: tf.Variable };
  /** Seed of the next training forward's dropout mask; it advances per call and is part of a resumable state. */
  dropoutSeed: number;

  constructor(readonly cIn: number, readonly opts: HeadOptions, readonly classes: number, rng: Rng) {
    this.store = new ParamStore(rng);
    const s = this.store;
    const { cOut, norm, relu } = opts;
    this.conv =
      cOut === null
        ? null
        : {
            conv: new Conv(s, 'conv', cIn, cOut, 1, 1),
            bn: norm === 'bn' ? new BatchNorm(s, 'bn', cOut, relu ? 'relu' : 'none') : null,
            bias: norm === 'bias' ? s.weight('conv.bias', [cOut], { kind: 'zeros' }) : null,
          };
    const features = cOut ?? cIn;
    this.dense = {
      kernel: s.weight('dense.kernel', [features, classes], { kind: 'uniform', bound: 1 / Math.sqrt(features) }),
      bias: s.weight('dense.bias', [classes], { kind: 'zeros' }),
    };
    this.dropoutSeed = rng.int(0, 2 ** 30);
  }

  apply(x: tf.Tensor4D, training: boolean): tf.Tensor2D {
    let y: tf.Tensor4D = x;
    if (this.conv) {
      y = this.conv.conv.apply(y);
      if (this.conv.bn) y = this.conv.bn.apply(y, training);
      if (this.conv.bias) y = tf.add(y, this.conv.bias);
      if (!this.conv.bn && this.opts.relu) y = tf.relu(y);
    }
    let f = tf.mean(y, [1, 2]) as tf.Tensor2D;
    // A fresh seed per call: each batch gets its own mask, reproducibly from the init seed.
    if (training && this.opts.dropout > 0) f = tf.dropout(f, this.opts.dropout, undefined, this.dropoutSeed++) as tf.Tensor2D;
    return tf.add(tf.matMul(f, this.dense.kernel as tf.Tensor2D), this.dense.bias) as tf.Tensor2D;
  }

  dispose(): void {
    this.store.dispose();
  }
}
