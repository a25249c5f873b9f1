// From a chain sample (value index per op choice, layer order) to what the sample stage writes:
// the architecture document — freeze(space, sample) with a search record of the method, the
// sample, each choice's probability (methods that have them), the predicted costs and how it was
// drawn — and its index entry with the predicted latency (LUT), FLOPs and params. The prediction
// is a callback: a grid table's sum over the sample's ops (tablePredict), or for a width space
// (FBNetV2) the width model over the frozen document's widths and input size. Pure.
import { type NormalizedChainArch, normalizeArch } from '../arch/normalize.js';
import type { CostTable } from '../latency/table.js';
import { archCost } from '../latency/table.js';
import { type Choice, sampleOf } from '../methods/choices.js';
import type { Sample } from '../spaces/choices.js';
import { freeze } from '../spaces/freeze.js';
import type { NormalizedSpace } from '../spaces/normalize.js';
import type { ArchDoc, PredictedCost, SampledArch } from '../types/generated.js';

export interface CostTables {
  latency: CostTable;
  flops: CostTable;
  params: CostTable;
  batch: number;
}

export function predictedCost(t: CostTables, ops: string[]): PredictedCost {
  return { latencyMs: archCost(t.latency, ops), batch: t.batch, flops: archCost(t.flops, ops), params: archCost(t.params, ops) };
}

/** The predicted costs of a sample, given its frozen and normalised architecture. */
export type Predict = (sample: Sample, arch: NormalizedChainArch) => PredictedCost;

/** A grid table's prediction: choice i is chain layer i's op (the FBNet/SPOS supernets' choices). */
export function tablePredict(t: CostTables, choices: readonly Choice[]): Predict {
  return (sample) => predictedCost(t, choices.map((c) => String(sample[c.label])));
}

export interface Written {
  doc: ArchDoc;
  entry: SampledArch;
}

export interface SampledSpec {
  name: string;
  picks: number[];
  description: string;
  method: string;
  /** How it was taken (argmax, draws, evolution) and the supernet epoch, for the search record. */
  details: Record<string, string | number>;
  probabilities: number[] | null;
  logProbability: number | null;
  valTop1: number | null;
}

export function sampledArch(space: NormalizedSpace, choices: readonly Choice[], predict: Predict, s: SampledSpec): Written {
  const sample = sampleOf(choices, s.picks);
  const arch = normalizeArch(freeze(space, sample, s.name), s.name);
  if (arch.kind !== 'chain') throw new RangeError(`${s.name}: the sample stage writes chain architectures`);
  const predicted = predict(sample, arch);
  const probabilities = s.probabilities ? Object.fromEntries(choices.map((c, l) => [c.label, s.probabilities![l]!])) : undefined;
  const doc = freeze(space, sample, s.name, {
    description: s.description,
    search: { method: s.method, ...(probabilities ? { probabilities } : {}), predicted, details: s.valTop1 === null ? s.details : { ...s.details, valTop1: s.valTop1 } },
  });
  return { doc, entry: { name: s.name, file: `arch-${s.name}.json`, sample, logProbability: s.logProbability, valTop1: s.valTop1, predicted } };
}
