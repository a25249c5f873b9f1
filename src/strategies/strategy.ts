// The interface every search method implements (one file per method in src/strategies/; no file
// I/O, no tfjs). A strategy says WHAT to train when; src/train runs it.
//   phases(epoch)     the ordered phases of one epoch. A phase walks its splits' batches in
//                     lock-step: at step k it runs one update per entry of `updates`, each on batch
//                     k of that update's split (FBNet per-epoch: a w phase on train_w, then a θ
//                     phase on train_theta; per-step: one phase doing both at every step).
//   temperature(e)    Gumbel-softmax τ used during epoch e
//   mode              how training forwards mix candidates (soft: all; hard: straight-through)
//   scope             one Gumbel sample per batch or per sample
//   evalMix           how validation mixes candidates (deterministic, no noise)
//   loss              the loss form both updates minimise, with the cost scale
import type { MixMode, NoiseScope } from '../supernet/gumbel.js';
import type { LossForm } from '../supernet/loss.js';
import type { EvalMix } from '../supernet/mixing.js';

export type TrainSplit = 'train_w' | 'train_theta';
export type UpdateTarget = 'w' | 'theta';

export interface Phase {
  name: string;
  updates: { target: UpdateTarget; split: TrainSplit }[];
}

export interface SearchStrategy {
  readonly name: string;
  readonly mode: MixMode;
  readonly scope: NoiseScope;
  readonly evalMix: EvalMix;
  readonly loss: LossForm;
  readonly costScale: number;
  /** Whether epoch e trains θ at all (false in w-only warm-up). */
  searches(epoch: number): boolean;
  phases(epoch: number): Phase[];
  temperature(epoch: number): number;
}
