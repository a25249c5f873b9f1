// One history record per epoch (schema history/v2, HistoryEpoch), method-neutral: the epoch's
// meters (weight updates, architecture updates when the method made any), validation, learning
// rates and temperature, and what the policy says at the end of the epoch — per-choice
// probabilities with their entropy and expected cost (methods that have them), and the sample it
// would export with its cost. Pure: plain numbers in. Wall-clock figures are kept apart
// (EpochTiming), so a rerun on the same inputs reproduces the history byte for byte.
import type { Choice } from '../methods/choices.js';
import { sampleOf } from '../methods/choices.js';
import { entropy } from '../supernet/theta-stats.js';
import type { HistoryEpoch } from '../types/generated.js';
import { means, type MeterSums } from './metrics.js';
import type { PathCosts } from './path-costs.js';

export type EpochRecord = HistoryEpoch;

export interface EpochFacts {
  epoch: number;
  searched: boolean;
  temperature: number | null;
  lr: { w: number; arch: number | null };
  sums: { w: MeterSums; arch: MeterSums };
  val: { images: number; ce: number; top1: number; top5: number };
  /** val was measured with BN statistics recalibrated under the validated mixture. */
  valRecalibrated?: boolean;
  valExported?: { images: number; ce: number; top1: number; top5: number };
  /** The policy's view at the end of the epoch. */
  probabilities: number[][] | null;
  exported: number[] | null;
}

export function epochRecord(f: EpochFacts, choices: readonly Choice[], costs: PathCosts): EpochRecord {
  const probs = f.probabilities;
  const ent = probs?.map((p) => entropy(p)) ?? null;
  return {
    epoch: f.epoch,
    searched: f.searched,
    lr: f.lr,
    temperature: f.temperature,
    w: means(f.sums.w),
    arch: f.sums.arch.batches > 0 ? means(f.sums.arch) : null,
    val: f.val,
    ...(f.valRecalibrated ? { valRecalibrated: true } : {}),
    ...(f.valExported ? { valExported: f.valExported } : {}),
    probabilities: probs,
    entropy: ent,
    meanEntropy: ent ? ent.reduce((a, b) => a + b, 0) / Math.max(ent.length, 1) : null,
    expectedCost: probs ? costs.expected(probs) : null,
    sample: f.exported ? sampleOf(choices, f.exported) : null,
    sampleCost: f.exported ? costs.path(f.exported) : null,
  };
}
