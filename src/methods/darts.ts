// DARTS (Liu et al. 2019; quark0/darts) as a method module:
//   policy      α per edge of the normal and reduce cells, 1e-3·N(0,1) init, mixed by softmax
//               (or Gumbel-softmax, the GDAS option; optional skip-connect dropout)
//   phases      per step one α update on a train_theta batch, then one w update on a train_w
//               batch (architect.step before the weight step, as train_search.py); warm-up
//               epochs train w only
//   α gradient  first order: autodiff of the loss at the current w; second order: the unrolled
//               gradient (src/methods/unrolled.ts)
//   loss        cross-entropy, plus (hardware-aware option) FBNet's cost term over the expected
//               cost Σ softmax(α)·cost from the supernet's cost table
//   optimisers  w: SGD + momentum + L2, cosine per epoch to lrMin, global-norm clip; α: Adam
//   guards      after every search epoch: the derived normal cell's skip_connect and
//               parameter-free counts, α entropy per edge; warnings, DARTS+ early stop
import * as tf from '@tensorflow/tfjs-core';
import { checkCostScale, crossEntropy, supernetLoss, updateLoss } from '../supernet/loss.js';
import { Adam, Sgd } from '../train/optimizers.js';
import { cosineLr } from '../train/schedule.js';
import type { DartsSupernetConfig } from '../types/generated.js';
import { lossForm } from './fbnet.js';
import { collapseStats, collapseWarnings, deriveGenotype } from './genotype.js';
import type { Method, Phase } from './method.js';
import { AlphaPolicy } from './policies/alpha.js';
import { type MethodContext, type MethodEntry, tableOf } from './registry.js';
import { unrolledArchGradients } from './unrolled.js';

const W: Phase = { name: 'w', updates: [{ target: 'w', split: 'train_w' }] };
const BOTH: Phase = { name: 'alpha+w', updates: [{ target: 'arch', split: 'train_theta' }, { target: 'w', split: 'train_w' }] };

export function darts(c: DartsSupernetConfig, ctx: MethodContext): Method {
  const form = c.cost ? lossForm(c.cost, ctx.file) : null;
  const costs = tableOf(ctx, 'darts');
  if (c.cost && form) checkCostScale(costs.costs.reduce((s, row) => s + Math.min(...row), costs.fixed), form, c.cost.costScale, ctx.file);
  const gumbel = c.mixing.kind === 'gumbel';
  const policy = new AlphaPolicy(ctx.choices, { seed: c.seed, mixing: gumbel ? { kind: 'gumbel', mode: c.mixing.mode ?? 'hard' } : { kind: 'softmax' }, skipDrop: c.collapse.skipDrop });
  const searches = (e: number): boolean => e >= c.warmupEpochs;
  const tau0 = c.mixing.tau0 ?? 10;
  const tauMin = c.mixing.tauMin ?? 0.1;
  const normalEdges = ctx.choices.filter((ch) => ch.label.startsWith('normal.')).length;
  const nodes = normalEdges > 0 ? Math.round((-3 + Math.sqrt(9 + 8 * normalEdges)) / 2) : 0;
  const guard = (probs: number[][]): { warnings: string[]; stop: boolean } => {
    const s = collapseStats(deriveGenotype(ctx.choices, probs), probs);
    return collapseWarnings(s, 2 * nodes, { maxSkips: c.collapse.maxSkips, parameterFreeShare: c.collapse.parameterFreeShare });
  };
  return {
    name: 'darts',
    policy,
    epochs: c.epochs,
    searches,
    phases: (e) => (searches(e) ? [BOTH] : [W]),
    // GDAS: τ linear from tau0 to tauMin over the epochs.
    temperature: (e) => (gumbel ? tau0 - ((tau0 - tauMin) * e) / Math.max(1, c.epochs - 1) : null),
    lr: (e) => ({ w: cosineLr(c.optimizer.w.lr, c.optimizer.w.lrMin, e, c.epochs), arch: searches(e) ? c.optimizer.alpha.lr : null }),
    loss: (logits, labels, cost, target) => {
      const ce = crossEntropy(logits, labels);
      if (c.cost && form) return updateLoss(supernetLoss(ce, cost, form, c.cost.costScale), target, c.cost.wLoss);
      const mean = tf.mean(ce) as tf.Scalar;
      return { loss: mean, ce: mean, costTerm: tf.scalar(0) };
    },
    optimizers: (net) => ({
      w: new Sgd(net.variables('w'), { momentum: c.optimizer.w.momentum, weightDecay: c.optimizer.w.weightDecay, clipNorm: c.optimizer.w.clipNorm }),
      arch: new Adam(policy.parameters, c.optimizer.alpha),
    }),
    ...(c.order === 'second' ? { archGradients: unrolledArchGradients } : {}),
    epochEnd: (rec) => (rec.searched && rec.probabilities ? guard(rec.probabilities) : { warnings: [], stop: false }),
    evalBatchStats: false,
    diagnose: () => guard(policy.probabilities()).warnings,
  };
}

export const DARTS: MethodEntry<DartsSupernetConfig> = {
  name: 'darts',
  spaceKinds: ['cells'],
  metric: (c) => c.cost?.metric ?? 'flops',
  limits: (c) => ({ train_w: c.limits.batchesPerEpoch, train_theta: c.limits.batchesPerEpoch, valImages: c.limits.valImages }),
  describe: (c) =>
    `darts: ${c.order} order, ${c.mixing.kind === 'softmax' ? 'softmax α' : `Gumbel α (${c.mixing.mode ?? 'hard'})`}, w SGD ${c.optimizer.w.lr}→${c.optimizer.w.lrMin} cosine, α Adam ${c.optimizer.alpha.lr}${c.cost ? `, ${c.cost.form} cost term on ${c.cost.metric}` : ', no cost term'}${c.collapse.maxSkips === null ? '' : `, stop at ${c.collapse.maxSkips} normal-cell skips`}${c.collapse.skipDrop > 0 ? `, skip dropout ${c.collapse.skipDrop}` : ''}`,
  create: darts,
};
