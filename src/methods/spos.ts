// SPOS (single path one-shot, Guo et al. 2020) as a method module:
//   policy      uniform single path: every step draws one value per choice uniformly, optionally
//               only paths whose cost lies in a band (rejection, as the official FLOPs bins)
//   phases      one w phase per epoch on train_w; no architecture parameters (searches: never)
//   loss        cross-entropy with label smoothing; no cost term (the cost enters at evolution)
//   optimiser   SGD + momentum + L2, lr decaying linearly to 0 over all steps; variables off the
//               sampled path get no gradient and are skipped (no momentum or decay drift);
//               bnAffine false keeps the searchable layers' BN scale/shift out of training
//   validation  one seeded random path per val batch, normalised with the batch's own BN
//               statistics (the moving ones mix all paths; the sample stage recalibrates)
import * as tf from '@tensorflow/tfjs-core';
import { smoothedCrossEntropy } from '../retrain/loss.js';
import { crossEntropy } from '../supernet/loss.js';
import { Sgd } from '../train/optimizers.js';
import type { SposSupernetConfig } from '../types/generated.js';
import type { Method, Phase } from './method.js';
import { UniformPathPolicy } from './policies/uniform.js';
import { type MethodContext, type MethodEntry, tableOf } from './registry.js';

const W: Phase = { name: 'w', updates: [{ target: 'w', split: 'train_w' }] };

/** Searchable layers' BN scale and shift ("layers.<i>.<op>.<bn>.gamma|beta"). */
export const isLayerBnAffine = (name: string): boolean => /^layers\..*\.(gamma|beta)$/.test(name);

export function spos(c: SposSupernetConfig, ctx: MethodContext): Method {
  const costs = tableOf(ctx, 'spos');
  const band = c.costBand && {
    min: c.costBand.min,
    max: c.costBand.max,
    maxTries: c.costBand.maxTries,
    cost: (picks: readonly number[]) => picks.reduce((s, p, l) => s + costs.costs[l]![p]!, costs.fixed),
  };
  const policy = new UniformPathPolicy(ctx.choices, band);
  return {
    name: 'spos',
    policy,
    epochs: c.epochs,
    searches: () => false,
    phases: () => [W],
    temperature: () => null,
    lr: (e, f) => ({ w: c.optimizer.lr * Math.max(0, 1 - (e + f) / c.epochs), arch: null }),
    loss: (logits, labels) => {
      const ce = tf.mean(crossEntropy(logits, labels)) as tf.Scalar;
      const loss = c.labelSmoothing > 0 ? smoothedCrossEntropy(logits, labels, c.labelSmoothing) : ce;
      return { loss, ce, costTerm: tf.scalar(0) };
    },
    optimizers: (net) => ({
      w: new Sgd(net.variables('w').filter((v) => c.bnAffine || !isLayerBnAffine(v.name)), { momentum: c.optimizer.momentum, weightDecay: c.optimizer.weightDecay }),
      arch: null,
    }),
    // A path's moving statistics are a mix of every path's until recalibrated (sample does that).
    evalBatchStats: true,
    diagnose: () => [],
  };
}

export const SPOS: MethodEntry<SposSupernetConfig> = {
  name: 'spos',
  spaceKinds: ['chain'],
  metric: (c) => c.costBand?.metric ?? 'latency',
  limits: (c) => ({ train_w: c.limits.batchesPerEpoch, train_theta: 0, valImages: c.limits.valImages }),
  describe: (c) => `spos: uniform single path${c.costBand ? ` in ${c.costBand.metric} [${c.costBand.min}, ${c.costBand.max}]` : ''}, SGD lr ${c.optimizer.lr} linear decay, label smoothing ${c.labelSmoothing}, BN affine ${c.bnAffine}`,
  create: spos,
};
