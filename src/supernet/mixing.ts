// The candidate weights m of one mixed layer as a tensor [rows, K], built inside the caller's tape
// so θ receives gradients:
//   trainMix: softmax((θ + g) / τ)                       (soft)
//             onehot(argmax(θ + g)) forward, d/dsoft backward — straight-through Gumbel (hard)
//   evalMix:  'softmax'  softmax(θ)       every candidate, no noise (deterministic validation)
//             'argmax'   onehot(argmax θ) only the architecture `sample` would pick
import * as tf from '@tensorflow/tfjs-core';
import type { LayerSample, MixMode } from './gumbel.js';

// 'gumbel' is handled by the policy (it needs the noise stream and τ): the training mixture.
export type EvalMix = 'softmax' | 'argmax' | 'gumbel';

export interface LayerMix {
  /** [rows, K]; rows 1 broadcasts over the batch. */
  m: tf.Tensor2D;
  active: number[];
}

function oneHotRows(idx: ArrayLike<number>, k: number): tf.Tensor2D {
  const v = new Float32Array(idx.length * k);
  for (let r = 0; r < idx.length; r++) v[r * k + idx[r]!] = 1;
  return tf.tensor2d(v, [idx.length, k]);
}

/** Forward value `hard`, gradient passed unchanged to `soft` (y_hard - stopgrad(y_soft) + y_soft). */
function straightThrough(soft: tf.Tensor2D, hard: tf.Tensor2D): tf.Tensor2D {
  const f = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    void args;
    return { value: tf.clone(hard), gradFunc: (dy: tf.Tensor | tf.Tensor[]) => dy as tf.Tensor };
  });
  return f(soft) as tf.Tensor2D;
}

export function trainMix(theta: tf.Variable, s: LayerSample, tau: number, mode: MixMode): LayerMix {
  const k = theta.shape[0]!;
  const noise = tf.tensor2d(s.noise, [s.rows, k]);
  const soft = tf.softmax(tf.div(tf.add(tf.reshape(theta, [1, k]), noise), tau)) as tf.Tensor2D;
  if (mode === 'soft') return { m: soft, active: s.active };
  return { m: straightThrough(soft, oneHotRows(s.argmax, k)), active: s.active };
}

export function evalMix(theta: tf.Variable, values: ArrayLike<number>, how: EvalMix): LayerMix {
  const k = theta.shape[0]!;
  if (how === 'gumbel') throw new RangeError('evalMix: gumbel validation mixes come from the policy (noise and τ)');
  if (how === 'softmax') return { m: tf.softmax(tf.reshape(theta, [1, k])) as tf.Tensor2D, active: Array.from({ length: k }, (_, i) => i) };
  let best = 0;
  for (let i = 1; i < k; i++) if (values[i]! > values[best]!) best = i;
  return { m: oneHotRows([best], k), active: [best] };
}
