// One optimiser update of the supernet, and one validation batch; method-neutral.
//   trainStep  the method's policy builds this step's mixes (drawing its randomness from `rng`),
//              the supernet runs forward, the method's loss is taken, gradients are computed for
//              the target's optimiser variables only (an arch step computes no weight-filter
//              gradients; a single-path step yields none for blocks off the path), and the
//              optimiser steps. Returns the batch's numbers for the epoch meters.
//   evalBatch  a forward with the policy's validation mixes, with BN moving statistics — or, for a
//              method that asks (evalBatchStats), the batch's own statistics with the moving ones
//              left as they are and the head's dropout seed restored: CE, top-k hits.
import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../core/rng.js';
import type { Method, TrainSplit, UpdateTarget } from '../methods/method.js';
import { setBnStatsSink } from '../ops/layers/batchnorm.js';
import { crossEntropy } from '../supernet/loss.js';
import type { LayerMix } from '../supernet/mixing.js';
import type { SearchNet } from '../supernet/search-net.js';
import type { Batch } from './batches.js';
import { type StepNumbers, topkHits } from './metrics.js';
import type { Adam, Grads, Sgd } from './optimizers.js';

export type { StepNumbers } from './metrics.js';

export interface StepContext {
  net: SearchNet;
  method: Method;
  rng: Rng;
  temperature: number;
  optimizers: { w: Sgd; arch: Adam | null };
  lr: { w: number; arch: number | null };
}

/** The loss an update of `target` minimises on one batch, its gradients for `vars`, and the numbers the meters read (kept). */
export interface LossGrads {
  value: tf.Scalar;
  grads: Grads;
  /** logits, ce, cost term, mean expected cost: kept, the caller disposes them. */
  kept: tf.Tensor[];
}

export function lossGrads(c: StepContext, batch: Batch, vars: tf.Variable[], target: UpdateTarget): LossGrads {
  let kept: tf.Tensor[] = [];
  const { value, grads } = tf.variableGrads(() => {
    const mixes = c.method.policy.trainMixes(c.rng, batch.labels.length, c.temperature);
    const { logits, cost } = c.net.forward(batch.x, mixes, true);
    const parts = c.method.loss(logits, batch.labels, cost, target);
    kept = [logits, parts.ce, parts.costTerm, tf.mean(cost)].map((t) => tf.keep(t));
    return parts.loss;
  }, vars);
  return { value, grads, kept };
}

/**
 * One update of `target` on `batch`. `others` are the batches the phase's other updates take at
 * this step (by split): a method with its own architecture gradient (archGradients, e.g. DARTS'
 * second order, which unrolls a weight step on the train_w batch) gets them.
 */
export function trainStep(c: StepContext, target: UpdateTarget, batch: Batch, others: Partial<Record<TrainSplit, Batch>> = {}): StepNumbers {
  const { net, method } = c;
  const opt = target === 'w' ? c.optimizers.w : c.optimizers.arch;
  const lr = target === 'w' ? c.lr.w : c.lr.arch;
  if (!opt || lr === null) throw new RangeError(`method ${method.name} has no ${target} optimiser in this epoch`);
  const vars = opt.targets().map((v) => v.variable);
  const custom = target === 'arch' ? method.archGradients : undefined;
  const { value, grads, kept } = custom ? custom(c, batch, others) : lossGrads(c, batch, vars, target);
  opt.step(grads, lr);
  const [logits, ce, costTerm, cost] = kept.map((t) => t.dataSync() as Float32Array) as [Float32Array, Float32Array, Float32Array, Float32Array];
  const loss = value.dataSync()[0]!;
  tf.dispose([value, ...Object.values(grads), ...kept]);
  if (!Number.isFinite(loss)) throw new RangeError(`${target} step: loss is ${loss} (ce ${ce[0]}, cost term ${costTerm[0]}, expected cost ${cost[0]}); lower the learning rate or check the cost scale`);
  const hits = topkHits(logits, batch.labels, net.classes);
  return { loss, ce: ce[0]!, costTerm: costTerm[0]!, cost: cost[0]!, top1: hits.top1, top5: hits.topk };
}

export function evalBatch(net: SearchNet, method: Method, rng: Rng, batch: Batch, temperature = 1, mixes?: () => LayerMix[]): { ce: number; top1: number; top5: number } {
  const dropoutSeed = net.dropoutSeed;
  if (method.evalBatchStats) setBnStatsSink(() => {});
  let logits: tf.Tensor2D | undefined;
  let ce: tf.Tensor | undefined;
  try {
    [logits, ce] = tf.tidy(() => {
      const { logits } = net.forward(batch.x, mixes ? mixes() : method.policy.evalMixes(rng, temperature), method.evalBatchStats);
      return [logits, tf.sum(crossEntropy(logits, batch.labels))];
    });
  } finally {
    setBnStatsSink(null);
    net.dropoutSeed = dropoutSeed;
  }
  const out = { ce: ce!.dataSync()[0]!, ...topkHits(logits!.dataSync() as Float32Array, batch.labels, net.classes) };
  tf.dispose([logits!, ce!]);
  return { ce: out.ce, top1: out.top1, top5: out.topk };
}
