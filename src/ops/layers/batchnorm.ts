// BatchNorm over channels (NHWC), optionally fused with ReLU, as a layer that owns its variables:
// gamma, beta (trainable) and moving mean / moving variance (state). Training mode normalises with
// the batch's statistics and updates the moving averages (momentum 0.9, i.e. PyTorch's 0.1;
// biased batch variance); inference mode uses the moving averages. epsilon 1e-5 (PyTorch's).
// The math lives in src/ops/primitives/batch-norm.ts (closed-form backward, fast reductions).
import * as tf from '@tensorflow/tfjs-core';
import { type BnActivation, batchNormInfer, batchNormTrain, updateMovingStats } from '../primitives/batch-norm.js';
import type { ParamStore } from './params.js';

export const BN_EPSILON = 1e-5;
export const BN_MOMENTUM = 0.9;

/**
 * Receives a training-mode batch's statistics INSTEAD of the moving-average update while set
 * (BN recalibration, src/supernet/recalibrate.ts, accumulates exact cumulative moments).
 * `rows` = N·H·W, the values each channel's statistics cover.
 */
export type BnStatsSink = (bn: BatchNorm, mean: tf.Tensor1D, variance: tf.Tensor1D, rows: number) => void;
let statsSink: BnStatsSink | null = null;

export function setBnStatsSink(sink: BnStatsSink | null): void {
  statsSink = sink;
}

export class BatchNorm {
  readonly gamma: tf.Variable;
  readonly beta: tf.Variable;
  readonly movingMean: tf.Variable;
  readonly movingVar: tf.Variable;

  constructor(
    store: ParamStore,
    readonly name: string,
    readonly channels: number,
    readonly activation: BnActivation = 'none',
  ) {
    this.gamma = store.weight(`${name}.gamma`, [channels], { kind: 'ones' });
    this.beta = store.weight(`${name}.beta`, [channels], { kind: 'zeros' });
    this.movingMean = store.stat(`${name}.moving_mean`, [channels], { kind: 'zeros' });
    this.movingVar = store.stat(`${name}.moving_var`, [channels], { kind: 'ones' });
  }

  apply(x: tf.Tensor4D, training: boolean): tf.Tensor4D {
    const opts = { epsilon: BN_EPSILON, activation: this.activation };
    const gamma = this.gamma as tf.Tensor1D;
    const beta = this.beta as tf.Tensor1D;
    if (!training) return batchNormInfer(x, gamma, beta, this.movingMean as tf.Tensor1D, this.movingVar as tf.Tensor1D, opts) as tf.Tensor4D;
    const { y, mean, variance } = batchNormTrain(x, gamma, beta, opts);
    // mean/variance stay alive: the backward closes over them; the caller's tidy releases them.
    if (statsSink) statsSink(this, mean, variance, x.size / this.channels);
    else updateMovingStats(this.movingMean, this.movingVar, mean, variance, BN_MOMENTUM);
    return y as tf.Tensor4D;
  }
}
