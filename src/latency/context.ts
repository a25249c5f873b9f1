// Entries that add up (pure). From drift-corrected timings of the reference network R and of its
// one-layer variants: an entry is the block's marginal cost inside a network — R with the block at
// layer l, minus R with the layer's floor there (at a layer whose floor is the identity skip that
// is exactly "the chain with the block minus the chain without it"). The fixed entry is what every
// architecture pays once: R minus its own entries, i.e. stem, head, the floors, input upload,
// read-back and dispatch. Predictions (fixed + entries) reproduce R and every variant exactly; the
// end-to-end check tests them on architectures that differ in many layers at once. A model's
// latency statistic is the q-quantile of its samples (`value`; q = 0.5: the median); median, p10
// and p90 are recorded beside it. A marginal cost below 0 is noise (a cost the supernet's loss
// takes the log of must not be negative): its value is clamped to 0 and the table says so.
import type { Timing } from '../types/generated.js';
import { quantile } from './drift.js';
import { LookupMissError } from './errors.js';
import { type ContextPlan, FLOOR_KEY, candidatesAt } from './plan.js';
import type { Grid } from '../spaces/grid.js';

export interface ContextTimings {
  /** Per layer: block name -> marginal latency (ms per inference). */
  entries: Map<string, Timing>[];
  /** Counted once per model. */
  fixed: Timing;
  /** Values that noise took below 0 and were clamped to 0 (layer/block, or "fixed"). */
  clamped: string[];
}

interface Stat {
  value: number;
  median: number;
  p10: number;
  p90: number;
  runs: number;
}

export function stat(xs: number[], q: number): Stat {
  return { value: quantile(xs, q), median: quantile(xs, 0.5), p10: quantile(xs, 0.1), p90: quantile(xs, 0.9), runs: xs.length };
}

/** a − b, with a's spread; remeasured as given. The value a cost is read from is never below 0. */
const minus = (a: Stat, b: number, bMedian: number, remeasured: number): Timing => ({
  value: Math.max(0, a.value - b), median: a.median - bMedian, p10: a.p10 - bMedian, p90: a.p90 - bMedian, runs: a.runs, remeasured,
});

/**
 * `m.samples` holds drift-corrected samples per variant key, `m.clockMs` R's latency and `m.clock`
 * its raw samples; `remeasured` says how often a key was given extra rounds.
 */
export function contextTimings(
  space: Grid,
  plan: ContextPlan,
  m: { clockMs: number; clock: number[]; samples: Map<string, number[]> },
  q = 0.5,
  remeasured: Map<string, number> = new Map(),
): ContextTimings {
  const keyStat = (key: string): Stat => {
    const xs = m.samples.get(key);
    if (!xs?.length) throw new LookupMissError('context timings', `no samples for ${key}`);
    return stat(xs, q);
  };
  const clock = stat(m.clock, q);
  const ref: Stat = { value: m.clockMs, median: m.clockMs, p10: m.clockMs - (clock.median - clock.p10), p90: m.clockMs + (clock.p90 - clock.median), runs: clock.runs };
  const entries = space.layers.map((_, l) => {
    const keyOf = (b: string): string => plan.variants.find((v) => v.layer === l && v.block === b)?.key ?? '';
    const of = (b: string): Stat => (b === plan.reference[l] ? ref : keyStat(keyOf(b)));
    const floor = of(plan.floors[l]!);
    const rem = (b: string): number => Math.max(remeasured.get(keyOf(b)) ?? 0, remeasured.get(keyOf(plan.floors[l]!)) ?? 0);
    return new Map(candidatesAt(space, l).map((b): [string, Timing] => [b, minus(of(b), floor.value, floor.median, rem(b))]));
  });
  const refSum = (pick: (t: Timing) => number): number => entries.reduce((s, e, l) => s + pick(e.get(plan.reference[l]!)!), 0);
  const clamped = entries.flatMap((e, l) => [...e].filter(([, t]) => t.value === 0 && t.median < 0).map(([b]) => `layer ${l} ${b}`));
  // R minus its entries below 0: the entries do not add up here (noise); the all-floor network's
  // own latency, when it was timed, is the honest fixed cost then (a 0 would break log-costs).
  const fixedValue = ref.value - refSum((t) => t.value);
  const floorNet = m.samples.get(FLOOR_KEY);
  if (fixedValue <= 0) clamped.push(floorNet?.length ? 'fixed (the all-floor network\'s latency used)' : 'fixed');
  const fixed: Timing = {
    value: fixedValue > 0 ? fixedValue : floorNet?.length ? quantile(floorNet, q) : 0,
    median: ref.median - refSum((t) => t.median),
    p10: ref.p10 - refSum((t) => t.median),
    p90: ref.p90 - refSum((t) => t.median),
    runs: ref.runs,
    remeasured: 0,
  };
  return { entries, fixed, clamped };
}

/** fixed + the chosen block's entry at every layer (their `value`s). */
export function predictContext(t: ContextTimings, choices: string[]): number {
  if (choices.length !== t.entries.length) throw new RangeError(`predict: ${choices.length} choices for ${t.entries.length} layers`);
  return choices.reduce((sum, b, l) => {
    const e = t.entries[l]!.get(b);
    if (!e) throw new LookupMissError('context timings', `layer ${l} candidate ${b}`);
    return sum + e.value;
  }, t.fixed.value);
}
