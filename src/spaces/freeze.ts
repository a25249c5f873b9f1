// freeze(space, sample, name) -> an architecture document (arch/v2): every choice replaced by the
// sample's value. chain: one row per layer (op attributes, explicit cOut, stride; an expansion
// choice overrides the op's expansion), input resized to the chosen resolution. cells: the normal
// and reduce genotypes (per node two (op, input) edges), all intermediate nodes concatenated, the
// cell layout. Recipe choices land in `recipe`; a sample without recipe values (an architecture
// alone: baselines, LUT check architectures) freezes to a document without one. Pure: ops come
// from the tfjs-free catalogue.
import { type CanonicalOp, compactOp, opName } from '../ops/op.js';
import type { ArchDoc, ArchRow, ArchSearch, CellEdge, CellGenotype } from '../types/generated.js';
import { type Sample, validateSample } from './choices.js';
import { SpaceError } from './errors.js';
import { type NormalizedCells, type NormalizedChain, type NormalizedSpace, type Slot, catalogOp } from './normalize.js';

export interface FreezeExtra {
  description?: string;
  /** Provenance; `space` and `sample` are filled in by freeze. */
  search?: Omit<ArchSearch, 'space' | 'sample'>;
}

export function freeze(space: NormalizedSpace, sample: Sample, name: string, extra: FreezeExtra = {}): ArchDoc {
  validateSample(space, sample, { recipeOptional: true });
  const pick = <T extends string | number>(s: Slot<T>): T => (s.label === null ? s.values[0]! : (sample[s.label] as T));
  const [h, w, c] = space.input;
  const r = pick(space.resolution);
  const input: [number, number, number] = space.resolution.label === null ? [h, w, c] : [r, r, c];
  const doc: ArchDoc = {
    schema: 'arch/v2',
    name,
    ...(extra.description ? { description: extra.description } : {}),
    input,
    classes: space.classes,
    body: space.body.kind === 'chain' ? chainBody(space.body, pick, space.name) : cellsBody(space.body, sample),
  };
  const recipe = Object.fromEntries(space.choices.filter((x) => x.label.startsWith('recipe.') && sample[x.label] !== undefined).map((x) => [x.label.slice('recipe.'.length), sample[x.label]!]));
  if (Object.keys(recipe).length) doc.recipe = recipe;
  if (extra.search) doc.search = { ...extra.search, space: space.name, sample: { ...sample } };
  return doc;
}

type Pick = <T extends string | number>(s: Slot<T>) => T;

function opOf(name: string, where: string): CanonicalOp {
  const op = catalogOp(name);
  if (!op) throw new SpaceError(where, '', 'a block registry name', `"${name}"`);
  return op;
}

function chainBody(b: NormalizedChain, pick: Pick, spaceName: string): ArchDoc['body'] {
  let cIn = b.stem.cOut;
  const rows: ArchRow[] = b.layers.map((l) => {
    let op = opOf(pick(l.ops), spaceName);
    if (l.expansion && op.kind === 'ir') {
      const expansion = pick(l.expansion);
      // The expand conv is needed as soon as the block expands (kept when the op had it anyway).
      op = { ...op, expansion, expandConv: op.expandConv || expansion !== 1 || op.groups > 1 };
    }
    const cOut = pick(l.width);
    const row: ArchRow = { op: compactOp(op), name: opName(op), cIn, cOut, stride: l.stride };
    cIn = cOut;
    return row;
  });
  return { kind: 'chain', stem: { ...b.stem }, rows, head: { ...b.head } };
}

function cellsBody(b: NormalizedCells, sample: Sample): ArchDoc['body'] {
  const edge = (cell: string, j: number, k: number): CellEdge => {
    const op = opOf(String(sample[`${cell}.n${j}.op${k}`]), cell);
    return { op: compactOp(op), name: opName(op), input: Number(sample[`${cell}.n${j}.in${k}`]) };
  };
  const genotype = (cell: 'normal' | 'reduce'): CellGenotype => ({
    nodes: Array.from({ length: b.nodes }, (_, j) => [edge(cell, j, 0), edge(cell, j, 1)]) as CellGenotype['nodes'],
    concat: Array.from({ length: b.nodes }, (_, j) => j + 2) as CellGenotype['concat'],
  });
  return { kind: 'cells', stem: { ...b.stem }, layout: { cells: b.cells, reductions: [...b.reductions], channels: b.channels }, normal: genotype('normal'), reduce: genotype('reduce'), ...(b.dropout ? { dropout: b.dropout } : {}) };
}
