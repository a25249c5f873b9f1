// The LUT grid of a space: per searchable layer its shape (cIn, cOut, stride, input and output
// H x W) and its candidate op list — the (layer x candidate) table build-lut measures and every
// cost lookup reads (src/latency/table.ts). Candidate lists may differ per layer; a layer with one
// op is a fixed layer and still has its row (its cost belongs in every sum). Defined for chain
// spaces whose shapes are fixed (width, expansion and resolution choices change shapes, so their
// tables come with FBNetV2) and for cells spaces: one row per (cell, edge), see cell-grid.ts.
// Pure: no tfjs.
import { strided } from '../ops/op.js';
import { cellGrid } from './cell-grid.js';
import type { Sample } from './choices.js';
import { SpaceError } from './errors.js';
import type { NormalizedSpace } from './normalize.js';

export interface GridLayer {
  index: number;
  cIn: number;
  cOut: number;
  stride: number;
  inHW: [number, number];
  outHW: [number, number];
  candidates: string[];
}

export interface Grid {
  name: string;
  input: [number, number, number];
  classes: number;
  stem: { cIn: number; cOut: number; kernel: number; stride: number; inHW: [number, number]; outHW: [number, number] };
  layers: GridLayer[];
  head: { cIn: number; cOut: number | null; norm: 'bn' | 'bias'; relu: boolean; dropout: number; inHW: [number, number] };
}

const down = (hw: [number, number], s: number): [number, number] => [strided(hw[0], s), strided(hw[1], s)];

export function lutGrid(space: NormalizedSpace): Grid {
  const b = space.body;
  const file = `space ${space.name}`;
  if (b.kind === 'cells') return cellGrid(space);
  if (space.resolution.label !== null) throw new SpaceError(file, '/resolutions', 'one input size for a latency table (per-resolution tables come with FBNetV2)', JSON.stringify(space.resolution.values));
  const [h, w, c] = space.input;
  const stemOut = down([h, w], b.stem.stride);
  let cIn = b.stem.cOut;
  let hw = stemOut;
  const layers = b.layers.map((l): GridLayer => {
    if (l.width.label !== null) throw new SpaceError(file, `${l.path}/cOut`, 'a fixed width for a latency table (per-width tables come with FBNetV2)', JSON.stringify(l.width.values));
    if (l.expansion?.label) throw new SpaceError(file, `${l.path}/expansion`, 'a fixed expansion for a latency table', JSON.stringify(l.expansion.values));
    if (l.expansion) throw new SpaceError(file, `${l.path}/expansion`, 'no expansion override in a latency-table space (name the op with its expansion)', JSON.stringify(l.expansion.values));
    const out = down(hw, l.stride);
    const row = { index: l.index, cIn, cOut: l.width.values[0]!, stride: l.stride, inHW: hw, outHW: out, candidates: [...l.ops.values] };
    [cIn, hw] = [row.cOut, out];
    return row;
  });
  return {
    name: space.name,
    input: [h, w, c],
    classes: space.classes,
    stem: { cIn: c, cOut: b.stem.cOut, kernel: b.stem.kernel, stride: b.stem.stride, inHW: [h, w], outHW: stemOut },
    layers,
    head: { cIn, ...b.head, inHW: hw },
  };
}

/** The op of every chain layer under a sample (fixed layers: their one op), in layer order. */
export function sampleOps(space: NormalizedSpace, sample: Sample): string[] {
  if (space.body.kind !== 'chain') throw new SpaceError(`space ${space.name}`, '/body/kind', 'a chain space', '"cells"');
  return space.body.layers.map((l) => (l.ops.label === null ? l.ops.values[0]! : String(sample[l.ops.label])));
}

/** The sample that picks `ops[i]` at chain layer i (fixed layers must get their one op). */
export function sampleFromOps(space: NormalizedSpace, ops: readonly string[]): Record<string, string> {
  if (space.body.kind !== 'chain') throw new SpaceError(`space ${space.name}`, '/body/kind', 'a chain space', '"cells"');
  if (ops.length !== space.body.layers.length) throw new SpaceError(`space ${space.name}`, '/body', `${space.body.layers.length} ops, one per layer`, `${ops.length}`);
  const out: Record<string, string> = {};
  space.body.layers.forEach((l, i) => {
    if (!l.ops.values.includes(ops[i]!)) throw new SpaceError(`space ${space.name}`, `${l.path}/ops`, `one of ${JSON.stringify(l.ops.values)} at layer ${i}`, `"${ops[i]}"`);
    if (l.ops.label !== null) out[l.ops.label] = ops[i]!;
  });
  return out;
}
