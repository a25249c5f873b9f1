// The evolution's population on the accuracy–cost plane: every candidate scored (val top-1 on the
// supernet after BN recalibration) against its predicted cost, coloured by generation, the
// winners outlined and the hard cost cap drawn as a vertical rule — whether the search pushed
// the population up and against the cap shows at a glance.
import type { TopLevelSpec } from 'vega-lite';
import { ReportError } from '../escape.js';
import { renderVegaLite } from '../svg.js';

export interface EvolutionPlane {
  points: { generation: number; cost: number; valTop1: number; winner: boolean }[];
  cap: number | null;
  costLabel: string;
}

export async function evolutionScatter(input: EvolutionPlane): Promise<string> {
  const where = 'evolution population';
  if (input.points.length === 0) throw new ReportError(where, 'no points');
  for (const p of input.points) {
    if (!Number.isFinite(p.cost) || !Number.isFinite(p.valTop1)) throw new ReportError(where, `generation ${p.generation}: cost ${p.cost} / top-1 ${p.valTop1} is not finite`);
  }
  const values = input.points.map((p) => ({ ...p, generation: p.generation + 1 }));
  const spec: TopLevelSpec = {
    title: 'evolution: candidates on the accuracy–cost plane',
    width: 480,
    height: 300,
    layer: [
      {
        data: { values },
        mark: { type: 'point', filled: true, opacity: 0.75 },
        encoding: {
          x: { field: 'cost', type: 'quantitative', title: input.costLabel, scale: { zero: false, padding: 16 } },
          y: { field: 'valTop1', type: 'quantitative', title: 'val top-1 (supernet path)', axis: { format: '.1%' }, scale: { zero: false, padding: 12 } },
          color: { field: 'generation', type: 'quantitative', title: 'generation', scale: { scheme: 'viridis' } },
          size: { condition: { test: 'datum.winner', value: 140 }, value: 40 },
          stroke: { condition: { test: 'datum.winner', value: '#d62728' }, value: null },
        },
      },
      ...(input.cap === null
        ? []
        : [{ data: { values: [{ cap: input.cap }] }, mark: { type: 'rule' as const, color: '#d62728', strokeDash: [4, 3] }, encoding: { x: { field: 'cap', type: 'quantitative' as const } } }]),
    ],
  };
  return renderVegaLite(spec);
}
