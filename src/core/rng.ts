// Seeded, checkpointable random numbers on pure-rand's xoroshiro128+. The whole state is a short
// number array (getState), so a resumed run continues the exact same stream.
import { xoroshiro128plus, xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import type { JumpableRandomGenerator } from 'pure-rand/types/JumpableRandomGenerator';
import { sha256 } from './hash.js';

export class Rng {
  private constructor(private gen: JumpableRandomGenerator) {}

  static seeded(seed: number): Rng {
    return new Rng(xoroshiro128plus(seed | 0));
  }

  /** An independent stream derived from a seed and a label ("split/val", "gumbel/epoch3"). */
  static derived(seed: number, label: string): Rng {
    return Rng.seeded(parseInt(sha256(`${seed}:${label}`).slice(0, 8), 16) | 0);
  }

  static fromState(state: readonly number[]): Rng {
    return new Rng(xoroshiro128plusFromState(state));
  }

  state(): number[] {
    return [...this.gen.getState()];
  }

  /** Integer in [from, to], both included. */
  int(from: number, to: number): number {
    return uniformInt(this.gen, from, to);
  }

  /** Float in [0, 1). */
  float(): number {
    return uniformFloat64(this.gen);
  }

  /** Standard normal (Box–Muller, one draw per two uniforms). */
  normal(): number {
    return Math.sqrt(-2 * Math.log(1 - this.float())) * Math.cos(2 * Math.PI * this.float());
  }

  /** Fisher–Yates shuffle in place. */
  shuffle<T>(items: T[] | Int32Array | Uint32Array): typeof items {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      const t = items[i]!;
      items[i] = items[j]!;
      items[j] = t;
    }
    return items;
  }
}
