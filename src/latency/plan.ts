// The measurement plan of a context table (pure, no tfjs). A reference architecture R takes, at
// every searchable layer, the candidate of median executed FLOPs (mid-range, so the first-order model is
// accurate on both sides of it); each layer's floor is its fewest-executed-FLOPs candidate (the identity
// skip where the layer has one). The variants are R with exactly one layer swapped: their timings
// minus R's give every entry as it costs inside a network.
import { blockCost } from '../ops/cost.js';
import type { Grid } from '../spaces/grid.js';
import { catalogOp } from '../spaces/normalize.js';
import { LookupMissError } from './errors.js';

export interface Variant {
  /** Stable key: `L<layer>:<block>`; the reference itself is `ref`. */
  key: string;
  layer: number;
  block: string;
  choices: string[];
}

export interface ContextPlan {
  reference: string[];
  floors: string[];
  /** Every (layer, candidate) other than the reference's own choice. */
  variants: Variant[];
}

export const REFERENCE_KEY = 'ref';
/** The all-floor network: the cheapest architecture, timed directly as the fixed entry's fallback. */
export const FLOOR_KEY = 'floor';
export const variantKey = (layer: number, block: string): string => `L${layer}:${block}`;

/** A layer's candidates (lists may differ per layer; a fixed layer has one). */
export function candidatesAt(space: Grid, layer: number): string[] {
  const l = space.layers[layer];
  if (!l) throw new RangeError(`candidatesAt: no layer ${layer} in ${space.name}`);
  return l.candidates;
}

/**
 * FLOPs of one candidate at one layer as they run: a grouped 1x1 conv runs as a dense
 * block-diagonal one (src/ops/cost.ts executedFlops). By counted FLOPs a grouped e1 block was the
 * floor of FBNet CIFAR's channel-changing layers, yet in wasm it is slower than nearly every
 * other candidate there, so their entries had to go below 0 (and were clamped at 0).
 */
export function flopsAt(space: Grid, layer: number, name: string): number {
  const l = space.layers[layer]!;
  const op = catalogOp(name);
  if (!op) throw new LookupMissError(space.name, `block ${name} at layer ${layer} (not in the block catalogue)`);
  return blockCost(l.cIn, l.cOut, l.stride, op, l.inHW[0], l.inHW[1]).executedFlops;
}

export function contextPlan(space: Grid): ContextPlan {
  const reference: string[] = [];
  const floors: string[] = [];
  space.layers.forEach((_, l) => {
    const cands = candidatesAt(space, l);
    const byFlops = cands.map((name, i) => ({ name, i, flops: flopsAt(space, l, name) })).sort((a, b) => a.flops - b.flops || a.i - b.i);
    floors.push(byFlops[0]!.name);
    reference.push(byFlops[Math.floor((byFlops.length - 1) / 2)]!.name);
  });
  const variants: Variant[] = [];
  space.layers.forEach((_, l) => {
    for (const block of candidatesAt(space, l)) {
      if (block === reference[l]) continue;
      const choices = [...reference];
      choices[l] = block;
      variants.push({ key: variantKey(l, block), layer: l, block, choices });
    }
  });
  return { reference, floors, variants };
}
