// FBNet (DNAS, Wu et al. 2019) as a SearchStrategy:
//   epochs [0, warmup)    w only, on train_w, θ frozen at its uniform init (τ = τ0)
//   later epochs          w on train_w and θ on train_theta, alternating
//                           per 'epoch': a full w phase, then a full θ phase (the paper, reference)
//                           per 'step':  one w step then one θ step, batch by batch
//   τ in epoch e          τ0 · exp(−rate · max(0, e − warmup)): decays once per search epoch,
//                         starting after the warm-up (the reference decays after each θ epoch)
// Both updates minimise the same loss (paper form by default), as in the paper.
import type { MixMode, NoiseScope } from '../supernet/gumbel.js';
import type { LossForm } from '../supernet/loss.js';
import type { EvalMix } from '../supernet/mixing.js';
import type { Phase, SearchStrategy } from './strategy.js';

export interface FbnetOptions {
  warmupEpochs: number;
  alternate: 'epoch' | 'step';
  tau0: number;
  tauDecayRate: number;
  mode: MixMode;
  scope: NoiseScope;
  evalMix: EvalMix;
  loss: LossForm;
  costScale: number;
}

const W: Phase = { name: 'w', updates: [{ target: 'w', split: 'train_w' }] };
const THETA: Phase = { name: 'theta', updates: [{ target: 'theta', split: 'train_theta' }] };
const BOTH: Phase = { name: 'w+theta', updates: [{ target: 'w', split: 'train_w' }, { target: 'theta', split: 'train_theta' }] };

export function fbnet(o: FbnetOptions): SearchStrategy {
  const searches = (e: number): boolean => e >= o.warmupEpochs;
  return {
    name: 'fbnet',
    mode: o.mode,
    scope: o.scope,
    evalMix: o.evalMix,
    loss: o.loss,
    costScale: o.costScale,
    searches,
    phases: (e) => (!searches(e) ? [W] : o.alternate === 'epoch' ? [W, THETA] : [BOTH]),
    temperature: (e) => o.tau0 * Math.exp(-o.tauDecayRate * Math.max(0, e - o.warmupEpochs)),
  };
}
