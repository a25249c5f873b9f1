// The supernet loss, from per-sample cross-entropy ce [N] and expected cost [rows] (rows 1 with
// per-batch noise, N with per-sample noise). C = scale · cost (scale converts the table's unit so
// that log C > 0: the paper's form needs log(LAT) positive).
//   paper      mean_n( ce_n · α · (log C_n)^β )          FBNet eq. 2, the default
//   additive   mean_n( ce_n ) + λ · mean_r( log C_r )
//   target     mean_n( ce_n · (cost_n / T)^w )               MnasNet-style soft target: factor 1 at
//              the target T (w's learning rate is not rescaled), w from a user trade-off
//   reference  mean_n( α · β · ce_n · log C_n )          what the PyTorch reference computes
//              (α·ce·log(LAT^β)); kept only so runs can be compared with it
// costTerm is what multiplies (paper, reference) or is added to (additive) the cross-entropy.
// wLoss `ce`: the weights' update minimises the cross-entropy alone, θ's the whole loss.
import * as tf from '@tensorflow/tfjs-core';
import { ConfigError } from '../core/errors.js';

export type LossForm =
  | { form: 'paper'; alpha: number; beta: number }
  | { form: 'additive'; lambda: number }
  | { form: 'reference'; alpha: number; beta: number }
  | { form: 'target'; target: number; w: number };

/** target form: the exponent w with (1 + y/100)^w = 1 + x/100 — y % more cost for x % lower CE. */
export function tradeExponent(lossPercent: number, costPercent: number): number {
  return Math.log1p(lossPercent / 100) / Math.log1p(costPercent / 100);
}

export interface LossParts {
  loss: tf.Scalar;
  ce: tf.Scalar;
  costTerm: tf.Scalar;
}

/** Per-sample cross-entropy of logits [N, K] against integer labels. */
export function crossEntropy(logits: tf.Tensor2D, labels: Int32Array): tf.Tensor1D {
  const oneHot = tf.oneHot(tf.tensor1d(labels, 'int32'), logits.shape[1]);
  return tf.neg(tf.sum(tf.mul(oneHot, tf.logSoftmax(logits)), 1)) as tf.Tensor1D;
}

export function supernetLoss(ce: tf.Tensor1D, cost: tf.Tensor1D, f: LossForm, scale: number): LossParts {
  if (f.form === 'target') {
    const factor = tf.pow(tf.div(cost, f.target), f.w);
    return { loss: tf.mean(tf.mul(ce, factor)) as tf.Scalar, ce: tf.mean(ce) as tf.Scalar, costTerm: tf.mean(factor) as tf.Scalar };
  }
  const logC = tf.log(tf.mul(cost, scale));
  const meanCe = tf.mean(ce) as tf.Scalar;
  if (f.form === 'additive') {
    const term = tf.mul(f.lambda, tf.mean(logC)) as tf.Scalar;
    return { loss: tf.add(meanCe, term) as tf.Scalar, ce: meanCe, costTerm: term };
  }
  const factor = f.form === 'paper' ? tf.mul(f.alpha, tf.pow(logC, f.beta)) : tf.mul(f.alpha * f.beta, logC);
  return { loss: tf.mean(tf.mul(ce, factor)) as tf.Scalar, ce: meanCe, costTerm: tf.mean(factor) as tf.Scalar };
}

/**
 * What the weights' update minimises: `same` — the method's loss (the paper: one loss for w and θ);
 * `ce` — the cross-entropy alone. The cost term does not depend on w: in the product forms it only
 * rescales w's learning rate by α·log(C)^β (≈ 0.3 on the default space), a factor that drifts as θ
 * moves; `ce` keeps w's rate the configured one while θ still minimises the whole loss.
 */
export type WLoss = 'same' | 'ce';

/** The parts an update of `target` minimises: the cost-aware loss, or CE alone for w under wLoss `ce`. */
export function updateLoss(parts: LossParts, target: 'w' | 'arch', wLoss: WLoss = 'same'): LossParts {
  return target === 'w' && wLoss === 'ce' ? { ...parts, loss: tf.clone(parts.ce) } : parts;
}

/**
 * The loss is only defined when log(scale · cost) > 0 for every architecture (paper, reference) or
 * cost > 0 (additive): checked once on the cheapest architecture of the table.
 */
export function checkCostScale(minCost: number, f: LossForm, scale: number, file: string): void {
  const c = minCost * scale;
  if (f.form === 'target' ? minCost > 0 : f.form === 'additive' ? c > 0 : c > 1) return;
  throw new ConfigError(
    file,
    '/loss/costScale',
    `the cheapest architecture costs ${minCost} (x scale ${scale} = ${c}); the ${f.form} loss takes log(scale·cost)${f.form === 'additive' ? '' : '^β'} and needs scale·cost ${f.form === 'additive' ? '> 0' : '> 1'}: raise costScale`,
  );
}
