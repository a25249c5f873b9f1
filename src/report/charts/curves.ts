// Training curves: named series over epochs on one chart (train/val top-1 of the supernet or a
// retrain, loss, temperature). Series keep the caller's order in the legend and colours, so
// "train" and "val" look the same in every curve chart of a report. A non-finite value (a loss
// that diverged) is drawn as a gap in its line rather than rejected: the report is most needed
// exactly when a run went wrong.
import type { TopLevelSpec } from 'vega-lite';
import { ReportError } from '../escape.js';
import { renderVegaLite } from '../svg.js';

export interface CurveSeries {
  name: string;
  points: { epoch: number; value: number }[];
}

export interface CurvesInput {
  title: string;
  yLabel: string;
  series: CurveSeries[];
  /** d3-format for the y axis, e.g. '.0%' for accuracies stored as fractions; default: vega's. */
  yFormat?: string;
  /** Title of the x axis (default 'epoch'; evolution plots generations). */
  xLabel?: string;
}

export async function trainingCurves(input: CurvesInput): Promise<string> {
  const where = `curves "${input.title}"`;
  if (input.series.length === 0) throw new ReportError(where, 'no series');
  const names = input.series.map((s) => s.name);
  if (new Set(names).size !== names.length) throw new ReportError(where, 'series names must be unique');
  const values: { series: string; epoch: number; value: number | null }[] = [];
  for (const s of input.series) {
    if (s.points.length === 0) throw new ReportError(where, `series "${s.name}" has no points`);
    const epochs = new Set<number>();
    for (const p of s.points) {
      if (!Number.isFinite(p.epoch) || epochs.has(p.epoch)) throw new ReportError(where, `series "${s.name}": epoch ${p.epoch} is not finite or appears twice`);
      epochs.add(p.epoch);
      values.push({ series: s.name, epoch: p.epoch, value: Number.isFinite(p.value) ? p.value : null });
    }
  }
  if (values.every((v) => v.value === null)) throw new ReportError(where, 'no finite value in any series');
  // Epochs are counts: integer ticks, and no fractional "epoch 2.5" tick on short runs.
  const maxEpoch = Math.max(...values.map((v) => v.epoch));
  const minEpoch = Math.min(...values.map((v) => v.epoch));
  const integerTicks = values.every((v) => Number.isInteger(v.epoch));
  const spec: TopLevelSpec = {
    title: input.title,
    data: { values },
    // Points only where a line would have one sample; a line through many points needs no dots.
    mark: { type: 'line', point: values.length / input.series.length <= 30, strokeWidth: 2 },
    encoding: {
      x: {
        field: 'epoch',
        type: 'quantitative',
        title: input.xLabel ?? 'epoch',
        scale: { domain: [minEpoch, Math.max(maxEpoch, minEpoch + 1)], nice: false },
        axis: integerTicks ? { format: 'd', tickMinStep: 1 } : {},
      },
      y: {
        field: 'value',
        type: 'quantitative',
        title: input.yLabel,
        scale: { zero: false },
        ...(input.yFormat === undefined ? {} : { axis: { format: input.yFormat } }),
      },
      color: { field: 'series', type: 'nominal', sort: names, title: null, legend: { orient: 'bottom' } },
    },
    config: { mark: { invalid: 'break-paths-filter-domains' } },
  };
  return renderVegaLite(spec);
}
