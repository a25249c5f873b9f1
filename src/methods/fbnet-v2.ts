// FBNetV2 (DMaskingNAS, Wan et al. 2020) as a method module over a masked supernet
// (src/supernet/masked): FBNet's schedule and loss forms, with a masking policy in place of θ.
//   policy             MaskingPolicy: Gumbel-softmax α per op, width, expansion and resolution choice
//   epochs [0, warmup) weights only on train_w, α frozen at uniform (τ = τ0)
//   later epochs       w on train_w and α ('arch') on train_theta, alternating per epoch or step
//   τ in epoch e       τ0 · exp(−rate · max(0, e − warmup))
//   loss               FBNet's forms (paper by default) over the supernet's differentiable
//                      effective-shape cost: expected MFLOPs from Σ g·c widths and Σ g·h·w pixels
//   optimisers         SGD + momentum, cosine lr for w; Adam for α
// Not yet in the method registry: train-supernet builds its supernet from a fixed-width LUT grid;
// the stage wiring (masked supernet from the space, no per-width LUT) is the next step.
import * as tf from '@tensorflow/tfjs-core';
import { checkCostScale, crossEntropy, supernetLoss } from '../supernet/loss.js';
import type { MaskedSupernet } from '../supernet/masked/masked-supernet.js';
import { Adam, Sgd } from '../train/optimizers.js';
import { cosineLr } from '../train/schedule.js';
import type { FbnetSupernetConfig } from '../types/generated.js';
import { lossForm } from './fbnet.js';
import type { Method, Phase } from './method.js';
import { MaskingPolicy, oneHotMixes } from './policies/masking.js';

export type FbnetV2Settings = Pick<FbnetSupernetConfig, 'epochs' | 'warmupEpochs' | 'alternate' | 'gumbel' | 'loss' | 'optimizer' | 'eval'>;

const W: Phase = { name: 'w', updates: [{ target: 'w', split: 'train_w' }] };
const ARCH: Phase = { name: 'alpha', updates: [{ target: 'arch', split: 'train_theta' }] };
const BOTH: Phase = { name: 'w+alpha', updates: [{ target: 'w', split: 'train_w' }, { target: 'arch', split: 'train_theta' }] };

/** Cost of a cheap one-hot architecture (smallest width, expansion and size; skip where offered): the cost-scale check's floor. */
export function cheapestCost(net: MaskedSupernet): number {
  const picks = net.choices.map((c) => (c.kind === 'op' ? Math.max(0, c.values.indexOf('skip')) : c.values.indexOf(Math.min(...(c.values as number[])))));
  return tf.tidy(() => {
    const mixes = oneHotMixes(net.choices, picks);
    const res = net.space.resolution.label === null ? tf.ones([1, 1]) : mixes[net.choices.findIndex((c) => c.label === net.space.resolution.label)]!.m;
    return net.cost(mixes, res as tf.Tensor2D).dataSync()[0]!;
  });
}

export function fbnetV2(c: FbnetV2Settings, ctx: { net: MaskedSupernet; file: string }): Method {
  const loss = lossForm(c.loss, ctx.file);
  checkCostScale(cheapestCost(ctx.net), loss, c.loss.costScale, ctx.file);
  const policy = new MaskingPolicy(ctx.net.choices, { mode: c.gumbel.mode, scope: c.gumbel.scope, evalMix: c.eval.mix });
  const searches = (e: number): boolean => e >= c.warmupEpochs;
  return {
    name: 'fbnet-v2',
    policy,
    epochs: c.epochs,
    searches,
    phases: (e) => (!searches(e) ? [W] : c.alternate === 'epoch' ? [W, ARCH] : [BOTH]),
    temperature: (e) => c.gumbel.tau0 * Math.exp(-c.gumbel.decayRate * Math.max(0, e - c.warmupEpochs)),
    lr: (e) => ({ w: cosineLr(c.optimizer.w.lr, c.optimizer.w.lrMin, e, c.epochs), arch: searches(e) ? c.optimizer.theta.lr : null }),
    loss: (logits, labels, cost) => supernetLoss(crossEntropy(logits, labels), cost, loss, c.loss.costScale),
    optimizers: (net) => ({ w: new Sgd(net.variables('w'), c.optimizer.w), arch: new Adam(policy.parameters, c.optimizer.theta) }),
    evalBatchStats: false,
    diagnose: () => [],
  };
}
