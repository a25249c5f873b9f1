// Masking policy (FBNetV2 / DMaskingNAS): one α vector per choice of the space — op, width
// (`layers.<i>.width`, `stages.<j>.width`), expansion, `input.resolution` — and per training step
// g = GumbelSoftmax(α, τ) for each (noise drawn in JS from the checkpointed stream, per batch or
// per sample; soft, or hard = straight-through). The masked supernet (src/supernet/masked) turns
// a width or expansion g into the channel mask Σ_i g_i·M_i and a resolution g into the weights of
// the aligned feature maps; op g mixes blocks as FBNet does. The policy knows no masks and the
// op knows no α. Validation: softmax(α) or onehot(argmax α); exports argmax α per choice.
import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../../core/rng.js';
import { type MixMode, type NoiseScope, sampleNetwork } from '../../supernet/gumbel.js';
import { type EvalMix, evalMix, type LayerMix, trainMix } from '../../supernet/mixing.js';
import { argmax, softmax } from '../../supernet/theta-stats.js';
import type { NamedVar } from '../../train/optimizers.js';
import type { Choice } from '../choices.js';
import type { MixingPolicy } from '../policy.js';

export interface MaskingOptions {
  mode: MixMode;
  scope: NoiseScope;
  evalMix: EvalMix;
}

export class MaskingPolicy implements MixingPolicy {
  readonly kind = 'gumbel-masks';
  readonly parameters: NamedVar[];
  private readonly alphas: tf.Variable[];

  constructor(readonly choices: readonly Choice[], private readonly o: MaskingOptions) {
    const bad = choices.find((c) => c.kind !== 'op' && c.kind !== 'int');
    if (bad) throw new RangeError(`masking policy: choice ${bad.label} is ${bad.kind}; it drives op and int choices`);
    this.alphas = choices.map((c) => tf.variable(tf.zeros([c.values.length]), true));
    this.parameters = choices.map((c, i) => ({ name: `alpha.${c.label}`, variable: this.alphas[i]! }));
  }

  private values(): Float32Array[] {
    return this.alphas.map((t) => t.dataSync() as Float32Array);
  }

  trainMixes(rng: Rng, batch: number, tau: number): LayerMix[] {
    const samples = sampleNetwork(this.values(), this.o.scope === 'batch' ? 1 : batch, rng, this.o.mode);
    return this.alphas.map((a, i) => trainMix(a, samples[i]!, tau, this.o.mode));
  }

  evalMixes(): LayerMix[] {
    const v = this.values();
    return this.alphas.map((a, i) => evalMix(a, v[i]!, this.o.evalMix));
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

  dispose(): void {
    this.alphas.forEach((t) => t.dispose());
  }
}

/** One-hot mixes of a sample's value indices (tests, export checks): what argmax α would run. */
export function oneHotMixes(choices: readonly Choice[], picks: readonly number[]): LayerMix[] {
  return choices.map((c, i) => {
    const v = new Float32Array(c.values.length);
    v[picks[i]!] = 1;
    return { m: tf.tensor2d(v, [1, c.values.length]), active: [picks[i]!] };
  });
}
