// FBNetV2 (DMaskingNAS, Wan et al. 2020) as a method module over a masked supernet
// (src/supernet/masked): FBNet's schedule and loss forms, with a masking policy in place of θ.
//   policy             MaskingPolicy: Gumbel-softmax α per op, width, expansion and resolution choice
//   epochs [0, warmup) weights only on train_w, α frozen at uniform (τ = τ0)
//   later epochs       w on train_w and α ('arch') on train_theta, alternating per epoch or step
//   τ                  FBNet's schedule (temperatureAt): per search epoch, or per step to tauEnd
//   loss               FBNet's forms (paper by default) over the supernet's differentiable cost
//                      of the effective shapes: expected MFLOPs from Σ g·c widths and Σ g·h·w
//                      pixels (metric flops), or the width table's latency interpolated at the
//                      effective widths (metric latency)
//   optimisers         SGD + momentum, cosine lr for w; Adam for α
// train-supernet builds the masked supernet from the build-lut space (entry `supernet: masked`).
import * as tf from '@tensorflow/tfjs-core';
import { ConfigError } from '../core/errors.js';
import { checkCostScale, crossEntropy, supernetLoss, updateLoss } from '../supernet/loss.js';
import { MaskedSupernet } from '../supernet/masked/masked-supernet.js';
import { Adam, Sgd } from '../train/optimizers.js';
import { cosineLr } from '../train/schedule.js';
import type { FbnetV2SupernetConfig } from '../types/generated.js';
import { lossForm, temperatureAt } from './fbnet.js';
import type { Method, Phase } from './method.js';
import { MaskingPolicy, oneHotMixes } from './policies/masking.js';
import type { MethodContext, MethodEntry } from './registry.js';

export type FbnetV2Settings = Pick<FbnetV2SupernetConfig, 'epochs' | 'warmupEpochs' | 'alternate' | 'gumbel' | 'loss' | 'optimizer' | 'eval'>;

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
  if (c.loss.metric !== ctx.net.metric) throw new ConfigError(ctx.file, '/loss/metric', `the masked supernet prices ${ctx.net.metric} (flops: effective-shape MFLOPs; latency: the width table): expects "${ctx.net.metric}", found "${c.loss.metric}"`);
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
    temperature: (e, f) => temperatureAt(c, e, f),
    lr: (e) => ({ w: cosineLr(c.optimizer.w.lr, c.optimizer.w.lrMin, e, c.epochs), arch: searches(e) ? c.optimizer.theta.lr : null }),
    loss: (logits, labels, cost, target) => updateLoss(supernetLoss(crossEntropy(logits, labels), cost, loss, c.loss.costScale), target, c.loss.wLoss),
    optimizers: (net) => ({ w: new Sgd(net.variables('w'), c.optimizer.w), arch: new Adam(policy.parameters, c.optimizer.theta) }),
    evalBatchStats: false,
    evalRecalibrate: c.eval.recalibrate === true,
    diagnose: () => [],
  };
}

export const FBNET_V2: MethodEntry<FbnetV2SupernetConfig> = {
  name: 'fbnet-v2',
  spaceKinds: ['chain'],
  supernet: 'masked',
  metric: (c) => c.loss.metric,
  limits: (c) => ({ train_w: c.limits.wBatchesPerEpoch, train_theta: c.limits.thetaBatchesPerEpoch, valImages: c.limits.valImages }),
  describe: (c) => `fbnet-v2: masks over shared weights, ${c.gumbel.mode} Gumbel mode, noise per ${c.gumbel.scope}, ${c.loss.form} loss on effective-shape ${c.loss.metric === 'latency' ? 'latency (width table)' : 'MFLOPs'}, ${c.warmupEpochs} warm-up of ${c.epochs} epochs`,
  create: (c: FbnetV2SupernetConfig, ctx: MethodContext) => {
    if (!(ctx.net instanceof MaskedSupernet)) throw new ConfigError(ctx.file, '/method', 'fbnet-v2 trains a masked supernet (registry entry supernet: masked)');
    return fbnetV2(c, { net: ctx.net, file: ctx.file });
  },
};
