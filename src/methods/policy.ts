// A sampling/mixing policy drives the mixed ops of a supernet (the shape of NNI v3's
// MixedOperationSamplingPolicy apart from MixedOp): per choice it decides, for a training step,
// which candidates run and with what weights (a LayerMix for src/supernet/mixed-layer.ts), and for
// validation likewise without training noise. It owns the method's architecture parameters, if
// any (FBNet's θ; none for uniform single-path sampling), and says what it would export.
// The mixed op knows no policy; the training loop knows no θ: it sees `parameters` as the 'arch'
// update target and nothing else.
import type { Rng } from '../core/rng.js';
import type { LayerMix } from '../supernet/mixing.js';
import type { NamedVar } from '../train/optimizers.js';
import type { Choice } from './choices.js';

export interface MixingPolicy {
  readonly kind: string;
  readonly choices: readonly Choice[];
  /** Trainable architecture parameters (stable names, e.g. "theta.3"); empty when none. */
  readonly parameters: readonly NamedVar[];
  /** Mixes of one training step, one per choice; draws its randomness from `rng` (checkpointed). Called inside the tape. */
  trainMixes(rng: Rng, batch: number, temperature: number): LayerMix[];
  /** Mixes of one validation batch: no training noise; `rng` (fresh per epoch) for policies that sample paths. */
  evalMixes(rng: Rng): LayerMix[];
  /** Per choice, the probability of each value (null: the policy has none). */
  probabilities(): number[][] | null;
  /** Per choice, the raw architecture parameters (null: none). */
  params(): number[][] | null;
  /** Per choice, the value index the policy would export (null: it exports nothing). */
  exported(): number[] | null;
  dispose(): void;
}
