// One history record per epoch (schema history, HistoryEpoch): the epoch's meters, validation,
// τ and learning rates, and θ's state at the end of the epoch (expected and argmax cost, entropy
// softmax and argmax per layer). Pure: built from plain numbers. Wall-clock figures are kept apart
// (EpochTiming), so a rerun on the same inputs reproduces the history byte for byte.
import type { CostTable } from '../latency/table.js';
import { argmax, entropy, expectedCost, softmax } from '../supernet/theta-stats.js';
import type { HistoryEpoch } from '../types/generated.js';
import { means, type MeterSums } from './metrics.js';

export type EpochRecord = HistoryEpoch;

export interface EpochFacts {
  epoch: number;
  searched: boolean;
  tau: number;
  lr: { w: number; theta: number | null };
  sums: { w: MeterSums; theta: MeterSums };
  val: { images: number; ce: number; top1: number; top5: number };
  thetas: ArrayLike<number>[];
}

export function argmaxNames(thetas: ArrayLike<number>[], candidates: string[]): string[] {
  return thetas.map((t) => candidates[argmax(t)]!);
}

export function argmaxCost(thetas: ArrayLike<number>[], costs: CostTable): number {
  return thetas.reduce<number>((s, t, l) => s + costs.costs[l]![argmax(t)]!, costs.fixed);
}

export function epochRecord(f: EpochFacts, costs: CostTable): EpochRecord {
  const probs = f.thetas.map((t) => softmax(t));
  const ent = probs.map((p) => entropy(p));
  return {
    epoch: f.epoch,
    searched: f.searched,
    tau: f.tau,
    lrW: f.lr.w,
    lrTheta: f.lr.theta,
    w: means(f.sums.w),
    theta: f.searched ? means(f.sums.theta) : null,
    val: f.val,
    expectedCost: expectedCost(f.thetas, costs.costs, costs.fixed),
    argmaxCost: argmaxCost(f.thetas, costs),
    entropy: ent,
    softmax: probs.map((p) => Array.from(p)),
    meanEntropy: ent.reduce((a, b) => a + b, 0) / Math.max(ent.length, 1),
    argmax: argmaxNames(f.thetas, costs.candidates),
  };
}
