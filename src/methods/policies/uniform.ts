// Uniform single-path policy (SPOS): every training step draws one value per choice uniformly
// from the checkpointed stream, and only that path runs (a one-hot mix, one active candidate),
// so only its weights get gradients. With a cost band, draws are rejected until the path's cost
// (fixed + Σ chosen costs, from the supernet's cost table) lies in [min, max] — the official
// code's FLOPs bins. Validation runs one uniformly drawn path per batch from the eval stream.
// No architecture parameters, no probabilities, nothing exported (evolution searches later).
import * as tf from '@tensorflow/tfjs-core';
import { NasflowError } from '../../core/errors.js';
import type { Rng } from '../../core/rng.js';
import type { LayerMix } from '../../supernet/mixing.js';
import type { Choice } from '../choices.js';
import type { MixingPolicy } from '../policy.js';

export interface CostBand {
  min: number;
  max: number;
  maxTries: number;
  /** Cost of a path (value index per choice). */
  cost(picks: readonly number[]): number;
}

/** One uniformly drawn value index per choice. */
export function uniformPath(choices: readonly Choice[], rng: Rng): number[] {
  return choices.map((c) => rng.int(0, c.values.length - 1));
}

export function oneHotMixes(choices: readonly Choice[], picks: readonly number[]): LayerMix[] {
  return choices.map((c, i) => {
    const m = new Float32Array(c.values.length);
    m[picks[i]!] = 1;
    return { m: tf.tensor2d(m, [1, c.values.length]), active: [picks[i]!] };
  });
}

export class UniformPathPolicy implements MixingPolicy {
  readonly kind = 'uniform-path';
  readonly parameters = [];
  /** The path of the last training step (tests check which weights it touched). */
  lastPath: number[] = [];

  constructor(readonly choices: readonly Choice[], private readonly band: CostBand | null) {}

  draw(rng: Rng): number[] {
    const b = this.band;
    if (!b) return uniformPath(this.choices, rng);
    for (let t = 0; t < b.maxTries; t++) {
      const p = uniformPath(this.choices, rng);
      const c = b.cost(p);
      if (c >= b.min && c <= b.max) return p;
    }
    throw new NasflowError('E_COST_BAND', `no uniformly drawn path of ${b.maxTries} cost in the band [${b.min}, ${b.max}]: widen costBand or raise maxTries`);
  }

  trainMixes(rng: Rng): LayerMix[] {
    this.lastPath = this.draw(rng);
    return oneHotMixes(this.choices, this.lastPath);
  }

  evalMixes(rng: Rng): LayerMix[] {
    return oneHotMixes(this.choices, this.draw(rng));
  }

  probabilities(): null {
    return null;
  }

  params(): null {
    return null;
  }

  exported(): null {
    return null;
  }

  dispose(): void {}
}
