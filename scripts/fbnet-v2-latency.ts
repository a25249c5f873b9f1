// FBNetV2's latency model and its end-to-end check (the same check build-lut runs on its LUT):
// for a chain space with width / expansion / resolution choices, every (layer, op, resolution) is
// timed at the corners of its width box only (src/latency/width-model.ts), stem per resolution,
// head at the smallest and largest last width; then K seeded random architectures are frozen,
// built whole and timed, against the interpolated sum. Prints Spearman, mean and worst ratio.
// Run: npx tsx scripts/fbnet-v2-latency.ts [--space spaces/fmnist-widths.json] [--archs 10] [--batch 8] [--backend wasm]
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { buildModel } from '../src/arch/model.js';
import { normalizeArch } from '../src/arch/normalize.js';
import { initBackend } from '../src/backend/index.js';
import { Rng } from '../src/core/rng.js';
import { spearman } from '../src/latency/stats.js';
import { corners, interpolate, type WidthBox } from '../src/latency/width-model.js';
import { Head, Stem } from '../src/ops/blocks/stem-head.js';
import { type CanonicalOp, strided } from '../src/ops/op.js';
import { BLOCKS } from '../src/ops/register-all.js';
import { randomSample } from '../src/spaces/choices.js';
import { freeze } from '../src/spaces/freeze.js';
import { loadSpace } from '../src/spaces/load.js';
import { catalogOp, type Slot } from '../src/spaces/normalize.js';

const { values: o } = parseArgs({ options: { space: { type: 'string', default: 'spaces/fmnist-widths.json' }, archs: { type: 'string', default: '10' }, batch: { type: 'string', default: '8' }, backend: { type: 'string', default: 'wasm' } } });
await initBackend(o.backend!, () => {});
const batch = Number(o.batch);
const space = loadSpace(o.space!);
if (space.body.kind !== 'chain') throw new Error('a chain space');
const body = space.body;
const S = { warmup: 2, runs: 7 };

/** Median ms of `runs` inference forwards after `warmup`, each read back (the result disposed unless it is x). */
function timeForward(f: () => tf.Tensor, s: typeof S, x: tf.Tensor): { median: number } {
  const once = (): number => {
    const t0 = performance.now();
    const y = tf.tidy(f);
    y.dataSync();
    if (y !== x) y.dispose();
    return performance.now() - t0;
  };
  for (let i = 0; i < s.warmup; i++) once();
  const t = Array.from({ length: s.runs }, once).sort((a, b) => a - b);
  return { median: t[Math.floor(t.length / 2)]! };
}
const box = (s: Slot<number>): [number, number] => [Math.min(...s.values), Math.max(...s.values)];
let measured = 0;

function time(part: { apply(x: tf.Tensor4D, t: boolean): tf.Tensor; dispose(): void }, shape: [number, number, number]): number {
  const x = tf.randomNormal([batch, ...shape], 0, 1, 'float32', 1) as tf.Tensor4D;
  const t = timeForward(() => part.apply(x, false), S, x).median;
  x.dispose();
  part.dispose();
  measured++;
  return t;
}

const opAt = (name: string, e: number | null): CanonicalOp => {
  const op = catalogOp(name)!;
  return op.kind === 'ir' && e !== null ? { ...op, expansion: e, expandConv: true } : op;
};
// Per resolution: stem ms, per layer per op a box over (cIn, cOut, expansion), head box over cIn.
const tables = space.resolution.values.map((r) => {
  let hw = strided(r, body.stem.stride);
  const stem = time(new Stem(space.input[2], body.stem.cOut, body.stem.kernel, body.stem.stride, Rng.seeded(1)), [r, r, space.input[2]]);
  let cin: Slot<number> = { label: null, values: [body.stem.cOut] };
  const layers = body.layers.map((l) => {
    const axes: [number, number][] = [box(cin), box(l.width), l.expansion ? box(l.expansion) : [0, 0]];
    const inHW = hw;
    const ops = new Map(l.ops.values.map((name): [string, WidthBox] => [name, { axes, ms: corners(axes).map(([ci, co, e]) => time(BLOCKS.build(opAt(name, l.expansion ? e! : null), ci!, co!, l.stride), [inHW, inHW, ci!])) }]));
    [cin, hw] = [l.width, strided(hw, l.stride)];
    return ops;
  });
  const h = body.head;
  const head: WidthBox = { axes: [box(cin)], ms: box(cin).map((c) => time(new Head(c, { cOut: h.cOut, norm: h.norm, relu: h.relu, dropout: 0 }, space.classes, Rng.seeded(2)), [hw, hw, c])) };
  process.stderr.write(`resolution ${r}: ${measured} measurements so far\n`);
  return { stem, layers, head };
});

const rng = Rng.seeded(7);
const rows: { predicted: number; measured: number }[] = [];
for (let k = 0; k < Number(o.archs); k++) {
  const sample = randomSample(space, rng);
  const doc = freeze(space, sample, `random-${k}`);
  const ri = space.resolution.values.indexOf(doc.input[0]);
  const t = tables[ri === -1 ? 0 : ri]!;
  let cIn = body.stem.cOut;
  const pick = (s: Slot<number> | Slot<string> | null) => (s === null ? null : s.label === null ? s.values[0]! : sample[s.label]!);
  let predicted = t.stem;
  body.layers.forEach((l, i) => {
    const cOut = Number(pick(l.width));
    predicted += interpolate(t.layers[i]!.get(String(pick(l.ops)))!, [cIn, cOut, l.expansion ? Number(pick(l.expansion)) : 0]);
    cIn = cOut;
  });
  predicted += interpolate(t.head, [cIn]);
  const model = buildModel(normalizeArch(doc, `random-${k}`), { seed: k });
  rows.push({ predicted, measured: time(model, doc.input as [number, number, number]) });
}
const ratios = rows.map((p) => p.measured / p.predicted);
console.log(JSON.stringify({
  space: space.name, backend: tf.getBackend(), batch, cornerMeasurements: measured - rows.length, archs: rows.length,
  spearman: spearman(rows.map((p) => p.predicted), rows.map((p) => p.measured)),
  meanRatio: ratios.reduce((a, b) => a + b, 0) / ratios.length, maxRatio: Math.max(...ratios.map((x) => Math.max(x, 1 / x))), rows,
}));
