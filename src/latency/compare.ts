// Agreement of two latency tables of the same space (pure): per (layer, block) entry present in
// both, the relative difference |a − b| / mean(a, b) of their values; layer floors (0 by
// construction in both) are left out. The repeatability figure is the median of these.
// `scaled` repeats it with each table's entries divided by its own reference latency (the clock):
// on a machine whose speed differed between the runs, that compares the tables' shapes.
import type { LatencyTable } from '../types/generated.js';

export interface TableAgreement {
  entries: number;
  /** Median relative difference of the entries' values. */
  medianRelDiff: number | null;
  maxRelDiff: number | null;
  fixedRelDiff: number;
  /** The same with each table's values divided by its reference network's latency. */
  scaled: { medianRelDiff: number | null; maxRelDiff: number | null; fixedRelDiff: number };
}

const rel = (a: number, b: number): number => (a === b ? 0 : Math.abs(a - b) / Math.max(1e-12, Math.abs((a + b) / 2)));

function agreement(a: LatencyTable, b: LatencyTable, sa: number, sb: number): { n: number; medianRelDiff: number | null; maxRelDiff: number | null; fixedRelDiff: number } {
  const key = (e: { layer: number; block: string }): string => `${e.layer}/${e.block}`;
  const other = new Map(b.entries.map((e) => [key(e), e]));
  const diffs = a.entries
    .filter((e) => e.block !== a.reference.floors[e.layer] && other.has(key(e)))
    .map((e) => rel(e.latency.value / sa, other.get(key(e))!.latency.value / sb))
    .sort((x, y) => x - y);
  const mid = diffs.length ? (diffs.length % 2 ? diffs[(diffs.length - 1) / 2]! : (diffs[diffs.length / 2 - 1]! + diffs[diffs.length / 2]!) / 2) : null;
  return { n: diffs.length, medianRelDiff: mid, maxRelDiff: diffs.length ? diffs.at(-1)! : null, fixedRelDiff: rel(a.fixed.latency.value / sa, b.fixed.latency.value / sb) };
}

export function compareTables(a: LatencyTable, b: LatencyTable): TableAgreement {
  const abs = agreement(a, b, 1, 1);
  const { n: _n, ...scaled } = agreement(a, b, a.reference.clock.value, b.reference.clock.value);
  return { entries: abs.n, medianRelDiff: abs.medianRelDiff, maxRelDiff: abs.maxRelDiff, fixedRelDiff: abs.fixedRelDiff, scaled };
}
