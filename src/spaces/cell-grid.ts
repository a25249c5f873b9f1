// The LUT grid of a cells space (DARTS): one table row per (cell position, edge of the cell's DAG)
// — every edge the supernet mixes, at the shape it runs at in that cell (channels C of the cell,
// stride 2 on a reduction cell's inputs, input H x W) — over the space's op list. A genotype is a
// path through this grid: at each (cell, edge) the op it keeps, `none` where it keeps no edge, so
// the same sum (fixed + one entry per row) prices a genotype and the expected cost of α.
// Rows run cell by cell, edges node by node with inputs ascending (src/supernet/cells/spec.ts's
// edgesOf). Stem and head shapes as the model builder lays them out; cell preprocessing is part of
// the fixed cost. Pure: no tfjs.
import { type NormalizedCellsArch, normalizeCells } from '../arch/normalize-cells.js';
import { canonicalOp, opName } from '../ops/op.js';
import type { ArchCells, ArchDoc } from '../types/generated.js';
import { type Sample } from './choices.js';
import { SpaceError } from './errors.js';
import type { Grid, GridLayer } from './grid.js';
import type { NormalizedCells, NormalizedSpace } from './normalize.js';

export interface CellGridEdge {
  /** Grid row. */
  layer: number;
  cell: number;
  type: 'normal' | 'reduce';
  node: number;
  input: number;
}

/** The space's network laid out with a placeholder genotype: shapes do not depend on the genotype. */
export function cellsLayout(space: NormalizedSpace): NormalizedCellsArch {
  const b = cellsBody(space);
  const edge = { op: b.ops[0]!, input: 0 };
  const g = { nodes: Array.from({ length: b.nodes }, () => [edge, { ...edge, input: 1 }]), concat: Array.from({ length: b.nodes }, (_, j) => j + 2) };
  const body = { kind: 'cells', stem: b.stem, layout: { cells: b.cells, reductions: [...b.reductions], channels: b.channels }, normal: g, reduce: g, dropout: b.dropout } as unknown as ArchCells;
  const doc = { schema: 'arch/v2', name: space.name, input: space.input, classes: space.classes, body } as unknown as ArchDoc;
  return normalizeCells(doc, body, `space ${space.name}`);
}

function cellsBody(space: NormalizedSpace): NormalizedCells {
  if (space.body.kind !== 'cells') throw new SpaceError(`space ${space.name}`, '/body/kind', 'a cells space', `"${space.body.kind}"`);
  return space.body;
}

/** Every (cell, edge) row of the grid, in row order. */
export function cellGridEdges(space: NormalizedSpace): CellGridEdge[] {
  const b = cellsBody(space);
  const out: CellGridEdge[] = [];
  for (let cell = 0; cell < b.cells; cell++) {
    const type = b.reductions.includes(cell) ? 'reduce' : 'normal';
    for (let node = 0; node < b.nodes; node++) for (let input = 0; input < node + 2; input++) out.push({ layer: out.length, cell, type, node, input });
  }
  return out;
}

export function cellGrid(space: NormalizedSpace): Grid {
  const arch = cellsLayout(space);
  const ops = cellsBody(space).ops;
  const layers = cellGridEdges(space).map((e): GridLayer => {
    const c = arch.cells[e.cell]!;
    const fromInput = e.input < 2;
    return { index: e.layer, cIn: c.c, cOut: c.c, stride: c.reduction && fromInput ? 2 : 1, inHW: fromInput ? [c.inH, c.inW] : [c.outH, c.outW], outHW: [c.outH, c.outW], candidates: [...ops] };
  });
  const [h, w, ch] = space.input;
  return {
    name: space.name,
    input: [h, w, ch],
    classes: space.classes,
    stem: { cIn: ch, cOut: arch.stem.cOut, kernel: 3, stride: 1, inHW: [h, w], outHW: [arch.stem.outH, arch.stem.outW] },
    layers,
    head: { cIn: arch.head.cIn, cOut: null, norm: 'bn', relu: false, dropout: arch.head.dropout, inHW: [arch.head.inH, arch.head.inW] },
  };
}

