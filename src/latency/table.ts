// The one cost interface a supernet loss uses: per searchable layer, one cost per candidate of
// that layer (in the layer's candidate order; lists may differ per layer) plus the fixed cost every
// model pays once, for any of three metrics — `latency` (ms per inference of a batch: marginal
// entries measured in context + the fixed entry), `flops` or `params` (analytic, stored in the
// same table). Pure: no tfjs. A missing entry is a LookupMissError, never a silent 0.
import { hashJson } from '../core/hash.js';
import type { CanonicalOp } from '../ops/op.js';
import { catalogOp } from '../spaces/normalize.js';
import type { LatencyTable, LutEntry } from '../types/generated.js';
import { LookupMissError, LutMismatchError } from './errors.js';

export type CostMetric = 'latency' | 'flops' | 'params';

export interface CostTable {
  metric: CostMetric;
  unit: string;
  /** Every candidate of the table, in first-seen order (equal to each layer's list when `uniform`). */
  candidates: string[];
  /** Per layer: its candidate list; costs[layer][i] is the cost of layerCandidates[layer][i]. */
  layerCandidates: string[][];
  /** Every layer has the same list. */
  uniform: boolean;
  /** costs[layer][candidate] */
  costs: number[][];
  /** stem + head */
  fixed: number;
}

/** Lookup key of an entry: structured block attributes + the shape it runs at. */
export function entryKey(e: { op: CanonicalOp | LutEntry['op']; input: number[]; cOut: number; stride: number }): string {
  return hashJson({ op: e.op, input: e.input, cOut: e.cOut, stride: e.stride });
}

/** Refuses a table measured for another space (compare the stamp's hashes with the space in use). */
export function checkStamp(lut: LatencyTable, file: string, spaceHash: string, candidatesHash: string): void {
  if (lut.stamp.spaceHash !== spaceHash) throw new LutMismatchError(file, 'spaceHash', spaceHash, lut.stamp.spaceHash);
  if (lut.stamp.candidatesHash !== candidatesHash) throw new LutMismatchError(file, 'candidatesHash', candidatesHash, lut.stamp.candidatesHash);
}

export function costTable(lut: LatencyTable, metric: CostMetric, file: string): CostTable {
  const byKey = new Map(lut.entries.map((e) => [entryKey(e), e]));
  const pick = (c: { latency: { value: number }; flops: number; params: number }): number => (metric === 'latency' ? c.latency.value : metric === 'flops' ? c.flops : c.params);
  // Latency: the measured fixed entry (stem, head, layer floors, upload, read-back, dispatch); FLOPs/params: stem + head.
  const fixed = metric === 'latency' ? lut.fixed.latency.value : lut.fixed.stem[metric] + lut.fixed.head[metric];
  const layers = lut.grid.layers;
  const costs = layers.map((layer) =>
    layer.candidates.map((name) => {
      const op = catalogOp(name);
      const e = op && byKey.get(entryKey({ op, input: [layer.inHW[0]!, layer.inHW[1]!, layer.cIn], cOut: layer.cOut, stride: layer.stride }));
      if (!e) throw new LookupMissError(file, `layer ${layer.index} candidate ${name} (input ${layer.inHW.join('x')}x${layer.cIn}, cOut ${layer.cOut}, stride ${layer.stride})`);
      return pick(e);
    }),
  );
  return {
    metric,
    unit: metric === 'latency' ? `ms per batch of ${lut.stamp.batch}` : metric === 'flops' ? 'FLOPs per image' : 'parameters',
    candidates: [...new Set(layers.flatMap((l) => l.candidates))],
    layerCandidates: layers.map((l) => [...l.candidates]),
    uniform: layers.every((l) => l.candidates.join() === layers[0]!.candidates.join()),
    costs,
    fixed,
  };
}

/** Cost of one architecture: fixed + the chosen candidate's cost at every layer. */
export function archCost(t: CostTable, choices: string[]): number {
  if (choices.length !== t.costs.length) throw new RangeError(`archCost: ${choices.length} choices for ${t.costs.length} layers`);
  return choices.reduce((sum, name, l) => {
    const i = t.layerCandidates[l]!.indexOf(name);
    if (i < 0) throw new LookupMissError('cost table', `candidate ${name} at layer ${l}`);
    return sum + t.costs[l]![i]!;
  }, t.fixed);
}
