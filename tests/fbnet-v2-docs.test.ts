// FBNetV2's sampled architecture as documents: the frozen chain in mobile-vision's model
// definition form (input size, (op, c, s, n, kwargs) rows) and the report's width table.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mobileVisionDef } from '../src/arch/mobile-vision.js';
import { widthTable } from '../src/report/widths.js';
import { freeze } from '../src/spaces/freeze.js';
import { normalizeSpace } from '../src/spaces/normalize.js';
import { WIDTHS } from './helpers/spaces.js';

const SAMPLE = { 'input.resolution': 12, 'stages.0.width': 12, 'layers.0.op': 'ir_k3_e6', 'layers.1.op': 'ir_k3_e6', 'layers.2.expansion': 4, 'recipe.lr': 0.1, 'recipe.optimizer': 'sgd' };

test('a frozen FBNetV2 sample reads as a mobile-vision model definition: widths, expansion, input size', () => {
  const space = normalizeSpace(WIDTHS, 'widths.json');
  const doc = freeze(space, SAMPLE, 'found');
  assert.deepEqual(doc.input, [12, 12, 3]);
  assert.deepEqual(mobileVisionDef(doc), [
    '"input_size": 12,',
    '"blocks": [',
    '  [("conv_k3", 8, 2, 1)],',
    '  [("ir_k3", 12, 1, 2, e6)],',
    '  [("ir_k5", 16, 2, 1, e4)],',
    '  [("conv_k1", 32, 1, 1)],',
    ']',
  ]);
  const other = freeze(space, { ...SAMPLE, 'layers.1.op': 'skip', 'stages.0.width': 8 }, 'found2');
  assert.ok(mobileVisionDef(other).includes('  [("skip", 8, 1, 1)],'), mobileVisionDef(other).join('\n'));
});

test('the width table marks the chosen width, expansion, op and resolution among the choices', () => {
  const space = normalizeSpace(WIDTHS, 'widths.json');
  const t = widthTable(space, SAMPLE);
  assert.equal(t[0], 'Input resolution: **12** / 16 (chosen in bold)');
  assert.equal(t[4], '| 0 | 1 | ir_k3_e1 / **ir_k3_e6** / skip | 8 / **12** | – |');
  assert.equal(t[6], '| 2 | 2 | ir_k5_e3 | 16 | 2 / **4** |');
});

test('width latency model: multilinear interpolation is exact on a bilinear function, fixed axes have one value', async () => {
  const { corners, interpolate } = await import('../src/latency/width-model.js');
  const f = (x: number, y: number): number => 1 + 0.5 * x + 0.25 * y + 0.01 * x * y;
  const axes: [number, number][] = [[8, 16], [12, 32], [3, 3]];
  const box = { axes, ms: corners(axes).map(([x, y]) => f(x!, y!)) };
  assert.equal(box.ms.length, 8);
  for (const [x, y] of [[8, 12], [12, 20], [16, 32], [10, 31]] as const) assert.ok(Math.abs(interpolate(box, [x, y, 3]) - f(x, y)) < 1e-9);
  assert.throws(() => interpolate(box, [8, 12]), /2 coordinates for 3 axes/);
});

test('an architecture with a searched input size reads the spaced subsample of full-size images', async () => {
  const tf = await import('@tensorflow/tfjs-core');
  const { atArchInput } = await import('../src/arch/input.js');
  const { useBackend } = await import('../src/ops/testing.js');
  assert.ok(await useBackend('cpu'));
  const x = tf.tensor4d(Array.from({ length: 16 }, (_, i) => i), [1, 4, 4, 1]);
  assert.equal(atArchInput(x, [4, 4, 1]), x);
  assert.deepEqual(Array.from(atArchInput(x, [2, 2, 1]).dataSync()), [0, 2, 8, 10]);
  assert.throws(() => atArchInput(x, [6, 6, 1]), /cannot feed an architecture whose input is 6x6x1/);
});
