// SupernetSpec: the shapes a supernet is built from — input, stem, one entry per searchable layer,
// the candidate names every layer mixes, head, classes — plus the per-layer per-candidate costs the
// loss reads (a CostTable from src/latency/table.ts, or one made by hand in tests). Pure: no tfjs,
// no I/O. specFromLut reads the grid a build-lut lut.json carries (checked against its space);
// its stem and head objects are untyped in the lut schema, so their fields are checked here with
// typed errors. specFromSpace takes a grid directly (benchmarks: no LUT needed). The FBNet
// supernet mixes one candidate list at every layer: a grid whose lists differ per layer is refused.
import { NasflowError } from '../core/errors.js';
import { lutGridOf } from '../latency/space.js';
import type { CostTable } from '../latency/table.js';
import type { Grid } from '../spaces/grid.js';
import type { LatencyTable, LutGrid } from '../types/generated.js';

export interface SupernetSpec {
  name: string;
  input: [number, number, number];
  classes: number;
  /** 3x3 conv + BN + ReLU (the space schema's stem). */
  stem: { cIn: number; cOut: number; kernel: number; stride: number };
  layers: { index: number; cIn: number; cOut: number; stride: number }[];
  candidates: string[];
  /** [1x1 conv to cOut + (BN | bias) + optional ReLU] -> pool -> dropout -> dense (src/ops/blocks/stem-head.ts). */
  head: { cIn: number; cOut: number | null; norm: 'bn' | 'bias'; relu: boolean; dropout: number };
}

export class SpecError extends NasflowError {
  constructor(readonly file: string, readonly path: string, detail: string) {
    super('E_SPEC', `${file}#${path}: ${detail}`);
  }
}

function num(obj: object, key: string, file: string, path: string): number {
  const v = (obj as Record<string, unknown>)[key];
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new SpecError(file, `${path}/${key}`, `expects a number, found ${JSON.stringify(v)}`);
  return v;
}

export function specFromLut(lut: LatencyTable, file: string): SupernetSpec {
  return specFromSpace(lutGridOf(lut, file), file);
}

/** From a space's grid (lut.json's `grid`, or lutGrid's result: the same shape). */
export function specFromSpace(s: Grid | LutGrid, file: string): SupernetSpec {
  const first = s.layers[0]?.candidates ?? [];
  s.layers.forEach((l, i) => {
    if (l.candidates.join() !== first.join()) throw new SpecError(file, `/grid/layers/${i}/candidates`, `the FBNet supernet mixes the same candidates at every layer: expects [${first.join(', ')}] (layer 0's), found [${l.candidates.join(', ')}]`);
  });
  if (s.input.length !== 3) throw new SpecError(file, '/space/input', `expects [H, W, C], found [${s.input.join(', ')}]`);
  const [h, w, c] = s.input as [number, number, number];
  const headOut = (s.head as Record<string, unknown>).cOut;
  if (headOut !== null && headOut !== undefined && typeof headOut !== 'number') throw new SpecError(file, '/space/head/cOut', `expects a number or null, found ${JSON.stringify(headOut)}`);
  const head = s.head as Record<string, unknown>;
  const stem = s.stem as Record<string, unknown>;
  if (head.norm !== undefined && head.norm !== 'bn' && head.norm !== 'bias') throw new SpecError(file, '/space/head/norm', `expects "bn" or "bias", found ${JSON.stringify(head.norm)}`);
  const spec: SupernetSpec = {
    name: s.name,
    input: [h, w, c],
    classes: s.classes,
    // Absent stem kernel / head norm / relu / dropout take the space schema's defaults.
    stem: { cIn: c, cOut: num(s.stem, 'cOut', file, '/space/stem'), kernel: stem.kernel === undefined ? 3 : num(s.stem, 'kernel', file, '/space/stem'), stride: num(s.stem, 'stride', file, '/space/stem') },
    layers: s.layers.map((l) => ({ index: l.index, cIn: l.cIn, cOut: l.cOut, stride: l.stride })),
    candidates: [...first],
    head: {
      cIn: num(s.head, 'cIn', file, '/space/head'),
      cOut: headOut ?? null,
      norm: (head.norm as 'bn' | 'bias' | undefined) ?? 'bn',
      relu: head.relu !== false,
      dropout: head.dropout === undefined ? 0 : num(s.head, 'dropout', file, '/space/head'),
    },
  };
  checkSpec(spec, file);
  return spec;
}

/** Channel chaining stem -> layers -> head; a broken chain names the layer and both counts. */
export function checkSpec(spec: SupernetSpec, file: string): void {
  let c = spec.stem.cOut;
  spec.layers.forEach((l, i) => {
    if (l.cIn !== c) throw new SpecError(file, `/space/layers/${i}/cIn`, `layer ${l.index} expects cIn ${c} (from ${i === 0 ? 'the stem' : `layer ${i - 1}`}), found ${l.cIn}`);
    c = l.cOut;
  });
  if (spec.head.cIn !== c) throw new SpecError(file, '/space/head/cIn', `expects ${c} (the last layer's cOut), found ${spec.head.cIn}`);
  if (spec.candidates.length < 1) throw new SpecError(file, '/space/candidates', 'expects at least one candidate');
}

/** The cost table must have one row per layer and one column per candidate, in the spec's order. */
export function checkCosts(spec: SupernetSpec, costs: CostTable, file: string): void {
  if (!costs.uniform || costs.candidates.join(',') !== spec.candidates.join(',')) throw new SpecError(file, '/candidates', `cost table candidates [${costs.candidates.join(', ')}] differ from the space's [${spec.candidates.join(', ')}]`);
  if (costs.costs.length !== spec.layers.length) throw new SpecError(file, '/layers', `cost table has ${costs.costs.length} layers, the space ${spec.layers.length}`);
  costs.costs.forEach((row, l) => {
    row.forEach((v, i) => {
      if (!(v >= 0) || !Number.isFinite(v)) throw new SpecError(file, `/costs/${l}/${i}`, `layer ${l} candidate ${spec.candidates[i]}: expects a finite cost >= 0, found ${v}`);
    });
  });
}
