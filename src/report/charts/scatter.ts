// Accuracy vs measured latency: did the search pay off? The found architecture(s) against the
// configured baselines and random samples from the same space, all retrained and measured the
// same way. Up and to the left is better. Every point is labelled with its name; the found
// architecture is drawn larger and in a colour of its own.
import type { TopLevelSpec } from 'vega-lite';
import { ReportError } from '../escape.js';
import { renderVegaLite } from '../svg.js';

export type PointKind = 'found' | 'baseline' | 'random' | 'default-recipe';

export interface ScatterInput {
  /** top1 is a fraction in [0, 1]; latencyMs the measured whole-model latency. */
  points: { name: string; kind: PointKind; latencyMs: number; top1: number }[];
  title?: string;
  /** Axis title for the latency, e.g. 'latency, batch 1, wasm (ms)'. */
  latencyLabel?: string;
}

// default-recipe: FBNetV3's found architecture trained with the default recipe instead.
const KINDS: PointKind[] = ['found', 'baseline', 'random', 'default-recipe'];

export async function accuracyLatencyScatter(input: ScatterInput): Promise<string> {
  const where = 'accuracy vs latency';
  if (input.points.length === 0) throw new ReportError(where, 'no points');
  for (const p of input.points) {
    if (!KINDS.includes(p.kind)) throw new ReportError(where, `"${p.name}": kind "${String(p.kind)}" is not one of ${KINDS.join(', ')}`);
    if (!Number.isFinite(p.latencyMs) || p.latencyMs <= 0) throw new ReportError(where, `"${p.name}": latency ${p.latencyMs} ms is not a positive number`);
    if (!Number.isFinite(p.top1) || p.top1 < 0 || p.top1 > 1) throw new ReportError(where, `"${p.name}": top-1 ${p.top1} is not a fraction in [0, 1]`);
  }
  // Found points last in the data so they are drawn on top of the others.
  const values = [...input.points].sort((a, b) => KINDS.indexOf(b.kind) - KINDS.indexOf(a.kind));
  const colour = {
    field: 'kind',
    type: 'nominal',
    title: null,
    scale: { domain: KINDS, range: ['#d62728', '#1f77b4', '#8c8c8c', '#ff7f0e'] },
    legend: { orient: 'bottom' },
  } as const;
  const spec: TopLevelSpec = {
    title: input.title ?? 'test top-1 vs measured latency',
    data: { values },
    width: 480,
    height: 300,
    encoding: {
      x: { field: 'latencyMs', type: 'quantitative', title: input.latencyLabel ?? 'measured latency (ms)', scale: { zero: false, padding: 24 } },
      y: { field: 'top1', type: 'quantitative', title: 'test top-1', axis: { format: '.1%' }, scale: { zero: false, padding: 16 } },
    },
    layer: [
      {
        mark: { type: 'point', filled: true, opacity: 0.9 },
        encoding: {
          color: colour,
          shape: { field: 'kind', type: 'nominal', scale: { domain: KINDS, range: ['diamond', 'circle', 'triangle-up', 'square'] }, title: null, legend: { orient: 'bottom' } },
          size: { condition: { test: "datum.kind === 'found'", value: 160 }, value: 60 },
        },
      },
      // Labels: the found architecture's in bold, drawn last so no other label covers it.
      ...[false, true].map((found) => ({
        transform: [{ filter: found ? "datum.kind === 'found'" : "datum.kind !== 'found'" }],
        mark: { type: 'text' as const, align: 'left' as const, dx: 8, dy: -6, fontSize: found ? 11 : 10, fontWeight: found ? ('bold' as const) : ('normal' as const) },
        encoding: { text: { field: 'name', type: 'nominal' as const }, color: colour },
      })),
    ],
  };
  return renderVegaLite(spec);
}
