// The latency a table predicts for a chain architecture, whatever kind of table it is: a grid
// table sums fixed + the entry of each block (by name, layer by layer); a width table (FBNetV2)
// interpolates each part at the architecture's own widths and input size (width-model.ts).
// Also the analytic FLOPs and params every prediction carries. Pure: no tfjs.
import type { NormalizedChainArch } from '../arch/normalize.js';
import type { NormalizedSpace } from '../spaces/normalize.js';
import type { LatencyTable, PredictedCost } from '../types/generated.js';
import { archCost, costTable } from './table.js';
import { widthLatency } from './width-model.js';

export type LatencyOf = (arch: NormalizedChainArch) => number;

export function latencyPredictor(lut: LatencyTable, space: NormalizedSpace, file: string): LatencyOf {
  const w = lut.widths;
  if (w) return (arch) => widthLatency(space, w.boxes as Parameters<typeof widthLatency>[1], lut.fixed.latency.value, arch);
  const table = costTable(lut, 'latency', file);
  return (arch) => archCost(table, arch.blocks.map((b) => b.name));
}

/** Predicted latency (the table's batch), analytic FLOPs and params of an architecture. */
export function predictedOf(lut: LatencyTable, latency: LatencyOf, arch: NormalizedChainArch): PredictedCost {
  return { latencyMs: latency(arch), batch: lut.stamp.batch, flops: arch.flops, params: arch.params };
}
