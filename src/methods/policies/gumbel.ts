// Gumbel-softmax policy (FBNet; GDAS in hard mode): one θ vector per choice (uniform init: zeros);
// a training step draws Gumbel noise in JS from the checkpointed stream (src/supernet/gumbel.ts)
// and mixes candidates by softmax((θ + g)/τ) (soft) or straight-through onehot (hard); validation
// mixes by softmax(θ) or onehot(argmax θ), no noise. Exports argmax θ per choice.
import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../../core/rng.js';
import { type MixMode, type NoiseScope, sampleNetwork } from '../../supernet/gumbel.js';
import { type EvalMix, evalMix, type LayerMix, trainMix } from '../../supernet/mixing.js';
import { argmax, entropy, softmax } from '../../supernet/theta-stats.js';
import type { NamedVar } from '../../train/optimizers.js';
import type { Choice } from '../choices.js';
import type { MixingPolicy } from '../policy.js';

export interface GumbelOptions {
  mode: MixMode;
  scope: NoiseScope;
  evalMix: EvalMix;
}

export class GumbelPolicy implements MixingPolicy {
  readonly kind: string = 'gumbel-softmax';
  readonly parameters: NamedVar[];
  private readonly thetas: tf.Variable[];

  // "theta.<i>" for choice i by default: the name checkpoints have always used for layer i's θ.
  constructor(
    readonly choices: readonly Choice[],
    private readonly o: GumbelOptions,
    name: (c: Choice, i: number) => string = (_, i) => `theta.${i}`,
  ) {
    this.thetas = choices.map((c) => tf.tidy(() => tf.variable(tf.zeros([c.values.length]), true)));
    this.parameters = choices.map((c, i) => ({ name: name(c, i), variable: this.thetas[i]! }));
  }

  private values(): Float32Array[] {
    return this.thetas.map((t) => t.dataSync() as Float32Array);
  }

  trainMixes(rng: Rng, batch: number, tau: number): LayerMix[] {
    const samples = sampleNetwork(this.values(), this.o.scope === 'batch' ? 1 : batch, rng, this.o.mode);
    return this.thetas.map((t, i) => trainMix(t, samples[i]!, tau, this.o.mode));
  }

  evalMixes(rng: Rng, tau: number): LayerMix[] {
    // Validate the mixture training optimises: the softmax-vs-Gumbel gap grows as τ falls.
    if (this.o.evalMix === 'gumbel') return this.trainMixes(rng, 1, tau);
    const v = this.values();
    return this.thetas.map((t, i) => evalMix(t, v[i]!, this.o.evalMix));
  }

  probabilities(): number[][] {
    return this.values().map((t) => softmax(t));
  }

  params(): number[][] {
    return this.values().map((t) => Array.from(t));
  }

  exported(): number[] {
    return this.values().map((t) => argmax(t));
  }

  entropies(): number[] {
    return this.probabilities().map((p) => entropy(p));
  }

  dispose(): void {
    this.thetas.forEach((t) => t.dispose());
  }
}
