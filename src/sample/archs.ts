// From a chain sample (value index per op choice, layer order) to what the sample stage writes:
// the architecture document and its index entry with the predicted latency (LUT), FLOPs and
// params. Pure: the space, the LUT's three cost tables and the picks in, documents out.
import { normalizeArch } from '../arch/normalize.js';
import type { CostTable } from '../latency/table.js';
import { archCost } from '../latency/table.js';
import { type Choice, sampleOf } from '../methods/choices.js';
import type { NormalizedSpace } from '../spaces/normalize.js';
import { archFromChoices } from '../spaces/to-arch.js';
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

export interface Written {
  doc: ArchDoc;
  entry: SampledArch;
}

export function sampledArch(
  space: NormalizedSpace,
  choices: readonly Choice[],
  tables: CostTables,
  s: { name: string; picks: number[]; description: string; probabilities: number[] | null; logProbability: number | null; valTop1: number | null; epoch: number; mode: 'hard' | 'soft' | null },
): Written {
  const ops = s.picks.map((p, l) => String(choices[l]!.values[p]));
  const doc = archFromChoices(space, ops, s.name);
  doc.description = s.description;
  const predicted = predictedCost(tables, ops);
  // The arch schema's search record is FBNet-shaped (mode, θ epoch, per-layer probability): filled
  // where it fits (argmax and draws), left out for evolution's winners.
  if (s.mode && s.probabilities) doc.search = { mode: s.mode, space: space.name, thetaEpoch: s.epoch, layers: ops.map((choice, l) => ({ choice, probability: s.probabilities![l]! })), predicted };
  normalizeArch(doc, s.name);
  return { doc, entry: { name: s.name, file: `arch-${s.name}.json`, sample: sampleOf(choices, s.picks), logProbability: s.logProbability, valTop1: s.valTop1, predicted } };
}
