// Latency of a block whose widths are searched, from a few measurements: each (layer, op,
// resolution) is timed only at the corners of its width box — input width, output width and
// (where searched) expansion each at their smallest and largest choice — and any width inside is
// predicted by multilinear interpolation between the corners. An axis whose choice is fixed has
// lo = hi and one corner. k width choices per axis cost 2 measurements instead of k.
// Pure: no tfjs. build-lut measures the boxes (src/lut/width-measure.ts, src/lut/width-lut.ts).
import type { NormalizedBlock, NormalizedChainArch } from '../arch/normalize.js';
import { type CanonicalOp, strided } from '../ops/op.js';
import { catalogOp, type NormalizedSpace } from '../spaces/normalize.js';

export interface WidthBox {
  /** Per axis [lo, hi] (lo = hi: the axis is fixed). */
  axes: [number, number][];
  /** Latency at every corner, index = Σ_a bit_a·2^a (bit 1 = hi on axis a). */
  ms: number[];
}

/** The corner points of a box, in index order. */
export function corners(axes: readonly [number, number][]): number[][] {
  return Array.from({ length: 2 ** axes.length }, (_, i) => axes.map(([lo, hi], a) => ((i >> a) & 1 ? hi : lo)));
}

/** Multilinear interpolation at point p (one value per axis, inside the box). */
export function interpolate(box: WidthBox, p: readonly number[]): number {
  if (p.length !== box.axes.length) throw new RangeError(`width model: ${p.length} coordinates for ${box.axes.length} axes`);
  const t = box.axes.map(([lo, hi], a) => (hi === lo ? 0 : (p[a]! - lo) / (hi - lo)));
  return box.ms.reduce((sum, ms, i) => sum + ms * t.reduce((w, ta, a) => w * ((i >> a) & 1 ? ta : 1 - ta), 1), 0);
}

// ---- the width table of a width space (lut.json `widths`): which boxes build-lut measures, and
// the latency of an architecture from them. Per input resolution r: the stem (no axes), every
// (layer, op) over [cIn, cOut, expansion] (expansion [0, 0] when the layer has no expansion
// choice), and the head over [cIn]. An architecture costs fixed + stem + Σ layers + head, each
// box interpolated at the architecture's own widths (fixed: what the whole network pays beyond
// its parts, measured once on the widest instance).

export interface WidthPart {
  part: 'stem' | 'layer' | 'head';
  resolution: number;
  layer: number | null;
  op: string | null;
  axes: [number, number][];
  /** Spatial size the part reads (square), and the layer's stride. */
  inHW: number;
  stride: number;
}

export type WidthLutBox = Omit<WidthPart, 'inHW' | 'stride'> & { ms: number[] };

const range = (values: readonly number[]): [number, number] => [Math.min(...values), Math.max(...values)];

/** Every part build-lut times at its corners, resolution by resolution. */
export function widthParts(space: NormalizedSpace): WidthPart[] {
  if (space.body.kind !== 'chain') throw new RangeError(`space ${space.name}: a chain space`);
  const b = space.body;
  return space.resolution.values.flatMap((r) => {
    let hw = strided(r, b.stem.stride);
    let cin: readonly number[] = [b.stem.cOut];
    const parts: WidthPart[] = [{ part: 'stem', resolution: r, layer: null, op: null, axes: [], inHW: r, stride: b.stem.stride }];
    for (const l of b.layers) {
      const axes: [number, number][] = [range(cin), range(l.width.values), l.expansion ? range(l.expansion.values) : [0, 0]];
      for (const op of l.ops.values) parts.push({ part: 'layer', resolution: r, layer: l.index, op, axes, inHW: hw, stride: l.stride });
      [cin, hw] = [l.width.values, strided(hw, l.stride)];
    }
    parts.push({ part: 'head', resolution: r, layer: null, op: null, axes: [range(cin)], inHW: hw, stride: 1 });
    return parts;
  });
}

const key = (part: string, r: number, layer: number | null, op: string | null): string => `${part}/${r}/${layer ?? ''}/${op ?? ''}`;

/** The space's op value a block was frozen from (an expansion choice may have changed its expansion). */
function opValue(values: readonly string[], block: NormalizedBlock, expansionSearched: boolean): string {
  const base = (op: CanonicalOp) => {
    const o: Record<string, unknown> = op.kind === 'ir' && expansionSearched ? { ...op, expansion: 0, expandConv: false } : { ...op };
    return JSON.stringify(o, Object.keys(o).sort());
  };
  const v = values.find((name) => {
    const op = catalogOp(name);
    return op !== undefined && base(op) === base(block.op);
  });
  if (!v) throw new RangeError(`block ${block.index} (${block.name}) is none of the layer's ops [${values.join(', ')}]`);
  return v;
}

/** Predicted latency (ms per inference of the table's batch) of a chain architecture of the space. */
export function widthLatency(space: NormalizedSpace, boxes: readonly WidthLutBox[], fixedMs: number, arch: NormalizedChainArch): number {
  if (space.body.kind !== 'chain') throw new RangeError(`space ${space.name}: a chain space`);
  const byKey = new Map(boxes.map((x) => [key(x.part, x.resolution, x.layer, x.op), x]));
  const r = arch.input[0];
  const at = (part: string, layer: number | null, op: string | null, p: number[]): number => {
    const box = byKey.get(key(part, r, layer, op));
    if (!box) throw new RangeError(`width table: no ${part}${layer === null ? '' : ` ${layer}`}${op ? ` ${op}` : ''} box at resolution ${r}`);
    return interpolate(box, p);
  };
  const layers = space.body.layers;
  if (arch.blocks.length !== layers.length) throw new RangeError(`${arch.name}: ${arch.blocks.length} blocks for the space's ${layers.length} layers`);
  let ms = fixedMs + at('stem', null, null, []);
  arch.blocks.forEach((blk, i) => {
    const l = layers[i]!;
    const e = l.expansion && blk.op.kind === 'ir' ? blk.op.expansion : 0;
    ms += at('layer', l.index, opValue(l.ops.values, blk, l.expansion !== null), [blk.cIn, blk.cOut, e]);
  });
  return ms + at('head', null, null, [arch.head.cIn]);
}
