// Contract: one-call fused training ops, used when the current backend has nasflow's kernels for
// them (wasm: src/backend/kernels/train.ts) and null otherwise — the caller then runs its own
// composite of stock tf ops (the numeric reference on cpu). Values agree with those composites up
// to float rounding (tests/backend-train-kernels.test.ts). Results belong to the caller's scope.
//   bnTrainFused     BatchNorm(+clamp) with batch statistics, differentiable in x, gamma, beta
//   weightedSum      Σ_j m[:, active_j] · ys[j] (the mixed layer's output), differentiable in m and ys
//   sgdFused         one torch-style SGD update of a variable and its momentum buffer (not differentiable)
//   sgdFusedMany     the same for many variables in one kernel call
//   movingStatsFused both BatchNorm moving averages in one call (not differentiable)
import * as tf from '@tensorflow/tfjs-core';
import type { NamedAttrMap, NamedTensorMap } from '@tensorflow/tfjs-core';

const has = (name: string): boolean => tf.getKernel(name, tf.getBackend()) !== undefined;
const run = (name: string, inputs: Record<string, tf.Tensor> | tf.Tensor[], attrs: Record<string, unknown>): tf.Tensor[] =>
  tf.engine().runKernel(name, inputs as unknown as NamedTensorMap, attrs as NamedAttrMap) as unknown as tf.Tensor[];

export function bnTrainFused(x: tf.Tensor, gamma: tf.Tensor1D, beta: tf.Tensor1D, eps: number, lo: number, hi: number): { y: tf.Tensor; mean: tf.Tensor1D; variance: tf.Tensor1D } | null {
  if (!has('NasflowBatchNormTrain')) return null;
  const [y, mean, variance] = run('NasflowBatchNormTrain', { x, gamma, beta }, { eps, lo, hi });
  return { y: y!, mean: mean as tf.Tensor1D, variance: variance as tf.Tensor1D };
}

/** m [rows, K] with rows 1 or N = ys[j].shape[0]; ys[j] is candidate active[j]'s output. */
export function weightedSum(ys: tf.Tensor[], m: tf.Tensor2D, active: number[]): tf.Tensor | null {
  if (!has('NasflowMix') || ys.length !== active.length || ys.length === 0) return null;
  return run('NasflowMix', [m, ...ys], { active }) as unknown as tf.Tensor;
}

export function sgdFused(w: tf.Tensor, buf: tf.Tensor, g: tf.Tensor, lr: number, momentum: number, weightDecay: number): [tf.Tensor, tf.Tensor] | null {
  return sgdFusedMany([[w, buf, g]], lr, momentum, weightDecay)?.[0] ?? null;
}

/** sgdFused for many variables in one kernel call: per [w, buf, g] its [w', buf']. */
export function sgdFusedMany(items: readonly [tf.Tensor, tf.Tensor, tf.Tensor][], lr: number, momentum: number, weightDecay: number): [tf.Tensor, tf.Tensor][] | null {
  if (!has('NasflowSgd')) return null;
  if (items.length === 0) return [];
  const out = run('NasflowSgd', items.flat(), { lr, momentum, weightDecay });
  return items.map((_, i) => [out[2 * i]!, out[2 * i + 1]!]);
}

export function movingStatsFused(mm: tf.Tensor1D, mv: tf.Tensor1D, mean: tf.Tensor1D, variance: tf.Tensor1D, momentum: number): [tf.Tensor1D, tf.Tensor1D] | null {
  if (!has('NasflowMovingStats')) return null;
  const [a, b] = run('NasflowMovingStats', { mm, mv, mean, variance }, { momentum });
  return [a as tf.Tensor1D, b as tf.Tensor1D];
}
