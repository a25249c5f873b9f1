// From a validated train-supernet config to the objects the search runs with: the loss form (its
// coefficients checked per form: the schema cannot say which are needed), the strategy, and the
// optimiser settings. Pure: no I/O. Errors name the config file and the JSON path.
import { ConfigError } from '../core/errors.js';
import { fbnet } from '../strategies/fbnet.js';
import type { SearchStrategy } from '../strategies/strategy.js';
import type { LossForm } from '../supernet/loss.js';
import type { LossSettings, TrainSupernetConfig } from '../types/generated.js';

function need(v: number | undefined, file: string, path: string, form: string): number {
  if (v === undefined) throw new ConfigError(file, path, `the ${form} loss needs ${path.split('/').pop()}, found nothing`);
  return v;
}

export function lossForm(l: LossSettings, file: string): LossForm {
  if (l.form === 'additive') return { form: 'additive', lambda: need(l.lambda, file, '/loss/lambda', l.form) };
  return { form: l.form, alpha: need(l.alpha, file, '/loss/alpha', l.form), beta: need(l.beta, file, '/loss/beta', l.form) };
}

export function strategyFromConfig(c: TrainSupernetConfig, file: string): SearchStrategy {
  return fbnet({
    warmupEpochs: c.warmupEpochs,
    alternate: c.alternate,
    tau0: c.gumbel.tau0,
    tauDecayRate: c.gumbel.decayRate,
    mode: c.gumbel.mode,
    scope: c.gumbel.scope,
    evalMix: c.eval.mix,
    loss: lossForm(c.loss, file),
    costScale: c.loss.costScale,
  });
}
