// Softmax-α policy (DARTS; GDAS as the Gumbel option): one α vector per choice — per edge of the
// normal and reduce cells — initialised 1e-3·N(0, 1) from the seed (quark0/darts model_search.py).
//   softmax   a training step mixes every op by softmax(α) (DARTS)
//   gumbel    softmax((α + g)/τ) with Gumbel noise from the checkpointed stream, soft, or hard =
//             straight-through one-hot (GDAS: only the sampled op runs)
//   skipDrop  optional skip-connect dropout (collapse guard): in training, each image's
//             skip_connect weight on every edge is zeroed with probability p and scaled by
//             1/(1−p) otherwise (the mask from the checkpointed stream)
// Validation mixes by softmax(α), no noise. exported(): per edge its strongest non-`none` op (the
// op the genotype rule would keep on that edge).
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '../../core/rng.js';
import { type MixMode, sampleNetwork } from '../../supernet/gumbel.js';
import { type LayerMix, trainMix } from '../../supernet/mixing.js';
import { softmax } from '../../supernet/theta-stats.js';
import type { NamedVar } from '../../train/optimizers.js';
import type { Choice } from '../choices.js';
import type { MixingPolicy } from '../policy.js';

export interface AlphaOptions {
  seed: number;
  mixing: { kind: 'softmax' } | { kind: 'gumbel'; mode: MixMode };
  skipDrop: number;
}

/** Standard normal draws (Box–Muller) from a seeded stream. */
export function normals(rng: Rng, n: number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.sqrt(-2 * Math.log(Math.max(rng.float(), 1e-300))) * Math.cos(2 * Math.PI * rng.float());
  return out;
}

/** The strongest value other than `none` (DARTS' genotype takes no `none`). */
export function strongestOp(weights: ArrayLike<number>, values: readonly (string | number)[]): number {
  let best = -1;
  for (let i = 0; i < weights.length; i++) if (values[i] !== 'none' && (best < 0 || weights[i]! > weights[best]!)) best = i;
  return best;
}

export class AlphaPolicy implements MixingPolicy {
  readonly kind: string;
  readonly parameters: NamedVar[];
  private readonly alphas: tf.Variable[];

  constructor(readonly choices: readonly Choice[], private readonly o: AlphaOptions) {
    this.kind = o.mixing.kind === 'softmax' ? 'softmax-alpha' : `gumbel-alpha-${o.mixing.mode}`;
    const rng = Rng.derived(o.seed, 'alpha');
    this.alphas = choices.map((c) => tf.tidy(() => tf.variable(tf.tensor1d(normals(rng, c.values.length).map((v) => 1e-3 * v)), true)));
    this.parameters = choices.map((c, i) => ({ name: `alpha.${c.label}`, variable: this.alphas[i]! }));
  }

  private values(): Float32Array[] {
    return this.alphas.map((a) => a.dataSync() as Float32Array);
  }

  trainMixes(rng: Rng, batch: number, tau: number): LayerMix[] {
    const mix = this.o.mixing;
    const mixes =
      mix.kind === 'softmax'
        ? this.alphas.map((a) => ({ m: tf.softmax(tf.reshape(a, [1, -1])) as tf.Tensor2D, active: a.shape[0] === undefined ? [] : Array.from({ length: a.shape[0] }, (_, i) => i) }))
        : sampleNetwork(this.values(), 1, rng, mix.mode).map((s, i) => trainMix(this.alphas[i]!, s, tau, mix.mode));
    if (this.o.skipDrop <= 0) return mixes;
    const p = this.o.skipDrop;
    return mixes.map((mx, i) => {
      const k = this.choices[i]!.values.indexOf('skip_connect');
      if (k < 0 || !mx.active.includes(k)) return mx;
      const f = new Float32Array(batch * mx.m.shape[1]).fill(1);
      for (let r = 0; r < batch; r++) f[r * mx.m.shape[1] + k] = rng.float() < p ? 0 : 1 / (1 - p);
      return { m: tf.mul(mx.m, tf.tensor2d(f, [batch, mx.m.shape[1]])) as tf.Tensor2D, active: mx.active };
    });
  }

  evalMixes(): LayerMix[] {
    return this.alphas.map((a) => ({ m: tf.softmax(tf.reshape(a, [1, -1])) as tf.Tensor2D, active: Array.from({ length: a.shape[0]! }, (_, i) => i) }));
  }

  probabilities(): number[][] {
    return this.values().map((a) => softmax(a));
  }

  params(): number[][] {
    return this.values().map((a) => Array.from(a));
  }

  exported(): number[] {
    return this.values().map((a, i) => strongestOp(a, this.choices[i]!.values));
  }

  dispose(): void {
    this.alphas.forEach((a) => a.dispose());
  }
}
