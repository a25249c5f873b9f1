// FBNetV3's resource constraints g_i(A) <= C_i, on the LUT: a joint sample's architecture part
// gives its predicted latency, FLOPs and params (the recipe costs nothing at inference). A limit
// is absolute (`max`, in the table's unit) or a `fraction` of the way from the space's cheapest to
// its dearest architecture, so a preset suits any machine's table. `worst` is the largest
// cost/limit ratio: <= 1 is inside every constraint (the evolution's cost with cap 1). Pure.
import { ConfigError } from '../core/errors.js';
import { archCost, type CostMetric, type CostTable } from '../latency/table.js';
import type { Sample } from '../spaces/choices.js';
import type { NormalizedSpace } from '../spaces/normalize.js';

export type Tables = Record<CostMetric, CostTable>;
export type Costs = Record<CostMetric, number>;
export type LimitSpec = Partial<Record<CostMetric, { max?: number; fraction?: number }>>;
export type Limits = Partial<Record<CostMetric, number>>;

export const METRICS: readonly CostMetric[] = ['latency', 'flops', 'params'];

/** The op of every searchable layer of a chain space (its label's value, or its only op). */
export function opsOf(space: NormalizedSpace, sample: Sample): string[] {
  if (space.body.kind !== 'chain') throw new RangeError(`FBNetV3 costs need a chain space, ${space.name} is ${space.body.kind}`);
  return space.body.layers.map((l) => String(l.ops.label === null ? l.ops.values[0] : sample[l.ops.label]));
}

export function costsOf(space: NormalizedSpace, tables: Tables, sample: Sample): Costs {
  const ops = opsOf(space, sample);
  return { latency: archCost(tables.latency, ops), flops: archCost(tables.flops, ops), params: archCost(tables.params, ops) };
}

export function costRange(t: CostTable): [number, number] {
  return [t.costs.reduce((s, row) => s + Math.min(...row), t.fixed), t.costs.reduce((s, row) => s + Math.max(...row), t.fixed)];
}

export function resolveLimits(spec: LimitSpec, tables: Tables, file: string, path: string): Limits {
  const out: Limits = {};
  for (const m of METRICS) {
    const s = spec[m];
    if (!s) continue;
    if ((s.max === undefined) === (s.fraction === undefined)) throw new ConfigError(file, `${path}/${m}`, `give exactly one of max and fraction, found ${JSON.stringify(s)}`);
    const [lo, hi] = costRange(tables[m]);
    const limit = s.max ?? lo + s.fraction! * (hi - lo);
    if (limit < lo) throw new ConfigError(file, `${path}/${m}`, `no architecture fits: the cheapest costs ${lo} ${tables[m].unit}, the limit is ${limit}`);
    out[m] = limit;
  }
  return out;
}

/** The largest cost / limit over the constrained metrics (0 without constraints). */
export function worst(costs: Costs, limits: Limits): number {
  return Math.max(0, ...METRICS.filter((m) => limits[m] !== undefined).map((m) => costs[m] / limits[m]!));
}

export const meets = (costs: Costs, limits: Limits): boolean => worst(costs, limits) <= 1;
