// Contract: per-channel helpers over the last axis of a float32 tensor (P rows of C channels),
// each computed in one pass by nasflow's kernel when the current backend has it (wasm), else by
// stock tf ops (cpu, tensorflow) with identical results up to float rounding. None of them is
// differentiable: they exist to build closed-form gradients (see src/ops/primitives). Results
// belong to the caller's scope like any tf op output.

import * as tf from '@tensorflow/tfjs-core';

type Attrs = Record<string, number>;
const has = (name: string): boolean => tf.getKernel(name, tf.getBackend()) !== undefined;
const run = (name: string, inputs: Record<string, tf.Tensor>, attrs: Attrs = {}): tf.Tensor | tf.Tensor[] =>
  tf.engine().runKernel(name, inputs as unknown as tf.NamedTensorMap, attrs as unknown as tf.NamedAttrMap) as tf.Tensor | tf.Tensor[];
const run1 = (name: string, inputs: Record<string, tf.Tensor>, attrs: Attrs = {}): tf.Tensor => run(name, inputs, attrs) as tf.Tensor;
const run2 = (name: string, inputs: Record<string, tf.Tensor>): [tf.Tensor1D, tf.Tensor1D] => run(name, inputs) as [tf.Tensor1D, tf.Tensor1D];
const lead = (x: tf.Tensor): number[] => x.shape.slice(0, -1).map((_, i) => i);

/** Per-channel mean and biased variance over all leading axes. */
export function channelMoments(x: tf.Tensor): { mean: tf.Tensor1D; variance: tf.Tensor1D } {
  if (has('NasflowChannelStats')) {
    const [mean, variance] = run2('NasflowChannelStats', { x });
    return { mean, variance };
  }
  const { mean, variance } = tf.moments(x, lead(x));
  return { mean: mean as tf.Tensor1D, variance: variance as tf.Tensor1D };
}

/** Per-channel sum of dy and of dy * (x - center), over all leading axes. */
export function channelDot(dy: tf.Tensor, x: tf.Tensor, center: tf.Tensor1D): { sumDy: tf.Tensor1D; sumDyX: tf.Tensor1D } {
  if (has('NasflowChannelDot')) {
    const [sumDy, sumDyX] = run2('NasflowChannelDot', { dy, x, center });
    return { sumDy, sumDyX };
  }
  return tf.tidy(() => ({ sumDy: tf.sum(dy, lead(dy)) as tf.Tensor1D, sumDyX: tf.sum(tf.mul(dy, tf.sub(x, center)), lead(dy)) as tf.Tensor1D }));
}

/** clamp(x * a + b, lo, hi) with per-channel a, b; lo/hi may be ±Infinity (no clamp). */
export function channelAffine(x: tf.Tensor, a: tf.Tensor1D, b: tf.Tensor1D, lo = -Infinity, hi = Infinity): tf.Tensor {
  if (has('NasflowAffine')) return run1('NasflowAffine', { x, a, b }, { lo, hi });
  return tf.tidy(() => {
    const y = tf.add(tf.mul(x, a), b);
    return lo === -Infinity && hi === Infinity ? y : tf.clipByValue(y, lo, hi);
  });
}

/** u * a + v * b + k with per-channel a, b, k. */
export function channelAffine2(u: tf.Tensor, a: tf.Tensor1D, v: tf.Tensor, b: tf.Tensor1D, k: tf.Tensor1D): tf.Tensor {
  if (has('NasflowAffine2')) return run1('NasflowAffine2', { u, a, v, b, k });
  return tf.tidy(() => tf.add(tf.add(tf.mul(u, a), tf.mul(v, b)), k));
}

/** Gradient through a clamp to [lo, hi], from the clamp's output y: dy where lo < y < hi, else 0. */
export function clampGrad(dy: tf.Tensor, y: tf.Tensor, lo: number, hi: number): tf.Tensor {
  if (has('NasflowClampGrad')) return run1('NasflowClampGrad', { dy, y }, { lo, hi });
  return tf.tidy(() => tf.where(tf.logicalAnd(tf.greater(y, lo), tf.less(y, hi)), dy, tf.zerosLike(dy)));
}

/**
 * BatchNorm(+clamp) backward sums, with g = clampGrad(dy, y, lo, hi) (lo/hi = ±Infinity: g = dy):
 * per-channel sum of g and of g * (x - center). One pass on wasm, g never materialised.
 */
export function bnGradSums(dy: tf.Tensor, y: tf.Tensor, x: tf.Tensor, center: tf.Tensor1D, lo: number, hi: number): { sumDy: tf.Tensor1D; sumDyX: tf.Tensor1D } {
  if (has('NasflowBnGradSums')) {
    const [sumDy, sumDyX] = run('NasflowBnGradSums', { dy, y, x, center }, { lo, hi }) as [tf.Tensor1D, tf.Tensor1D];
    return { sumDy, sumDyX };
  }
  const g = clampGrad(dy, y, lo, hi);
  const out = channelDot(g, x, center);
  g.dispose();
  return out;
}

/** BatchNorm(+clamp) input gradient g * a + x * k1 + k2 (per-channel a, k1, k2; g as in bnGradSums). */
export function bnGradInput(dy: tf.Tensor, y: tf.Tensor, x: tf.Tensor, a: tf.Tensor1D, k1: tf.Tensor1D, k2: tf.Tensor1D, lo: number, hi: number): tf.Tensor {
  if (has('NasflowBnGradInput')) return run1('NasflowBnGradInput', { dy, y, x, a, k1, k2 }, { lo, hi });
  return tf.tidy(() => channelAffine2(clampGrad(dy, y, lo, hi), a, x, k1, k2));
}
