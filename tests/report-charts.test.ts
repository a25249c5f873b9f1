// Every chart renders to well-formed SVG containing its labels, renders byte-identically twice,
// escapes user strings (a class or block named <script>), and rejects data it cannot draw
// faithfully with a ReportError naming the problem.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { thetaHeatmap, thetaOverEpochs, type ThetaHistory } from '../src/report/charts/theta.js';
import { trainingCurves, type CurvesInput } from '../src/report/charts/curves.js';
import { accuracyLatencyScatter, type ScatterInput } from '../src/report/charts/scatter.js';
import { confusionMatrix, type ConfusionInput } from '../src/report/charts/confusion.js';
import { architectureSvg, type ArchDrawing } from '../src/report/charts/architecture.js';
import { ReportError } from '../src/report/escape.js';
import { checkEmbeddableSvg } from '../src/report/svg.js';
import { wellFormedProblems } from './helpers/report-xml.js';

const EVIL = '<script>alert(1)</script>';

function softmax(z: number[]): number[] {
  const m = Math.max(...z);
  const e = z.map((v) => Math.exp(v - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}

const candidates = ['ir_k3_e1', 'ir_k3_e6', 'ir_k5_e3', 'skip'];
const theta: ThetaHistory = {
  candidates,
  epochs: [0, 1, 2, 3, 4, 5].map((epoch) => ({ epoch, softmax: [0, 1, 2].map((l) => softmax(candidates.map((_, c) => (c === l ? epoch : 0)))) })),
};
const curves: CurvesInput = {
  title: 'supernet accuracy',
  yLabel: 'top-1',
  yFormat: '.0%',
  series: [
    { name: 'train top-1', points: [0, 1, 2, 3].map((epoch) => ({ epoch, value: 0.6 + 0.08 * epoch })) },
    { name: 'val top-1', points: [0, 1, 2, 3].map((epoch) => ({ epoch, value: epoch === 2 ? Number.NaN : 0.55 + 0.07 * epoch })) },
  ],
};
const scatter: ScatterInput = {
  points: [
    { name: 'found-0', kind: 'found', latencyMs: 2.5, top1: 0.9 },
    { name: 'all-ir_k3_e6', kind: 'baseline', latencyMs: 4.1, top1: 0.905 },
    { name: 'random-0', kind: 'random', latencyMs: 3, top1: 0.88 },
  ],
};
const confusion: ConfusionInput = { classNames: ['T-shirt/top', 'Trouser', EVIL], matrix: [[90, 5, 5], [2, 97, 1], [10, 0, 90]] };
const arch: ArchDrawing = {
  name: 'found-0',
  input: [28, 28, 1],
  stem: { cOut: 16, stride: 1 },
  blocks: [
    { name: 'ir_k3_e1', cIn: 16, cOut: 16, stride: 1, outH: 28, outW: 28, flops: 1.2e6, probability: 0.81 },
    { name: 'ir_k5_e6', cIn: 16, cOut: 24, stride: 2, outH: 14, outW: 14, flops: 3.4e6, probability: 0.64 },
    { name: EVIL, cIn: 24, cOut: 24, stride: 1, outH: 14, outW: 14, flops: 0 },
  ],
  head: { cOut: 256, classes: 10 },
};

function assertSvg(svg: string, labels: string[]): void {
  assert.ok(svg.startsWith('<svg'), svg.slice(0, 80));
  assert.ok(svg.endsWith('</svg>'));
  assert.deepEqual(wellFormedProblems(svg), []);
  checkEmbeddableSvg(svg);
  for (const l of labels) assert.ok(svg.includes(l), `missing label ${l}`);
  assert.ok(!svg.includes('<script'), 'raw <script> in the SVG');
}

test('theta heat map of one epoch: layers, candidates, the chosen epoch in the title', async () => {
  const svg = await thetaHeatmap(theta);
  assertSvg(svg, [...candidates, 'layer 0', 'layer 2', 'epoch 5', 'softmax θ']);
  assert.equal(await thetaHeatmap(theta), svg);
  assert.match(await thetaHeatmap(theta, { epoch: 0 }), /epoch 0/);
  await assert.rejects(thetaHeatmap(theta, { epoch: 99 }), ReportError);
});

test('theta over epochs: one panel per layer', async () => {
  const svg = await thetaOverEpochs(theta);
  assertSvg(svg, [...candidates, 'layer 0', 'layer 1', 'layer 2', 'epoch']);
  assert.equal(await thetaOverEpochs(theta), svg);
});

test('theta over a long run: evenly spaced epoch columns, said in the title', async () => {
  const long: ThetaHistory = { candidates: ['a', 'b'], epochs: Array.from({ length: 150 }, (_, epoch) => ({ epoch, softmax: [[0.25, 0.75]] })) };
  const svg = await thetaOverEpochs(long);
  assertSvg(svg, ['one column every 2 epochs, and the last']);
  // 76 columns (0, 2, ..., 148 and 149) × 2 candidates, drawn as whole-pixel rects.
  const rects = svg.match(/<path d="M\d+,\d+h\d+v12h-\d+Z"/g) ?? [];
  assert.equal(rects.length, 76 * 2);
});

test('theta input errors name the epoch and layer', async () => {
  const ragged = { candidates, epochs: [{ epoch: 0, softmax: [[0.5, 0.5]] }] };
  await assert.rejects(thetaHeatmap(ragged), /epoch 0 layer 0 has 2 probabilities for 4 candidates/);
  const notP = { candidates: ['a', 'b'], epochs: [{ epoch: 0, softmax: [[1.5, -0.5]] }] };
  await assert.rejects(thetaOverEpochs(notP), /not a probability/);
  await assert.rejects(thetaHeatmap({ candidates: ['a', 'a'], epochs: [{ epoch: 0, softmax: [[0.5, 0.5]] }] }), /unique/);
  await assert.rejects(thetaHeatmap({ candidates, epochs: [] }), ReportError);
});

test('training curves: series names, axis titles; a NaN is a gap, not an error', async () => {
  const svg = await trainingCurves(curves);
  assertSvg(svg, ['supernet accuracy', 'top-1', 'train top-1', 'val top-1', 'epoch']);
  assert.equal(await trainingCurves(curves), svg);
  // The val line restarts ("M") after the missing epoch; the train line is one stroke.
  const line = (series: string): string => new RegExp(`aria-label="[^"]*series: ${series}"[^>]* d="([^"]+)"`).exec(svg)?.[1] ?? '';
  assert.equal(line('train top-1').split('M').length - 1, 1);
  assert.equal(line('val top-1').split('M').length - 1, 2);
  await assert.rejects(trainingCurves({ ...curves, series: [] }), /no series/);
  await assert.rejects(trainingCurves({ ...curves, series: [{ name: 'x', points: [{ epoch: 0, value: Number.NaN }] }] }), /no finite value/);
});

test('accuracy vs latency: every point labelled, kinds in the legend, found drawn last', async () => {
  const svg = await accuracyLatencyScatter(scatter);
  assertSvg(svg, ['found-0', 'all-ir_k3_e6', 'random-0', 'found', 'baseline', 'random', 'measured latency (ms)']);
  assert.equal(await accuracyLatencyScatter(scatter), svg);
  assert.ok(svg.lastIndexOf('>found-0<') > svg.lastIndexOf('>random-0<'), 'found label drawn on top');
  await assert.rejects(accuracyLatencyScatter({ points: [{ name: 'p', kind: 'found', latencyMs: 1, top1: 91 }] }), /not a fraction/);
  await assert.rejects(accuracyLatencyScatter({ points: [{ name: 'p', kind: 'found', latencyMs: 0, top1: 0.9 }] }), /not a positive number/);
});

test('confusion matrix: class names escaped, counts printed, shape checked', async () => {
  const svg = await confusionMatrix(confusion);
  assertSvg(svg, ['T-shirt/top', 'Trouser', '&lt;script&gt;', '>97<', 'predicted', 'true class']);
  assert.equal(await confusionMatrix(confusion), svg);
  await assert.rejects(confusionMatrix({ classNames: ['a', 'b'], matrix: [[1, 2]] }), /1 rows for 2 classes/);
  await assert.rejects(confusionMatrix({ classNames: ['a'], matrix: [[-1]] }), /not a count/);
});

test('architecture drawing: stem, every block with shape, FLOPs and p, head; names escaped', () => {
  const svg = architectureSvg(arch);
  assertSvg(svg, ['architecture found-0', 'input 28×28×1', 'stem conv', 'ir_k3_e1', 'ir_k5_e6', '16 → 24', '14×14', '3.40 M', '0.64', 'head: 1×1, pool, FC', '256 → 10']);
  assert.ok(svg.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
  assert.equal(architectureSvg(arch), svg);
  // Stride-2 rows are bold, skip-free names get their kernel colour (k5 e6: darkest green).
  assert.match(svg, /font-weight="bold">s2</);
  assert.match(svg, /fill="#238b45"/);
  const noHead = architectureSvg({ ...arch, blocks: [], head: { cOut: null, classes: 10 } });
  assertSvg(noHead, ['head: pool, FC', '28×28 → 1×1']);
  assert.throws(() => architectureSvg({ ...arch, stem: { cOut: Number.NaN, stride: 1 } }), /stem.cOut/);
  assert.throws(() => architectureSvg({ ...arch, blocks: [{ ...arch.blocks[0]!, probability: 2 }] }), /probability/);
});

test('evolution plane: every scored candidate, the cap as a rule, deterministic; non-finite points refused', async () => {
  const { evolutionScatter } = await import('../src/report/charts/evolution.js');
  const input = {
    points: [0, 1, 2].flatMap((generation) => [0.9, 1.1, 1.3].map((cost, k) => ({ generation, cost, valTop1: 0.5 + 0.05 * generation + 0.01 * k, winner: generation === 2 && k === 2 }))),
    cap: 1.4,
    costLabel: 'predicted latency (ms per batch of 1)',
  };
  const svg = await evolutionScatter(input);
  assert.deepEqual(wellFormedProblems(svg), []);
  checkEmbeddableSvg(svg, 'evolution');
  assert.match(svg, /predicted latency/);
  assert.equal(await evolutionScatter(input), svg, 'byte-identical on a second render');
  await assert.rejects(evolutionScatter({ ...input, points: [{ generation: 0, cost: NaN, valTop1: 0.5, winner: false }] }), (e: unknown) => e instanceof ReportError && /not finite/.test(e.message));
});
