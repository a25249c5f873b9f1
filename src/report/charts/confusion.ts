// Confusion matrix heat map: true class down, predicted class across. Colour is the row-normalised
// rate (the fraction of each true class predicted as each class), so classes with fewer test
// images are not washed out; each cell prints the raw count while the grid is small enough to
// read. The diagonal is per-class recall.
import type { TopLevelSpec } from 'vega-lite';
import { ReportError } from '../escape.js';
import { renderVegaLite } from '../svg.js';

export interface ConfusionInput {
  classNames: string[];
  /** matrix[true][predicted] = number of test images. */
  matrix: number[][];
  title?: string;
}

export async function confusionMatrix(input: ConfusionInput): Promise<string> {
  const where = 'confusion matrix';
  const n = input.classNames.length;
  if (n === 0) throw new ReportError(where, 'no classes');
  if (new Set(input.classNames).size !== n) throw new ReportError(where, 'class names must be unique');
  if (input.matrix.length !== n) throw new ReportError(where, `${input.matrix.length} rows for ${n} classes`);
  const values: { truth: string; predicted: string; count: number; rate: number }[] = [];
  input.matrix.forEach((row, t) => {
    if (row.length !== n) throw new ReportError(where, `row ${t} has ${row.length} columns for ${n} classes`);
    for (const c of row) if (!Number.isFinite(c) || c < 0) throw new ReportError(where, `row ${t}: ${c} is not a count`);
    const total = row.reduce((a, b) => a + b, 0);
    row.forEach((count, p) => {
      values.push({ truth: input.classNames[t] ?? '', predicted: input.classNames[p] ?? '', count, rate: total > 0 ? count / total : 0 });
    });
  });
  const showText = n <= 20;
  const axis = { field: 'truth', type: 'nominal', sort: input.classNames } as const;
  const spec: TopLevelSpec = {
    title: input.title ?? 'confusion matrix (test)',
    data: { values },
    width: { step: n <= 12 ? 40 : 24 },
    height: { step: n <= 12 ? 28 : 18 },
    encoding: {
      x: { field: 'predicted', type: 'nominal', sort: input.classNames, title: 'predicted', axis: { labelAngle: -40, orient: 'top' } },
      y: { ...axis, title: 'true class' },
    },
    layer: [
      {
        mark: { type: 'rect' },
        encoding: { color: { field: 'rate', type: 'quantitative', title: 'fraction of true class', scale: { domain: [0, 1], scheme: 'greens' }, legend: { titleLimit: 240 } } },
      },
      ...(showText
        ? [
            {
              mark: { type: 'text' as const, fontSize: 10 },
              encoding: {
                text: { field: 'count', type: 'quantitative' as const },
                color: { condition: { test: 'datum.rate > 0.5', value: 'white' }, value: 'black' },
              },
            },
          ]
        : []),
    ],
  };
  return renderVegaLite(spec);
}
