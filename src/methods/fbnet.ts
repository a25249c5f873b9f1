// FBNet (DNAS, Wu et al. 2019) as a method module:
//   policy             Gumbel-softmax θ per choice (soft, or hard = straight-through / GDAS)
//   epochs [0, warmup) w only, on train_w, θ frozen at its uniform init (τ = τ0)
//   later epochs       w on train_w and θ ('arch') on train_theta, alternating
//                        per 'epoch': a full w phase, then a full θ phase (the paper, reference)
//                        per 'step':  one w step then one θ step, batch by batch
//   τ in epoch e       τ0 · exp(−rate · max(0, e − warmup)): decays once per search epoch, or
//                      with tauEnd per step, τ0 → tauEnd exponentially over the search steps
//   loss               θ minimises CE with the cost term (paper form by default) over the
//                      Gumbel-weighted expected cost from the supernet's cost table; w the same
//                      loss (the paper), or CE alone with loss.wLoss `ce`
//   optimisers         SGD + momentum, cosine lr per epoch for w; Adam for θ
import { ConfigError } from '../core/errors.js';
import { checkCostScale, crossEntropy, type LossForm, supernetLoss, tradeExponent, updateLoss } from '../supernet/loss.js';
import { diagnose } from '../supernet/theta-stats.js';
import { Adam, Sgd } from '../train/optimizers.js';
import { cosineLr } from '../train/schedule.js';
import type { FbnetSupernetConfig, LossSettings } from '../types/generated.js';
import type { Method, Phase } from './method.js';
import { GumbelPolicy } from './policies/gumbel.js';
import { type MethodContext, type MethodEntry, tableOf } from './registry.js';

function need(v: number | undefined, file: string, path: string, form: string): number {
  if (v === undefined) throw new ConfigError(file, path, `the ${form} loss needs ${path.split('/').pop()}, found nothing`);
  return v;
}

/** The loss form with the coefficients its form needs (the schema cannot say which). */
export function lossForm(l: LossSettings, file: string, range: [number, number] = [0, 0]): LossForm {
  if (l.form === 'target') {
    if (!l.target || !l.trade) throw new ConfigError(file, l.target ? '/loss/trade' : '/loss/target', 'the target loss needs target ({value} or {fraction}) and trade ({lossPercent, costPercent}), found nothing');
    const target = 'value' in l.target ? l.target.value : range[0] + l.target.fraction * (range[1] - range[0]);
    return { form: 'target', target, w: tradeExponent(l.trade.lossPercent, l.trade.costPercent) };
  }
  if (l.form === 'additive') return { form: 'additive', lambda: need(l.lambda, file, '/loss/lambda', l.form) };
  return { form: l.form, alpha: need(l.alpha, file, '/loss/alpha', l.form), beta: need(l.beta, file, '/loss/beta', l.form) };
}

const W: Phase = { name: 'w', updates: [{ target: 'w', split: 'train_w' }] };
const THETA: Phase = { name: 'theta', updates: [{ target: 'arch', split: 'train_theta' }] };
const BOTH: Phase = { name: 'w+theta', updates: [{ target: 'w', split: 'train_w' }, { target: 'arch', split: 'train_theta' }] };

/**
 * τ at fraction f of epoch e. Per epoch (paper): τ0·exp(−rate·(e − warm-up)). Per step (tauEnd):
 * τ0·(τEnd/τ0)^progress, progress ∈ [0, 1] over the search epochs — the schedule ends where the
 * weights can still follow, whatever the step budget.
 */
export function temperatureAt(c: Pick<FbnetSupernetConfig, 'gumbel' | 'warmupEpochs' | 'epochs'>, e: number, f: number): number {
  const g = c.gumbel;
  if (g.tauEnd === undefined) return g.tau0 * Math.exp(-g.decayRate * Math.max(0, e - c.warmupEpochs));
  const searchEpochs = c.epochs - c.warmupEpochs;
  const progress = searchEpochs <= 0 ? 0 : Math.min(1, Math.max(0, (e - c.warmupEpochs + f) / searchEpochs));
  return g.tau0 * (g.tauEnd / g.tau0) ** progress;
}

export function fbnet(c: FbnetSupernetConfig, ctx: MethodContext): Method {
  const costs = tableOf(ctx, 'fbnet');
  const range: [number, number] = [costs.costs.reduce((s, row) => s + Math.min(...row), costs.fixed), costs.costs.reduce((s, row) => s + Math.max(...row), costs.fixed)];
  const loss = lossForm(c.loss, ctx.file, range);
  checkCostScale(costs.costs.reduce((s, row) => s + Math.min(...row), costs.fixed), loss, c.loss.costScale, ctx.file);
  const policy = new GumbelPolicy(ctx.choices, { mode: c.gumbel.mode, scope: c.gumbel.scope, evalMix: c.eval.mix });
  const searches = (e: number): boolean => e >= c.warmupEpochs;
  return {
    name: 'fbnet',
    policy,
    epochs: c.epochs,
    searches,
    phases: (e) => (!searches(e) ? [W] : c.alternate === 'epoch' ? [W, THETA] : [BOTH]),
    temperature: (e, f) => temperatureAt(c, e, f),
    lr: (e) => ({ w: cosineLr(c.optimizer.w.lr, c.optimizer.w.lrMin, e, c.epochs), arch: searches(e) ? c.optimizer.theta.lr : null }),
    loss: (logits, labels, cost, target) => updateLoss(supernetLoss(crossEntropy(logits, labels), cost, loss, c.loss.costScale), target, c.loss.wLoss),
    optimizers: (net) => ({ w: new Sgd(net.variables('w'), c.optimizer.w), arch: new Adam(policy.parameters, c.optimizer.theta) }),
    evalBatchStats: false,
    evalRecalibrate: c.eval.recalibrate === true,
    diagnose: (params, initial) => diagnose(params ?? [], initial ?? [], costs.candidates, { collapseShare: c.diagnostics.collapseShare, minMove: c.diagnostics.minThetaMove }),
  };
}

export const FBNET: MethodEntry<FbnetSupernetConfig> = {
  name: 'fbnet',
  spaceKinds: ['chain'],
  metric: (c) => c.loss.metric,
  limits: (c) => ({ train_w: c.limits.wBatchesPerEpoch, train_theta: c.limits.thetaBatchesPerEpoch, valImages: c.limits.valImages }),
  describe: (c) => `fbnet: ${c.gumbel.mode} Gumbel mode, noise per ${c.gumbel.scope}, ${c.loss.form} loss on ${c.loss.metric}, ${c.warmupEpochs} warm-up of ${c.epochs} epochs`,
  create: fbnet,
};
