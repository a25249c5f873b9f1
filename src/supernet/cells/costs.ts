// The cell supernet's cost table from a cells LUT's (cell, edge) rows (src/spaces/cell-grid.ts):
// α is shared by every cell of a type, so an edge choice's cost is the sum of that edge's rows over
// the cells of its type, and Σ softmax(α)·cost is the exact expected cost of the whole network
// (fixed = stem, cell preprocessing and head, as the table stores it). Pure: no tfjs.
import type { CostTable } from '../../latency/table.js';
import { cellGridEdges } from '../../spaces/cell-grid.js';
import type { NormalizedSpace } from '../../spaces/normalize.js';
import { SpecError } from '../spec.js';
import { type CellSearchSpec } from './spec.js';

export function cellCostTable(spec: CellSearchSpec, space: NormalizedSpace, grid: CostTable, file: string): CostTable {
  const rows = cellGridEdges(space);
  if (grid.costs.length !== rows.length) throw new SpecError(file, '/grid/layers', `a cells table of ${rows.length} (cell, edge) rows for space ${space.name}, found ${grid.costs.length}`);
  const offset = { normal: 0, reduce: spec.edges.normal.length };
  const costs = [...spec.edges.normal, ...spec.edges.reduce].map(() => spec.ops.map(() => 0));
  rows.forEach((e, r) => {
    const k = spec.edges[e.type].findIndex((x) => x.node === e.node && x.input === e.input);
    if (k < 0) throw new SpecError(file, `/grid/layers/${r}`, `no ${e.type} edge n${e.node}.e${e.input} in the supernet`);
    const names = grid.layerCandidates[r]!;
    spec.ops.forEach((op, o) => {
      const i = names.indexOf(op);
      if (i < 0) throw new SpecError(file, `/grid/layers/${r}/candidates`, `op ${op} of the supernet`);
      const row = costs[offset[e.type] + k]!;
      row[o] = row[o]! + grid.costs[r]![i]!;
    });
  });
  return { metric: grid.metric, unit: grid.unit, candidates: [...spec.ops], layerCandidates: costs.map(() => [...spec.ops]), uniform: true, costs, fixed: grid.fixed };
}
