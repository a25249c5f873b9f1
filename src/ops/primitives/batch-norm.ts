// Contract: BatchNorm over the last (channel) axis of an NHWC tensor, optionally fused with its
// activation (ReLU or ReLU6), in two modes:
//   batchNormTrain(x, gamma, beta, opts) -> { y, mean, variance }
//     normalises with this batch's statistics over N,H,W; `mean`/`variance` (biased) are returned
//     so the caller can update moving averages (updateMovingStats); they carry no gradient.
//     The backward is closed-form (tf.customGrad): dbeta = sum g, dgamma = sum g*xhat,
//     dx = gamma*invstd*(g - mean(g) - xhat*mean(g*xhat)), with g the activation's gradient.
//   batchNormInfer(x, gamma, beta, movingMean, movingVar, opts) -> y
//     uses the moving statistics; differentiable w.r.t. x, gamma, beta (frozen-BN fine-tuning).
// Both run every full-size pass through one-pass per-channel kernels (src/backend/fused), never
// through tf.moments/sum over N,H,W (slow on wasm) nor autodiff of them (AvgPoolGrad: seconds).
// Activation gradients are taken from the output y: 0 < y < hi (ReLU6 at exactly 6 gets 0), and
// fused into the backward passes (src/backend/fused bnGradSums / bnGradInput).

import * as tf from '@tensorflow/tfjs-core';
import { bnGradInput, bnGradSums, bnTrainFused, channelAffine, channelMoments, movingStatsFused } from '../../backend/index.js';

export type BnActivation = 'none' | 'relu' | 'relu6';
export interface BatchNormOptions {
  /** Added to the variance before the square root; 1e-5 like PyTorch. */
  epsilon?: number;
  /** Activation applied after the affine transform, fused into the same pass. */
  activation?: BnActivation;
}
export interface BatchNormTrainResult {
  y: tf.Tensor;
  mean: tf.Tensor1D;
  variance: tf.Tensor1D;
}

const BOUNDS: Record<BnActivation, [number, number]> = { none: [-Infinity, Infinity], relu: [0, Infinity], relu6: [0, 6] };

const rowsOf = (x: tf.Tensor): number => x.size / (x.shape[x.shape.length - 1] ?? 1);

export function batchNormTrain(x: tf.Tensor, gamma: tf.Tensor1D, beta: tf.Tensor1D, opts: BatchNormOptions = {}): BatchNormTrainResult {
  const eps = opts.epsilon ?? 1e-5;
  const act = opts.activation ?? 'none';
  const [lo, hi] = BOUNDS[act];
  // One kernel each way where the backend has it (wasm); the composite below is the reference.
  const fused = bnTrainFused(x, gamma, beta, eps, lo, hi);
  if (fused) return fused;
  const P = rowsOf(x);
  // Statistics and the per-channel affine coefficients live outside the custom gradient: they are
  // constants to autodiff (the closed form below accounts for their dependence on x and gamma).
  const { mean, variance } = channelMoments(x);
  const invstd = tf.rsqrt(tf.add(variance, eps)) as tf.Tensor1D;
  const a = tf.mul(gamma, invstd) as tf.Tensor1D;
  const b = tf.sub(beta, tf.mul(mean, a)) as tf.Tensor1D;
  // tfjs runs the forward of a gradient computation in its own tidy: everything the backward
  // needs must go through save(), closures over tensors would see them disposed.
  const bn = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const xi = args[0] as tf.Tensor;
    const save = args[3] as tf.GradSaveFunc;
    const y = channelAffine(xi, a, b, lo, hi);
    save([xi, y, a, mean, invstd]);
    return {
      value: y,
      gradFunc: (dy, saved) => {
        const [sx, sy, sa, smean, sinv] = saved as [tf.Tensor, tf.Tensor, tf.Tensor1D, tf.Tensor1D, tf.Tensor1D];
        const { sumDy, sumDyX } = bnGradSums(dy as tf.Tensor, sy, sx, smean, lo, hi);
        return tf.tidy(() => {
          const m2 = tf.mul(sumDyX, tf.div(sinv, P)); // mean(g * xhat)
          const k1 = tf.neg(tf.mul(sa, tf.mul(m2, sinv))) as tf.Tensor1D;
          const k2 = tf.sub(tf.neg(tf.mul(sa, tf.div(sumDy, P))), tf.mul(k1, smean)) as tf.Tensor1D;
          const dx = bnGradInput(dy as tf.Tensor, sy, sx, sa, k1, k2, lo, hi);
          return [dx, tf.mul(sumDyX, sinv), sumDy];
        });
      },
    };
  });
  return { y: bn(x, gamma, beta), mean, variance };
}

export function batchNormInfer(x: tf.Tensor, gamma: tf.Tensor1D, beta: tf.Tensor1D, movingMean: tf.Tensor1D, movingVar: tf.Tensor1D, opts: BatchNormOptions = {}): tf.Tensor {
  const eps = opts.epsilon ?? 1e-5;
  const act = opts.activation ?? 'none';
  const [lo, hi] = BOUNDS[act];
  const invstd = tf.rsqrt(tf.add(movingVar, eps)) as tf.Tensor1D;
  const a = tf.mul(gamma, invstd) as tf.Tensor1D;
  const b = tf.sub(beta, tf.mul(movingMean, a)) as tf.Tensor1D;
  const bn = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const xi = args[0] as tf.Tensor;
    const save = args[3] as tf.GradSaveFunc;
    const y = channelAffine(xi, a, b, lo, hi);
    save([xi, y, a, movingMean, invstd]);
    return {
      value: y,
      gradFunc: (dy, saved) => {
        const [sx, sy, sa, smean, sinv] = saved as [tf.Tensor, tf.Tensor, tf.Tensor1D, tf.Tensor1D, tf.Tensor1D];
        const { sumDy, sumDyX } = bnGradSums(dy as tf.Tensor, sy, sx, smean, lo, hi);
        const zero = tf.zerosLike(sa) as tf.Tensor1D;
        return [bnGradInput(dy as tf.Tensor, sy, sx, sa, zero, zero, lo, hi), tf.mul(sumDyX, sinv), sumDy];
      },
    };
  });
  return bn(x, gamma, beta);
}

/** moving = momentum * moving + (1 - momentum) * batch, for mean and variance, in place. */
export function updateMovingStats(movingMean: tf.Variable, movingVar: tf.Variable, mean: tf.Tensor1D, variance: tf.Tensor1D, momentum = 0.9): void {
  tf.tidy(() => {
    const fused = movingStatsFused(movingMean as tf.Tensor1D, movingVar as tf.Tensor1D, mean, variance, momentum);
    if (fused) {
      movingMean.assign(fused[0]);
      movingVar.assign(fused[1]);
      return;
    }
    movingMean.assign(tf.add(tf.mul(movingMean, momentum), tf.mul(mean, 1 - momentum)));
    movingVar.assign(tf.add(tf.mul(movingVar, momentum), tf.mul(variance, 1 - momentum)));
  });
}
