// The interface every search method implements (one module per method in src/methods/, found
// through the registry). A method says WHAT to train when and how; src/train runs it:
//   policy        the sampling/mixing policy that drives every choice (and owns any arch params)
//   phases(e)     the ordered phases of epoch e; a phase walks its updates' splits in lock-step:
//                 at step k it runs one update per entry, each on batch k of that entry's split
//   searches(e)   whether epoch e updates architecture parameters (false: weight-only warm-up)
//   temperature   the policy's temperature at fraction f of epoch e (null: none)
//   lr(e, f)      learning rates at fraction f ∈ [0, 1) of epoch e (pure: resumes need no state)
//   loss          the loss an update of `target` minimises, from logits, labels and the step's
//                 cost (the cost term is a plug-in over the cost table the supernet was built
//                 with; a method may let w minimise the cross-entropy alone, wLoss `ce`)
//   optimizers    which variables each target updates and how
//   diagnose      warnings about the selected architecture parameters (collapse, never moved)
//   archGradients  (optional) the architecture gradient of one arch update, in place of plain
//                 autodiff of the loss on the arch batch: DARTS' second order unrolls a weight step
//                 on the train_w batch the phase takes at the same step (`others`)
//   epochEnd     (optional) after each epoch's record: warnings, and whether to stop early
//                 (DARTS' collapse guard); a stop ends the run as if it were the last epoch
//   evalBatchStats  validate with each batch's own BN statistics (moving statistics untouched):
//                 for single-path methods, whose moving statistics mix every path until a path
//                 is recalibrated
//   evalRecalibrate  validate the mixture with BN statistics recalibrated under the validated
//                 mixture on train_w batches (then restored): the moving statistics were gathered
//                 under the training draws, whose spread differs from the validated mixture's
import type * as tf from '@tensorflow/tfjs-core';
import type { SearchNet } from '../supernet/search-net.js';
import type { Batch } from '../train/batches.js';
import type { EpochRecord } from '../train/history.js';
import type { Adam, Sgd } from '../train/optimizers.js';
import type { LossGrads, StepContext } from '../train/step.js';
import type { MixingPolicy } from './policy.js';

export type TrainSplit = 'train_w' | 'train_theta';
export type UpdateTarget = 'w' | 'arch';

export interface Phase {
  name: string;
  updates: { target: UpdateTarget; split: TrainSplit }[];
}

export interface LossParts {
  loss: tf.Scalar;
  ce: tf.Scalar;
  costTerm: tf.Scalar;
}

export interface Method {
  readonly name: string;
  readonly policy: MixingPolicy;
  readonly epochs: number;
  searches(epoch: number): boolean;
  phases(epoch: number): Phase[];
  /** τ at fraction f ∈ [0, 1] of epoch e (per-step schedules use f; pure, like lr). */
  temperature(epoch: number, fraction: number): number | null;
  lr(epoch: number, fraction: number): { w: number; arch: number | null };
  loss(logits: tf.Tensor2D, labels: Int32Array, cost: tf.Tensor1D, target: UpdateTarget): LossParts;
  optimizers(net: SearchNet): { w: Sgd; arch: Adam | null };
  diagnose(params: number[][] | null, initial: number[][] | null): string[];
  readonly evalBatchStats: boolean;
  readonly evalRecalibrate?: boolean;
  archGradients?(c: StepContext, batch: Batch, others: Partial<Record<TrainSplit, Batch>>): LossGrads;
  epochEnd?(record: EpochRecord): { warnings: string[]; stop: boolean };
}
