// DARTS' second-order architecture gradient (quark0/darts architect.py _backward_step_unrolled):
//   w' = w − ξ·(μ·buf + ∇w L_train(w, α) + wd·w)        one virtual SGD step, ξ the current w lr,
//                                                          momentum buffer and weight decay included
//   g  = ∇α L_val(w', α)  −  ξ · ∇²_{α,w} L_train(w, α) · ∇w' L_val(w', α)
// the second term by the finite-difference Hessian-vector product
//   ≈ (∇α L_train(w⁺, α) − ∇α L_train(w⁻, α)) / 2ε,  w± = w ± ε·∇w' L_val,  ε = 0.01 / ‖∇w' L_val‖.
// The weights are restored afterwards. The auxiliary passes run in training mode (batch
// statistics) but leave the BN moving averages alone (DARTS runs the unrolled pass on a copy).
// Returns the val loss at w' with its meter numbers, and the architecture gradient.
import * as tf from '@tensorflow/tfjs-core';
import { setBnStatsSink } from '../ops/layers/batchnorm.js';
import type { Batch } from '../train/batches.js';
import type { Grads } from '../train/optimizers.js';
import { type LossGrads, lossGrads, type StepContext } from '../train/step.js';
import type { TrainSplit } from './method.js';

export function unrolledArchGradients(c: StepContext, valBatch: Batch, others: Partial<Record<TrainSplit, Batch>>): LossGrads {
  const trainBatch = others.train_w;
  if (!trainBatch || !c.optimizers.arch) throw new RangeError('second-order DARTS: the arch update needs a w optimiser, an arch optimiser and the train_w batch of its phase');
  const wOpt = c.optimizers.w;
  const ws = wOpt.targets().map((v) => v.variable);
  const alphas = c.optimizers.arch.targets().map((v) => v.variable);
  const xi = c.lr.w;
  const { momentum, weightDecay } = wOpt.o;
  const original = ws.map((w) => tf.keep(tf.clone(w)));
  const free = (g: LossGrads): void => tf.dispose([g.value, ...g.kept, ...Object.values(g.grads)]);
  setBnStatsSink(() => {});
  try {
    const g1 = lossGrads(c, trainBatch, ws, 'w');
    tf.tidy(() => {
      ws.forEach((w, i) => {
        const g = g1.grads[w.name] ?? tf.zerosLike(w);
        const buf = wOpt.momentumOf(w);
        const step = tf.add(tf.add(g, tf.mul(original[i]!, weightDecay)), buf ? tf.mul(buf, momentum) : 0);
        w.assign(tf.sub(original[i]!, tf.mul(step, xi)));
      });
    });
    free(g1);
    const atUnrolled = lossGrads(c, valBatch, [...alphas, ...ws], 'arch');
    const dw = ws.map((w) => atUnrolled.grads[w.name] ?? tf.zerosLike(w));
    const norm = Math.sqrt(tf.tidy(() => tf.addN(dw.map((g) => tf.sum(tf.square(g))))).dataSync()[0]!);
    const eps = 0.01 / Math.max(norm, 1e-12);
    const trainAlphaGrads = (sign: 1 | -1): Grads => {
      tf.tidy(() => ws.forEach((w, i) => w.assign(tf.add(original[i]!, tf.mul(dw[i]!, sign * eps)))));
      const g = lossGrads(c, trainBatch, alphas, 'w'); // ∇α of w's objective: the Hessian term of the w step
      tf.dispose([g.value, ...g.kept]);
      return g.grads;
    };
    const plus = trainAlphaGrads(1);
    const minus = trainAlphaGrads(-1);
    const grads: Grads = {};
    for (const a of alphas) {
      grads[a.name] = tf.tidy(() => {
        const direct = atUnrolled.grads[a.name] ?? tf.zerosLike(a);
        const hvp = tf.div(tf.sub(plus[a.name] ?? tf.zerosLike(a), minus[a.name] ?? tf.zerosLike(a)), 2 * eps);
        return tf.sub(direct, tf.mul(hvp, xi));
      });
    }
    tf.dispose([...Object.values(plus), ...Object.values(minus), ...Object.values(atUnrolled.grads), ...dw.filter((g) => !Object.values(atUnrolled.grads).includes(g))]);
    return { value: atUnrolled.value, grads, kept: atUnrolled.kept };
  } finally {
    tf.tidy(() => ws.forEach((w, i) => w.assign(original[i]!)));
    tf.dispose(original);
    setBnStatsSink(null);
  }
}
