// Width spaces (FBNetV2): chain spaces whose shapes are searched — a width, expansion or input
// resolution choice. Their latency table is a width model (src/latency/width-model.ts) instead
// of one entry per (layer, candidate), and their layout for the latency runners is the grid of
// the widest instance at the largest resolution. The widest and narrowest instances are also the
// uniform baselines a width search is compared with:
//   widest     every int choice at its largest value, each layer's op of most FLOPs there
//   narrowest  every int choice at its smallest value, each layer's op of fewest FLOPs (skip
//              left out where the layer offers another op: an all-skip body has nothing to compare)
// Pure: no tfjs.
import { blockCost } from '../ops/cost.js';
import { strided } from '../ops/op.js';
import type { Choice, Sample } from './choices.js';
import type { Grid } from './grid.js';
import { catalogOp, type NormalizedSpace } from './normalize.js';

export type Extreme = 'widest' | 'narrowest';

export function isWidthSpace(space: NormalizedSpace): boolean {
  if (space.body.kind !== 'chain') return false;
  return space.resolution.label !== null || space.body.layers.some((l) => l.width.label !== null || l.expansion !== null);
}

function chainOf(space: NormalizedSpace) {
  if (space.body.kind !== 'chain') throw new RangeError(`space ${space.name}: a chain space`);
  return space.body;
}

/** The sample of the widest or narrowest instance (labels of every op and int choice). */
export function extremeSample(space: NormalizedSpace, which: Extreme): Sample {
  const pickInt = (values: readonly number[]) => (which === 'widest' ? Math.max(...values) : Math.min(...values));
  const out: Record<string, string | number> = {};
  for (const c of space.choices) if (c.kind === 'int') out[c.label] = pickInt(c.values as number[]);
  const r = space.resolution.label === null ? space.resolution.values[0]! : Number(out[space.resolution.label]);
  const b = chainOf(space);
  let hw = strided(r, b.stem.stride);
  let cIn = b.stem.cOut;
  for (const l of b.layers) {
    const cOut = l.width.label === null ? l.width.values[0]! : Number(out[l.width.label]);
    const e = l.expansion === null ? null : l.expansion.label === null ? l.expansion.values[0]! : Number(out[l.expansion.label]);
    if (l.ops.label !== null) {
      const nonSkip = l.ops.values.filter((v) => catalogOp(v)?.kind !== 'skip');
      const pool = which === 'narrowest' && nonSkip.length ? nonSkip : l.ops.values;
      const flops = (v: string) => {
        const op = catalogOp(v)!;
        return blockCost(cIn, cOut, l.stride, op.kind === 'ir' && e !== null ? { ...op, expansion: e, expandConv: true } : op, hw, hw).flops;
      };
      out[l.ops.label] = pool.reduce((best, v) => ((which === 'widest' ? flops(v) > flops(best) : flops(v) < flops(best)) ? v : best));
    }
    [cIn, hw] = [cOut, strided(hw, l.stride)];
  }
  for (const c of space.choices) if (!(c.label in out)) throw new RangeError(`space ${space.name}: no ${which} value for ${c.kind} choice ${c.label}`);
  return out;
}

/** The runners' layout of a width space: the widest instance at the largest resolution, every op a candidate. */
export function widthGrid(space: NormalizedSpace): Grid {
  const b = chainOf(space);
  const r = Math.max(...space.resolution.values);
  const c = space.input[2];
  const stemOut: [number, number] = [strided(r, b.stem.stride), strided(r, b.stem.stride)];
  let cIn = b.stem.cOut;
  let hw = stemOut;
  const layers = b.layers.map((l) => {
    const out: [number, number] = [strided(hw[0], l.stride), strided(hw[1], l.stride)];
    const row = { index: l.index, cIn, cOut: Math.max(...l.width.values), stride: l.stride, inHW: hw, outHW: out, candidates: [...l.ops.values] };
    [cIn, hw] = [row.cOut, out];
    return row;
  });
  return {
    name: space.name,
    input: [r, r, c],
    classes: space.classes,
    stem: { cIn: c, cOut: b.stem.cOut, kernel: b.stem.kernel, stride: b.stem.stride, inHW: [r, r], outHW: stemOut },
    layers,
    head: { cIn, ...b.head, inHW: hw },
  };
}

/** The choices a masked supernet mixes: the space's op and int choices, in its order (recipe choices are not the supernet's). */
export function maskedChoices(space: NormalizedSpace): Choice[] {
  return space.choices.filter((ch) => ch.kind === 'op' || ch.kind === 'int').map((ch) => ({ ...ch }));
}
