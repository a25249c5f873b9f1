// Architecture-parameter heat maps: softmax(θ) per searchable layer (rows) and candidate block
// (columns). One epoch shows what the search decided; the faceted view (one panel per layer,
// epochs × candidates) shows how and when it decided, e.g. whether a layer collapsed onto `skip`
// early or stayed undecided until the temperature fell. The colour scale is fixed to [0, 1] so
// panels and epochs compare directly.
import type { TopLevelSpec } from 'vega-lite';
import { ReportError } from '../escape.js';
import { renderVegaLite } from '../svg.js';

export interface ThetaHistory {
  candidates: string[];
  /** softmax(θ) after each recorded epoch, [layer][candidate]; every epoch has the same shape. */
  epochs: { epoch: number; softmax: number[][] }[];
}

interface Cell {
  epoch: number;
  layer: number;
  candidate: string;
  p: number;
  argmax: boolean;
}

function cells(input: ThetaHistory): Cell[] {
  const where = 'theta history';
  const k = input.candidates.length;
  if (k === 0) throw new ReportError(where, 'no candidates');
  if (new Set(input.candidates).size !== k) throw new ReportError(where, 'candidate names must be unique');
  if (input.epochs.length === 0) throw new ReportError(where, 'no epochs');
  const layers = input.epochs[0]?.softmax.length ?? 0;
  if (layers === 0) throw new ReportError(where, 'no layers');
  const seen = new Set<number>();
  const out: Cell[] = [];
  for (const { epoch, softmax } of input.epochs) {
    if (!Number.isFinite(epoch) || seen.has(epoch)) throw new ReportError(where, `epoch ${epoch} is not finite or appears twice`);
    seen.add(epoch);
    if (softmax.length !== layers) throw new ReportError(where, `epoch ${epoch} has ${softmax.length} layers, epoch ${input.epochs[0]?.epoch} has ${layers}`);
    softmax.forEach((row, layer) => {
      if (row.length !== k) throw new ReportError(where, `epoch ${epoch} layer ${layer} has ${row.length} probabilities for ${k} candidates`);
      const best = row.indexOf(Math.max(...row));
      row.forEach((p, c) => {
        if (!Number.isFinite(p) || p < 0 || p > 1) throw new ReportError(where, `epoch ${epoch} layer ${layer} candidate ${c}: ${p} is not a probability`);
        out.push({ epoch, layer, candidate: input.candidates[c] ?? '', p, argmax: c === best });
      });
    });
  }
  return out;
}

const colour = { field: 'p', type: 'quantitative', title: 'softmax θ', scale: { domain: [0, 1], scheme: 'blues' } } as const;
const layerAxis = { labelExpr: "'layer ' + datum.value" };
const MAX_COLUMNS = 100;

/** softmax(θ) of one epoch (default: the last one listed); the argmax of each layer is outlined. */
export async function thetaHeatmap(input: ThetaHistory, options: { epoch?: number; title?: string } = {}): Promise<string> {
  const all = cells(input);
  const epoch = options.epoch ?? input.epochs[input.epochs.length - 1]?.epoch;
  const values = all.filter((c) => c.epoch === epoch);
  if (values.length === 0) throw new ReportError('theta heat map', `no epoch ${epoch} in the history`);
  // Numbers in the cells only while they stay legible.
  const showText = values.length <= 400;
  const spec: TopLevelSpec = {
    title: options.title ?? `softmax θ per layer, epoch ${epoch}`,
    data: { values },
    encoding: {
      x: { field: 'candidate', type: 'nominal', sort: input.candidates, title: 'candidate', axis: { labelAngle: -40 } },
      y: { field: 'layer', type: 'ordinal', title: null, axis: layerAxis },
    },
    width: { step: 44 },
    height: { step: 20 },
    layer: [
      { mark: { type: 'rect' }, encoding: { color: colour } },
      {
        mark: { type: 'rect', fill: null, stroke: '#d62728', strokeWidth: 2 },
        transform: [{ filter: 'datum.argmax' }],
      },
      ...(showText
        ? [
            {
              mark: { type: 'text' as const, fontSize: 10 },
              encoding: {
                text: { field: 'p', type: 'quantitative' as const, format: '.2f' },
                color: { condition: { test: 'datum.p > 0.5', value: 'white' }, value: 'black' },
              },
            },
          ]
        : []),
    ],
  };
  return renderVegaLite(spec);
}

/** softmax(θ) over epochs: one panel per layer, epochs across, candidates down. */
export async function thetaOverEpochs(input: ThetaHistory, options: { columns?: number; title?: string } = {}): Promise<string> {
  const all = cells(input);
  const sorted = input.epochs.map((e) => e.epoch).sort((a, b) => a - b);
  // Long runs: at most MAX_COLUMNS evenly spaced epochs (first and last always), which keeps a
  // 22-layer, 9-candidate report near 1 MB while a panel is still only ~240 px wide.
  const stride = Math.ceil(sorted.length / MAX_COLUMNS);
  const epochs = sorted.filter((_, i) => i % stride === 0 || i === sorted.length - 1);
  const shown = new Set(epochs);
  const values = all.filter((c) => shown.has(c.epoch));
  // At most ~8 epoch labels per panel; the cells themselves are all drawn.
  const every = Math.max(1, Math.ceil(epochs.length / 8));
  const tickEpochs = epochs.filter((_, i) => i % every === 0);
  const title = options.title ?? `softmax θ over epochs, per layer${stride > 1 ? ` (one column every ${stride} epochs, and the last)` : ''}`;
  const spec: TopLevelSpec = {
    title,
    data: { values },
    facet: { field: 'layer', type: 'ordinal', title: null, header: { labelExpr: "'layer ' + datum.value", labelOrient: 'top' } },
    columns: options.columns ?? 4,
    spec: {
      // Whole-pixel cells keep the path coordinates short (a fractional width prints 16 digits per rect).
      width: { step: Math.max(2, Math.min(12, Math.floor(240 / epochs.length))) },
      height: { step: 12 },
      // One rect per (layer, epoch, candidate): no per-item aria labels, they would dominate the bytes.
      mark: { type: 'rect', aria: false },
      encoding: {
        x: { field: 'epoch', type: 'ordinal', sort: epochs, title: 'epoch', axis: { values: tickEpochs, labelAngle: 0 } },
        y: { field: 'candidate', type: 'nominal', sort: input.candidates, title: null },
        color: colour,
      },
    },
    resolve: { scale: { x: 'shared', y: 'shared' } },
  };
  return renderVegaLite(spec);
}
