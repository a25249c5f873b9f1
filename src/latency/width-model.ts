// Latency of a block whose widths are searched, from a few measurements: each (layer, op,
// resolution) is timed only at the corners of its width box — input width, output width and
// (where searched) expansion each at their smallest and largest choice — and any width inside is
// predicted by multilinear interpolation between the corners. An axis whose choice is fixed has
// lo = hi and one corner. k width choices per axis cost 2 measurements instead of k.
// Pure: no tfjs. build-lut measures the boxes (src/lut/width-measure.ts, src/lut/width-lut.ts).
import type { NormalizedBlock, NormalizedChainArch } from '../arch/normalize.js';
import { blockCost, headCost, stemCost } from '../ops/cost.js';
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

/** The weight of every corner (index order) in the multilinear interpolation at point p. */
export function cornerWeights(axes: readonly [number, number][], p: readonly number[]): number[] {
  if (p.length !== axes.length) throw new RangeError(`width model: ${p.length} coordinates for ${axes.length} axes`);
  const t = axes.map(([lo, hi], a) => (hi === lo ? 0 : (p[a]! - lo) / (hi - lo)));
  return Array.from({ length: 2 ** axes.length }, (_, i) => t.reduce((w, ta, a) => w * ((i >> a) & 1 ? ta : 1 - ta), 1));
}

/** Multilinear interpolation at point p (one value per axis, inside the box). */
export function interpolate(box: WidthBox, p: readonly number[]): number {
  return cornerWeights(box.axes, p).reduce((sum, w, i) => sum + w * box.ms[i]!, 0);
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

/** The boxes an architecture reads and the point (its widths) it reads each at: stem, layers, head. */
export function archPoints(space: NormalizedSpace, boxes: readonly WidthLutBox[], arch: NormalizedChainArch): { box: number; point: number[] }[] {
  if (space.body.kind !== 'chain') throw new RangeError(`space ${space.name}: a chain space`);
  const byKey = new Map(boxes.map((x, i) => [key(x.part, x.resolution, x.layer, x.op), i]));
  const r = arch.input[0];
  const at = (part: string, layer: number | null, op: string | null, point: number[]) => {
    const box = byKey.get(key(part, r, layer, op));
    if (box === undefined) throw new RangeError(`width table: no ${part}${layer === null ? '' : ` ${layer}`}${op ? ` ${op}` : ''} box at resolution ${r}`);
    return { box, point };
  };
  const layers = space.body.layers;
  if (arch.blocks.length !== layers.length) throw new RangeError(`${arch.name}: ${arch.blocks.length} blocks for the space's ${layers.length} layers`);
  return [
    at('stem', null, null, []),
    ...arch.blocks.map((blk, i) => {
      const l = layers[i]!;
      const e = l.expansion && blk.op.kind === 'ir' ? blk.op.expansion : 0;
      return at('layer', l.index, opValue(l.ops.values, blk, l.expansion !== null), [blk.cIn, blk.cOut, e]);
    }),
    at('head', null, null, [arch.head.cIn]),
  ];
}

/** Predicted latency (ms per inference of the table's batch) of a chain architecture of the space. */
export function widthLatency(space: NormalizedSpace, boxes: readonly WidthLutBox[], fixedMs: number, arch: NormalizedChainArch): number {
  return archPoints(space, boxes, arch).reduce((ms, { box, point }) => ms + interpolate(boxes[box]!, point), fixedMs);
}

/** Column of every box corner: box b's corner i is column offsets[b] + i. */
export function cornerOffsets(boxes: readonly WidthLutBox[]): number[] {
  let n = 0;
  return boxes.map((b) => ((n += b.ms.length), n - b.ms.length));
}

/** An architecture's interpolation weight per corner column (the prediction is fixed + Σ weight·corner). */
export function cornerPhi(space: NormalizedSpace, boxes: readonly WidthLutBox[], offsets: readonly number[], arch: NormalizedChainArch): Map<number, number> {
  const phi = new Map<number, number>();
  for (const { box, point } of archPoints(space, boxes, arch)) {
    cornerWeights(boxes[box]!.axes, point).forEach((w, i) => {
      if (w !== 0) phi.set(offsets[box]! + i, (phi.get(offsets[box]! + i) ?? 0) + w);
    });
  }
  return phi;
}

/** The op at a corner: an expansion choice builds the block at that expansion (as freeze and the masked supernet do). */
export function cornerOp(name: string, e: number): CanonicalOp {
  const op = catalogOp(name);
  if (!op) throw new RangeError(`width table: unknown op ${name}`);
  return op.kind === 'ir' && e > 0 ? { ...op, expansion: e, expandConv: true } : op;
}

/** Analytic MFLOPs per image of a part at one corner of its box. */
export function cornerMflops(space: NormalizedSpace, p: WidthPart, corner: readonly number[]): number {
  if (space.body.kind !== 'chain') throw new RangeError(`space ${space.name}: a chain space`);
  const b = space.body;
  if (p.part === 'stem') return stemCost(space.input[2], b.stem.cOut, b.stem.kernel, b.stem.stride, p.inHW, p.inHW).flops / 1e6;
  if (p.part === 'head') return headCost(corner[0]!, b.head.cOut, b.head.norm, space.classes, p.inHW, p.inHW).flops / 1e6;
  return blockCost(corner[0]!, corner[1]!, p.stride, cornerOp(p.op!, corner[2]!), p.inHW, p.inHW).flops / 1e6;
}
