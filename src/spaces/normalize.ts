// Parse, then build: a `space/v2` document (already schema-valid) -> a NormalizedSpace: the
// skeleton with every default filled, every alternative turned into a labelled choice (see
// choices.ts for the labels), and everything checked that the schema cannot check — op names in
// the catalogue, channels that chain, ops that fit their layer's shape, reductions inside the
// cell stack, resolutions that fit the input — each failure a SpaceError with file, JSON path,
// expected and found. Pure: no tfjs, no I/O. Spatial sizes follow 'same' padding.
import { hashJson } from '../core/hash.js';
import { catalogOps } from '../ops/catalog.js';
import { type CanonicalOp, opName } from '../ops/op.js';
import type { SearchSpace } from '../types/generated.js';
import type { Choice } from './choices.js';
import { SpaceError } from './errors.js';
import { cells, chain, shapeWarnings, slot } from './normalize-body.js';

/** One value (fixed, label null) or a labelled choice among values. */
export interface Slot<T extends string | number> {
  label: string | null;
  values: T[];
}

export interface ChainLayerSlot {
  index: number;
  /** JSON pointer of the layer (or its stage) in the space document. */
  path: string;
  stride: 1 | 2;
  /** A cIn the document wrote (checked when the previous width is fixed). */
  cIn: number | null;
  width: Slot<number>;
  ops: Slot<string>;
  expansion: Slot<number> | null;
}

export interface NormalizedChain {
  kind: 'chain';
  stem: { cOut: number; kernel: 1 | 3 | 5 | 7; stride: 1 | 2 };
  layers: ChainLayerSlot[];
  head: { cOut: number | null; norm: 'bn' | 'bias'; relu: boolean; dropout: number };
}

export interface NormalizedCells {
  kind: 'cells';
  stem: { cOut: number };
  cells: number;
  reductions: number[];
  nodes: number;
  channels: number;
  dropout: number;
  ops: string[];
}

export interface NormalizedSpace {
  name: string;
  /** [H, W, C] the data provides (the largest input; a resolution choice picks a square size up to it). */
  input: [number, number, number];
  classes: number;
  resolution: Slot<number>;
  body: NormalizedChain | NormalizedCells;
  /** Every choice, stable order: input, body, recipe. */
  choices: Choice[];
  /** Shape warnings a user should see (printed and written into artifacts). */
  warnings: string[];
  /** sha256 of the canonical JSON of everything above but the warnings. */
  hash: string;
  /** The document this was normalised from. */
  doc: SearchSpace;
}

const OPS = new Map<string, CanonicalOp>(catalogOps().map((op) => [opName(op), op]));

/** Canonical attributes of a catalogue op name (undefined when unknown). */
export function catalogOp(name: string): CanonicalOp | undefined {
  return OPS.get(name);
}

const choice = (s: Slot<string | number>, kind: Choice['kind']): Choice[] => (s.label === null ? [] : [{ label: s.label, kind, values: s.values }]);

export function normalizeSpace(doc: SearchSpace, file: string): NormalizedSpace {
  const [h, w, c] = doc.input as [number, number, number];
  (doc.resolutions ?? []).forEach((r, i) => {
    if (r > h || r > w) throw new SpaceError(file, `/resolutions/${i}`, `a size at most the input's ${h}x${w}`, `${r}`);
  });
  const resolution = doc.resolutions ? slot('input.resolution', doc.resolutions) : { label: null, values: [Math.min(h, w)] };
  const known = (list: string[], path: string): string[] => {
    list.forEach((n, i) => {
      if (!OPS.has(n)) throw new SpaceError(file, `${path}/${i}`, `a block registry name (e.g. ir_k3_e6, skip, sep_conv_3x3)`, `"${n}"`);
    });
    return [...list];
  };
  const defaultOps = doc.ops ? known(doc.ops, '/ops') : null;
  const body = doc.body.kind === 'chain' ? chain(doc.body, defaultOps, known, file) : cells(doc.body, defaultOps, file);
  const choices: Choice[] = [...choice(resolution, 'int')];
  if (body.kind === 'chain') {
    for (const l of body.layers) {
      choices.push(...choice(l.ops, 'op'));
      if (l.width.label !== null && !choices.some((x) => x.label === l.width.label)) choices.push(...choice(l.width, 'int'));
      if (l.expansion) choices.push(...choice(l.expansion, 'int'));
    }
  } else {
    for (const cell of ['normal', 'reduce']) {
      for (let j = 0; j < body.nodes; j++) {
        for (const k of [0, 1]) {
          choices.push({ label: `${cell}.n${j}.op${k}`, kind: 'op', values: [...body.ops] });
          choices.push({ label: `${cell}.n${j}.in${k}`, kind: 'inputs', values: Array.from({ length: j + 2 }, (_, i) => i) });
        }
      }
    }
  }
  for (const [name, r] of Object.entries(doc.recipe ?? {})) {
    const label = `recipe.${name}`;
    if (r.kind === 'real') {
      if (!(r.range[0] <= r.range[1])) throw new SpaceError(file, `/recipe/${name}/range`, 'low <= high', JSON.stringify(r.range));
      if (r.scale === 'log' && !(r.range[0] > 0)) throw new SpaceError(file, `/recipe/${name}/range`, 'a positive low end for a log scale', `${r.range[0]}`);
      choices.push({ label, kind: 'real', values: [], range: [r.range[0]!, r.range[1]!], log: r.scale === 'log' });
    } else choices.push({ label, kind: r.kind, values: [...r.values] });
  }
  const warnings = shapeWarnings(body, [Math.min(...resolution.values, h), Math.min(...resolution.values, w)]);
  const core = { name: doc.name, input: [h, w, c] as [number, number, number], classes: doc.classes, resolution, body, choices };
  return { ...core, warnings, hash: hashJson(core), doc };
}