/** Analytic cost of the cells' input preprocessing (every genotype pays it): part of the fixed cost. */
export function preprocessCost(space: NormalizedSpace): { flops: number; params: number } {
  const cells = cellsLayout(space).cells;
  return cells.reduce((s, c) => ({ flops: s.flops + c.pre0.cost.flops + c.pre1.cost.flops, params: s.params + c.pre0.cost.params + c.pre1.cost.params }), { flops: 0, params: 0 });
}

/**
 * The op of every grid row under a cells architecture's genotypes (`none` where the genotype has
 * no edge). The architecture's layout must be the space's (a re-laid-out evaluation network is not
 * in the table); a node taking the same input twice has no row of its own and is refused.
 */
export function genotypeGridOps(space: NormalizedSpace, doc: ArchDoc): string[] {
  const b = cellsBody(space);
  const body = doc.body;
  if (body.kind !== 'cells') throw new SpaceError(doc.name, '/body/kind', 'a cells architecture', `"${body.kind}"`);
  const l = body.layout;
  if (l.cells !== b.cells || l.channels !== b.channels || l.reductions.join() !== b.reductions.join()) {
    throw new SpaceError(doc.name, '/body/layout', `the space's layout (${b.cells} cells, ${b.channels} channels, reductions ${b.reductions.join(',')})`, `${l.cells} cells, ${l.channels} channels, reductions ${l.reductions.join(',')}`);
  }
  return cellGridEdges(space).map((e) => {
    const edges = (e.type === 'normal' ? body.normal : body.reduce).nodes[e.node]!.filter((x) => x.input === e.input);
    if (edges.length > 1) throw new SpaceError(doc.name, `/body/${e.type}/nodes/${e.node}`, 'two different inputs per node (the table has one row per edge)', `input ${e.input} twice`);
    return edges.length ? opName(canonicalOp(edges[0]!.op).op) : 'none';
  });
}

/** The sample (`.op<k>` / `.in<k>` choices) whose genotype puts `ops[row]` on the grid (inverse of genotypeGridOps). */
export function sampleFromGridOps(space: NormalizedSpace, ops: readonly string[]): Sample {
  const rows = cellGridEdges(space);
  if (ops.length !== rows.length) throw new SpaceError(`space ${space.name}`, '/body', `${rows.length} ops, one per grid row`, `${ops.length}`);
  const out: Record<string, string | number> = {};
  const seen = new Map<string, string>();
  rows.forEach((e, r) => {
    const key = `${e.type}.n${e.node}`;
    const prev = seen.get(`${key}.in${e.input}`);
    if (prev !== undefined && prev !== ops[r]) throw new SpaceError(`space ${space.name}`, `/rows/${r}`, `the same op as the earlier ${e.type} cell (α is shared by every cell of a type)`, `"${ops[r]}" vs "${prev}"`);
    seen.set(`${key}.in${e.input}`, ops[r]!);
  });
  const b = cellsBody(space);
  for (const t of ['normal', 'reduce'] as const) {
    for (let j = 0; j < b.nodes; j++) {
      const kept = Array.from({ length: j + 2 }, (_, i) => i).filter((i) => (seen.get(`${t}.n${j}.in${i}`) ?? 'none') !== 'none');
      if (kept.length !== 2) {
        throw new SpaceError(`space ${space.name}`, `/${t}/n${j}`, 'exactly two edges other than none per node', `${kept.length}`);
      }
      kept.forEach((i, k) => {
        out[`${t}.n${j}.op${k}`] = seen.get(`${t}.n${j}.in${i}`)!;
        out[`${t}.n${j}.in${k}`] = i;
      });
    }
  }
  return out;
}
