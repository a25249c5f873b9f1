// Parse, then build: a `space/v2` document (already schema-valid) -> a NormalizedSpace: the
// skeleton with every default filled, every alternative turned into a labelled choice (see
// choices.ts for the labels), and everything checked that the schema cannot check — op names in
// the catalogue, channels that chain, ops that fit their layer's shape, reductions inside the
// cell stack, resolutions that fit the input — each failure a SpaceError with file, JSON path,
// expected and found. Pure: no tfjs, no I/O. Spatial sizes follow 'same' padding.
import { hashJson } from '../core/hash.js';
import { catalogOps } from '../ops/catalog.js';
import { type CanonicalOp, opName, shapeProblems, strided } from '../ops/op.js';
import type { SearchSpace, SpaceCells, SpaceChain } from '../types/generated.js';
import type { Choice } from './choices.js';
import { SpaceError } from './errors.js';

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

const slot = <T extends string | number>(label: string, v: T | T[]): Slot<T> => (Array.isArray(v) && v.length > 1 ? { label, values: [...v] } : { label: null, values: Array.isArray(v) ? [...v] : [v] });
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

type Known = (list: string[], path: string) => string[];

function chain(b: SpaceChain, defaultOps: string[] | null, known: Known, file: string): NormalizedChain {
  if (b.layers && b.stages) throw new SpaceError(file, '/body', '`layers` or `stages`', 'both');
  if (!b.layers && !b.stages) throw new SpaceError(file, '/body', '`layers` or `stages`', 'neither');
  const layers: ChainLayerSlot[] = [];
  const opsOf = (own: string[] | undefined, path: string): string[] => {
    if (own) return known(own, `${path}/ops`);
    if (!defaultOps) throw new SpaceError(file, `${path}/ops`, 'an op list here or a space-level `ops`', 'neither');
    return defaultOps;
  };
  if (b.layers) {
    b.layers.forEach((l, i) => {
      const path = `/body/layers/${i}`;
      layers.push({ index: i, path, stride: l.stride, cIn: l.cIn ?? null, width: slot(`layers.${i}.width`, l.cOut), ops: slot(`layers.${i}.op`, opsOf(l.ops, path)), expansion: l.expansion === undefined ? null : slot(`layers.${i}.expansion`, l.expansion) });
    });
  } else {
    b.stages!.forEach((s, j) => {
      const path = `/body/stages/${j}`;
      const ops = opsOf(s.ops, path);
      const width = slot(`stages.${j}.width`, s.cOut);
      for (let r = 0; r < s.repeats; r++) {
        const i = layers.length;
        layers.push({ index: i, path, stride: r === 0 ? s.stride : 1, cIn: null, width, ops: slot(`layers.${i}.op`, ops), expansion: s.expansion === undefined ? null : slot(`layers.${i}.expansion`, s.expansion) });
      }
    });
  }
  // Channels chain and every candidate fits its layer, wherever both widths are fixed.
  let prev: number | null = b.stem.cOut;
  for (const l of layers) {
    const cOut = l.width.label === null ? l.width.values[0]! : null;
    if (l.cIn !== null && prev !== null && l.cIn !== prev) throw new SpaceError(file, `${l.path}/cIn`, `cIn ${prev} (from ${l.index === 0 ? 'the stem' : `layer ${l.index - 1}`})`, `${l.cIn}`);
    if (prev !== null && cOut !== null) {
      l.ops.values.forEach((name, k) => {
        const problems = shapeProblems(prev!, cOut, l.stride, catalogOp(name)!);
        if (problems.length) throw new SpaceError(file, `${l.path}/ops/${k}`, `an op that fits layer ${l.index} (cIn ${prev}, cOut ${cOut}, stride ${l.stride})`, `${name}: ${problems.join('; ')}`);
      });
    }
    prev = cOut;
  }
  const h = b.head;
  return { kind: 'chain', stem: { cOut: b.stem.cOut, kernel: b.stem.kernel ?? 3, stride: b.stem.stride }, layers, head: { cOut: h.cOut ?? null, norm: h.norm ?? 'bn', relu: h.relu ?? true, dropout: h.dropout ?? 0 } };
}

function cells(b: SpaceCells, defaultOps: string[] | null, file: string): NormalizedCells {
  if (!defaultOps) throw new SpaceError(file, '/ops', 'the edge op list of the cells (e.g. the DARTS set)', 'nothing');
  b.reductions.forEach((r, i) => {
    if (r >= b.cells) throw new SpaceError(file, `/body/reductions/${i}`, `a cell position below cells = ${b.cells}`, `${r}`);
  });
  if (b.channels % 2 !== 0) throw new SpaceError(file, '/body/channels', 'an even channel count (skip_connect at stride 2 halves it twice, then concatenates)', `${b.channels}`);
  return { kind: 'cells', stem: { cOut: b.stem.cOut }, cells: b.cells, reductions: [...b.reductions].sort((x, y) => x - y), nodes: b.nodes, channels: b.channels, dropout: b.dropout ?? 0, ops: [...defaultOps] };
}

/** Feature maps below 2x2 before the head, at the smallest input resolution. */
function shapeWarnings(body: NormalizedChain | NormalizedCells, hw: [number, number]): string[] {
  let [h, w] = hw.map((v) => strided(v, body.kind === 'chain' ? body.stem.stride : 1)) as [number, number];
  const strides = body.kind === 'chain' ? body.layers.map((l) => l.stride) : Array.from({ length: body.cells }, (_, i) => (body.reductions.includes(i) ? 2 : 1));
  const small: number[] = [];
  strides.forEach((s, i) => {
    [h, w] = [strided(h, s), strided(w, s)];
    if (h < 2 || w < 2) small.push(i);
  });
  if (!small.length) return [];
  const what = body.kind === 'chain' ? 'layers' : 'cells';
  return [`the stride schedule shrinks the feature map below 2x2 before the head: ${what} ${small.join(', ')} output ${h}x${w} (a 3x3 or 5x5 kernel there sees mostly padding; fewer stride-2 ${what} suit small inputs)`];
}
