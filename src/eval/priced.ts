// What evaluate prints as a retrained architecture's choices and what the LUT predicts for it.
// chain: the block names, priced layer by layer. cells: one line per intermediate node of the
// normal and reduce cell (`normal.n0: sep_conv_3x3<-1 + skip_connect<-0`), priced as the genotype
// in the space's own (search) layout — the only layout the table measured; `sameLayout` is false
// when the model was retrained in another (larger) evaluation layout, so no ratio is claimed. Pure.
import type { NasflowModel } from '../arch/model.js';
import { normalizeArch } from '../arch/normalize.js';
import { archCost, type CostTable } from '../latency/table.js';
import { genotypeGridOps } from '../spaces/cell-grid.js';
import { freeze } from '../spaces/freeze.js';
import type { NormalizedSpace } from '../spaces/normalize.js';

export function pricedChoices(space: NormalizedSpace, model: NasflowModel, table: CostTable, file: string): { choices: string[]; predicted: number; sameLayout: boolean } {
  if (model.kind === 'chain') {
    const choices = model.arch.blocks.map((b) => b.name);
    return { choices, predicted: archCost(table, choices), sameLayout: true };
  }
  const sample: Record<string, string | number> = {};
  const choices: string[] = [];
  for (const t of ['normal', 'reduce'] as const) {
    const cell = model.arch.cells.find((c) => c.reduction === (t === 'reduce'));
    if (!cell) throw new RangeError(`${file}: the architecture has no ${t} cell; the table prices both`);
    cell.nodes.forEach((edges, j) => {
      edges.forEach((e, k) => Object.assign(sample, { [`${t}.n${j}.op${k}`]: e.name, [`${t}.n${j}.in${k}`]: e.input }));
      choices.push(`${t}.n${j}: ${edges.map((e) => `${e.name}<-${e.input}`).join(' + ')}`);
    });
  }
  const searchDoc = freeze(space, sample, `${model.arch.name} (search layout)`);
  const search = normalizeArch(searchDoc, file);
  const a = model.arch;
  const sameLayout = search.kind === 'cells' && search.stem.cOut === a.stem.cOut && search.cells.length === a.cells.length && search.cells.every((c, i) => c.c === a.cells[i]!.c && c.reduction === a.cells[i]!.reduction);
  return { choices, predicted: archCost(table, genotypeGridOps(space, searchDoc)), sameLayout };
}
