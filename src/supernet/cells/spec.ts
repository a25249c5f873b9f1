// The DARTS cell supernet's shape, from a normalised `cells` space (pure, no tfjs):
//   cells      the network's layout exactly as the model builder lays out a frozen cells arch
//              (src/arch/normalize-cells.ts: channels doubled at reductions, preprocessing by
//              ReLU-1x1 conv-BN or factorized reduce, spatial sizes)
//   edges      per cell type (normal, reduce) every edge of the DAG: node j takes one mixed edge
//              from each earlier state i < j + 2 (0, 1 the cell's inputs, 2 + m node m)
//   choices    one op choice per edge and cell type, label `<normal|reduce>.n<j>.e<i>` over the
//              space's op list: these are the supernet's α rows, not the space's genotype labels
//              (`.op<k>` / `.in<k>`), which the genotype rule (src/methods/genotype.ts) fills
//   costs      analytic FLOPs or params per choice row: an edge's cost summed over the cells of
//              its type (α is shared by them, so expected and path costs are exact sums), fixed =
//              stem + preprocessing + head.
import { type NormalizedCell, normalizeCells } from '../../arch/normalize-cells.js';
import type { CostMetric, CostTable } from '../../latency/table.js';
import { blockCost, type Cost } from '../../ops/cost.js';
import type { Choice } from '../../spaces/choices.js';
import { catalogOp, type NormalizedSpace } from '../../spaces/normalize.js';
import type { ArchCells, ArchDoc } from '../../types/generated.js';
import { SpecError } from '../spec.js';

export type CellType = 'normal' | 'reduce';
export const CELL_TYPES: readonly CellType[] = ['normal', 'reduce'];

export interface CellEdge {
  type: CellType;
  node: number;
  input: number;
  label: string;
}

export interface CellSearchSpec {
  name: string;
  input: [number, number, number];
  classes: number;
  nodes: number;
  ops: string[];
  stem: { cIn: number; cOut: number; cost: Cost };
  cells: NormalizedCell[];
  head: { cIn: number; dropout: number; cost: Cost };
  /** Every edge of a cell type, in choice order (node by node, inputs ascending). */
  edges: Record<CellType, CellEdge[]>;
}

export function edgesOf(type: CellType, nodes: number): CellEdge[] {
  const out: CellEdge[] = [];
  for (let j = 0; j < nodes; j++) for (let i = 0; i < j + 2; i++) out.push({ type, node: j, input: i, label: `${type}.n${j}.e${i}` });
  return out;
}

export function cellSearchSpec(space: NormalizedSpace, file: string): CellSearchSpec {
  const b = space.body;
  if (b.kind !== 'cells') throw new SpecError(file, '/space/body/kind', `the cell supernet needs a cells space, found "${b.kind}"`);
  // The layout of any genotype is the layout of all: lay out one whose edges read the inputs.
  const edge = { op: b.ops[0]!, input: 0 };
  const g = { nodes: Array.from({ length: b.nodes }, () => [edge, { ...edge, input: 1 }]), concat: Array.from({ length: b.nodes }, (_, j) => j + 2) };
  const body = { kind: 'cells', stem: b.stem, layout: { cells: b.cells, reductions: [...b.reductions], channels: b.channels }, normal: g, reduce: g, dropout: b.dropout } as unknown as ArchCells;
  const doc = { schema: 'arch/v2', name: space.name, input: space.input, classes: space.classes, body } as unknown as ArchDoc;
  const arch = normalizeCells(doc, body, file);
  return {
    name: space.name,
    input: [...space.input] as [number, number, number],
    classes: space.classes,
    nodes: b.nodes,
    ops: [...b.ops],
    stem: { cIn: arch.stem.cIn, cOut: arch.stem.cOut, cost: arch.stem.cost },
    cells: arch.cells,
    head: { cIn: arch.head.cIn, dropout: arch.head.dropout, cost: arch.head.cost },
    edges: { normal: edgesOf('normal', b.nodes), reduce: edgesOf('reduce', b.nodes) },
  };
}

/** One op choice per edge, normal cell's edges first. */
export function cellChoices(spec: CellSearchSpec): Choice[] {
  return CELL_TYPES.flatMap((t) => spec.edges[t].map((e) => ({ label: e.label, kind: 'op' as const, values: [...spec.ops] })));
}

/** The input size of an edge's source state in cell `c`: the cell's inputs, or its (strided) nodes. */
export function edgeInHW(c: NormalizedCell, input: number): [number, number] {
  return input < 2 ? [c.inH, c.inW] : [c.outH, c.outW];
}

export const edgeStride = (c: NormalizedCell, input: number): 1 | 2 => (c.reduction && input < 2 ? 2 : 1);

/** The cells of one type, in network order. */
export const cellsOfType = (spec: CellSearchSpec, t: CellType): NormalizedCell[] => spec.cells.filter((c) => c.reduction === (t === 'reduce'));

/** Analytic cost table (flops or params) of the cell supernet; rows follow cellChoices. */
export function analyticCellCosts(spec: CellSearchSpec, metric: Exclude<CostMetric, 'latency'>): CostTable {
  const pick = (c: { flops: number; params: number }): number => (metric === 'flops' ? c.flops : c.params);
  const rows = CELL_TYPES.flatMap((t) =>
    spec.edges[t].map((e) =>
      spec.ops.map((name) =>
        cellsOfType(spec, t).reduce((s, c) => {
          const [h, w] = edgeInHW(c, e.input);
          return s + pick(blockCost(c.c, c.c, edgeStride(c, e.input), catalogOp(name)!, h, w));
        }, 0),
      ),
    ),
  );
  const fixed = pick(spec.stem.cost) + pick(spec.head.cost) + spec.cells.reduce((s, c) => s + pick(c.pre0.cost) + pick(c.pre1.cost), 0);
  return { metric, unit: metric === 'flops' ? 'FLOPs per image' : 'parameters', candidates: [...spec.ops], layerCandidates: rows.map(() => [...spec.ops]), uniform: true, costs: rows, fixed };
}
