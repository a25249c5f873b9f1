// The order retrain hands its jobs to the executor: longest predicted first (LPT scheduling), so
// with W threads the costliest architectures start at once and the cheap ones fill the gaps at the
// end, instead of one costly job starting last and running alone on one core. Only the dispatch
// order changes: every job is the same job (same id, seed, result), and the stage puts the results
// back in plan order.
//   predictedCosts(archs, space, table)  an architecture's cost from the LUT (its chosen
//                                        candidates' cost, per image), NaN when it cannot be
//                                        read off the table (cells, or a chain outside the space)
//   longestFirst(costs)                  job indices, highest cost first; unknown (NaN) costs
//                                        first of all (no estimate: start early), ties in plan order
// Pure: no tfjs.
import { archCost, type CostTable } from '../latency/table.js';
import { foundSample } from '../protocol/band-jobs.js';
import { sampleOps } from '../spaces/grid.js';
import type { NormalizedSpace } from '../spaces/normalize.js';
import type { ArchDoc } from '../types/generated.js';

export function predictedCosts(archs: readonly { name: string; doc: ArchDoc }[], space: NormalizedSpace, table: CostTable): number[] {
  return archs.map((a) => {
    try {
      return space.body.kind === 'chain' ? archCost(table, sampleOps(space, foundSample(space, a.doc, a.name))) : NaN;
    } catch {
      return NaN; // no estimate: the job keeps a place among the first
    }
  });
}

export function longestFirst(costs: readonly number[]): number[] {
  const key = (c: number): number => (Number.isNaN(c) ? Infinity : c);
  return costs.map((_, i) => i).sort((a, b) => key(costs[b]!) - key(costs[a]!) || a - b);
}
