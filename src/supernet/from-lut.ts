// The supernet a LUT's space calls for, with its choices and cost table: a chain space gets the
// FBNet/SPOS supernet (one mixed layer per searchable layer), a cells space the DARTS cell supernet
// (one α row per edge and cell type, costs summed over the cells of each type). train-supernet and
// sample read the space kind here once, so the stages stay kind-neutral.
import { lutSpace } from '../latency/space.js';
import { type CostMetric, type CostTable, costTable } from '../latency/table.js';
import { type Choice, supernetChoices } from '../methods/choices.js';
import type { NormalizedSpace } from '../spaces/normalize.js';
import type { LatencyTable } from '../types/generated.js';
import { CellSupernet } from './cells/cell-supernet.js';
import { cellCostTable } from './cells/costs.js';
import { type CellSearchSpec, cellChoices, cellSearchSpec } from './cells/spec.js';
import type { TrainableNet } from './net.js';
import { type SupernetSpec, specFromLut } from './spec.js';
import { Supernet } from './supernet.js';

export interface SupernetPlan {
  kind: 'chain' | 'cells';
  space: NormalizedSpace;
  name: string;
  input: [number, number, number];
  classes: number;
  /** The α / θ rows a method searches (chain: layers.<i>.op; cells: <type>.n<j>.e<i>). */
  choices: Choice[];
  /** One line on the supernet's size for the log. */
  describe: string;
  chain: SupernetSpec | null;
  cells: CellSearchSpec | null;
  costs(metric: CostMetric): CostTable;
  build(costs: CostTable, seed: number): TrainableNet;
}

export function supernetPlan(lut: LatencyTable, file: string): SupernetPlan {
  const space = lutSpace(lut, file);
  if (space.body.kind === 'cells') {
    const spec = cellSearchSpec(space, file);
    const choices = cellChoices(spec);
    return {
      kind: 'cells', space, name: spec.name, input: spec.input, classes: spec.classes, choices, chain: null, cells: spec,
      describe: `${spec.cells.length} cells (reductions at ${spec.cells.filter((c) => c.reduction).map((c) => c.index).join(', ')}), ${spec.nodes} nodes, ${choices.length} mixed edges x ${spec.ops.length} ops`,
      costs: (metric) => cellCostTable(spec, space, costTable(lut, metric, file), file),
      build: (costs, seed) => new CellSupernet(spec, costs, { seed, file }),
    };
  }
  const spec = specFromLut(lut, file);
  return {
    kind: 'chain', space, name: spec.name, input: spec.input, classes: spec.classes, choices: supernetChoices(spec), chain: spec, cells: null,
    describe: `${spec.layers.length} layers x ${spec.candidates.length} candidates`,
    costs: (metric) => costTable(lut, metric, file),
    build: (costs, seed) => new Supernet(spec, costs, { seed, file }),
  };
}
