// One optimiser update of the supernet, and one validation batch.
//   trainStep  draws the layers' Gumbel noise (JS, from `rng`), runs the forward with the
//              strategy's mixing, the strategy's loss, and takes gradients with respect to the
//              target's variables only (a θ step computes no weight-filter gradients), then
//              applies the optimiser. Returns the batch's numbers for the epoch meters.
//   evalBatch  deterministic forward (BN moving statistics, no noise): CE and top-k hits.
import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../core/rng.js';
import type { SearchStrategy, UpdateTarget } from '../strategies/strategy.js';
import { sampleNetwork } from '../supernet/gumbel.js';
import { crossEntropy, supernetLoss } from '../supernet/loss.js';
import { evalMix, trainMix } from '../supernet/mixing.js';
import type { Supernet } from '../supernet/supernet.js';
import type { Batch } from './batches.js';
import { type StepNumbers, topkHits } from './metrics.js';
import type { Adam, Sgd } from './optimizers.js';

export type { StepNumbers } from './metrics.js';

export interface StepContext {
  net: Supernet;
  strategy: SearchStrategy;
  rng: Rng;
  tau: number;
  optimizers: { w: Sgd; theta: Adam };
  lr: { w: number; theta: number };
}

export function trainStep(c: StepContext, target: UpdateTarget, batch: Batch): StepNumbers {
  const { net, strategy: st } = c;
  const n = batch.labels.length;
  const samples = sampleNetwork(net.thetaValues(), st.scope === 'batch' ? 1 : n, c.rng, st.mode);
  const vars = net.variables(target).map((v) => v.variable);
  let kept: tf.Tensor[] = [];
  const { value, grads } = tf.variableGrads(() => {
    const mixes = net.layers.map((l, i) => trainMix(l.theta, samples[i]!, c.tau, st.mode));
    const { logits, cost } = net.forward(batch.x, mixes, true);
    const parts = supernetLoss(crossEntropy(logits, batch.labels), cost, st.loss, st.costScale);
    kept = [logits, parts.ce, parts.costTerm, tf.mean(cost)].map((t) => tf.keep(t));
    return parts.loss;
  }, vars);
  if (target === 'w') c.optimizers.w.step(grads, c.lr.w);
  else c.optimizers.theta.step(grads, c.lr.theta);
  const [logits, ce, costTerm, cost] = kept.map((t) => t.dataSync() as Float32Array) as [Float32Array, Float32Array, Float32Array, Float32Array];
  const loss = value.dataSync()[0]!;
  tf.dispose([value, ...Object.values(grads), ...kept]);
  if (!Number.isFinite(loss)) throw new RangeError(`${target} step: loss is ${loss} (ce ${ce[0]}, cost term ${costTerm[0]}, expected cost ${cost[0]}); lower the learning rate or check the cost scale`);
  const hits = topkHits(logits, batch.labels, net.spec.classes);
  return { loss, ce: ce[0]!, costTerm: costTerm[0]!, cost: cost[0]!, top1: hits.top1, top5: hits.topk };
}

export function evalBatch(net: Supernet, how: SearchStrategy['evalMix'], batch: Batch): { ce: number; top1: number; top5: number } {
  const thetas = net.thetaValues();
  const [logits, ce] = tf.tidy(() => {
    const mixes = net.layers.map((l, i) => evalMix(l.theta, thetas[i]!, how));
    const { logits } = net.forward(batch.x, mixes, false);
    return [logits, tf.sum(crossEntropy(logits, batch.labels))];
  });
  const out = { ce: ce!.dataSync()[0]!, ...topkHits(logits!.dataSync() as Float32Array, batch.labels, net.spec.classes) };
  tf.dispose([logits!, ce!]);
  return { ce: out.ce, top1: out.top1, top5: out.topk };
}
