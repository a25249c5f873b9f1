// The cost of a search's answer as the method-neutral loop reports it (history, search.json): the
// cost of one path (a value index per choice) and the expected cost under per-choice
// probabilities. A chain or cell supernet reads a per-choice additive table (fixed + Σ row costs);
// FBNetV2's masked supernet prices whole shapes (effective widths and resolution), so it brings
// its own. Pure.
import type { CostMetric, CostTable } from '../latency/table.js';

export interface PathCosts {
  metric: CostMetric;
  unit: string;
  path(picks: readonly number[]): number;
  expected(probs: readonly (readonly number[])[]): number;
}

/** fixed + the chosen value's cost of every choice (choice i is row i of the table). */
export function tablePathCosts(t: CostTable): PathCosts {
  return {
    metric: t.metric,
    unit: t.unit,
    path: (picks) => picks.reduce<number>((s, p, l) => s + t.costs[l]![p]!, t.fixed),
    expected: (probs) => probs.reduce<number>((sum, p, l) => sum + p.reduce((s, q, i) => s + q * t.costs[l]![i]!, 0), t.fixed),
  };
}
