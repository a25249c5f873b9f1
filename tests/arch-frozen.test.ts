// Architectures frozen from the two new space kinds BUILD and EXPORT: a chain with width,
// expansion and input-resolution choices, and a DARTS-like cell network whose genotype uses every
// DARTS op (normal and reduction cells, factorized reduce after a reduction). Each runs forward,
// is exported to a TF.js LayersModel of stock Keras layers, and the model loaded by STOCK
// @tensorflow/tfjs in a child process predicts what nasflow's model predicts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { exportLayersModel } from '../src/arch/export-files.js';
import { buildModel } from '../src/arch/model.js';
import { normalizeArch } from '../src/arch/normalize.js';
import { Rng } from '../src/core/rng.js';
import { useBackend } from '../src/ops/testing.js';
import { choicesOf, randomSample } from '../src/spaces/choices.js';
import { loadSpace } from '../src/spaces/load.js';
import { freeze } from '../src/spaces/freeze.js';
import { normalizeSpace } from '../src/spaces/normalize.js';
import type { ArchDoc } from '../src/types/generated.js';
import { REPO } from './helpers/sandbox.js';
import { CELLS, WIDTHS } from './helpers/spaces.js';

const LOADER = `
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
const [dir, inputFile] = process.argv.slice(1);
const model = await tf.loadLayersModel({ load: async () => {
  const j = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
  const bin = readFileSync(join(dir, j.weightsManifest[0].paths[0]));
  return { modelTopology: j.modelTopology, format: j.format, weightSpecs: j.weightsManifest[0].weights,
    weightData: bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength) };
} });
const inp = JSON.parse(readFileSync(inputFile, 'utf8'));
const y = model.predict(tf.tensor(inp.data, inp.shape));
console.log('RESULT ' + JSON.stringify({ shape: y.shape, data: Array.from(y.dataSync()) }));
`;

async function buildAndExport(doc: ArchDoc, classes: number): Promise<{ layers: Set<string> }> {
  const arch = normalizeArch(doc, `${doc.name}.json`);
  const model = buildModel(arch, { seed: 3 });
  const rng = Rng.seeded(9);
  // Sane non-initial values: variances positive, gammas around 1, weights near their init scale.
  model.loadState(model.state().map((a) => ({ ...a, data: a.data.map((v) => (a.name.endsWith('moving_var') || a.name.endsWith('gamma') ? 0.5 + rng.float() : v + 0.2 * (rng.float() - 0.5))) })));
  const x = tf.randomNormal([2, ...arch.input], 0, 1, 'float32', 4) as tf.Tensor4D;
  const dir = mkdtempSync(join(tmpdir(), 'nasflow-frozen-'));
  try {
    const train = tf.tidy(() => model.apply(x, true).shape);
    assert.deepEqual(train, [2, classes]);
    const ours = tf.tidy(() => model.apply(x, false).dataSync());
    const result = await exportLayersModel(model, dir);
    const topology = JSON.parse(readFileSync(result.modelJson, 'utf8')) as { modelTopology: { config: { layers: { class_name: string }[] } } };
    const inputFile = join(dir, 'input.json');
    writeFileSync(inputFile, JSON.stringify({ shape: x.shape, data: Array.from(x.dataSync()) }));
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', LOADER, dir, inputFile], { cwd: process.cwd(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    const line = out.split('\n').find((l) => l.startsWith('RESULT '));
    assert.ok(line, `loader printed a result: ${out}`);
    const theirs = JSON.parse(line.slice('RESULT '.length)) as { shape: number[]; data: number[] };
    assert.deepEqual(theirs.shape, [2, classes]);
    const diff = Math.max(...theirs.data.map((v, i) => Math.abs(v - ours[i]!)));
    assert.ok(diff <= 1e-4, `max abs diff ${diff}`);
    assert.ok(Math.max(...Array.from(ours, Math.abs)) > 1e-2, 'outputs are not trivially small');
    return { layers: new Set(topology.modelTopology.config.layers.map((l) => l.class_name)) };
  } finally {
    model.dispose();
    x.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
}

test('a chain with width, expansion and resolution choices freezes to an architecture that builds and exports', async () => {
  (await useBackend('wasm')) || (await useBackend('cpu'));
  const s = normalizeSpace(WIDTHS, 'widths.json');
  const sample = { 'input.resolution': 12, 'layers.0.op': 'ir_k3_e6', 'stages.0.width': 12, 'layers.1.op': 'ir_k3_e1', 'layers.2.expansion': 2, 'recipe.lr': 0.1, 'recipe.optimizer': 'sgd' };
  const doc = freeze(s, sample, 'widths-a');
  // A searched real expansion (mobile-vision's _ex(5.4566)) builds too: written by hand into the row.
  if (doc.body.kind === 'chain') doc.body.rows[2]!.op = { kind: 'ir', kernel: 5, expansion: 2.75 };
  if (doc.body.kind === 'chain') delete doc.body.rows[2]!.name;
  await buildAndExport(doc, 5);
});

test('a DARTS-like cell genotype using every DARTS op builds and exports', async () => {
  (await useBackend('wasm')) || (await useBackend('cpu'));
  const s = normalizeSpace(CELLS, 'cells.json');
  const ops = CELLS.ops!;
  // Edge e of the 8 (normal then reduce) takes op e mod 8; inputs cycle over what each node may read.
  let e = 0;
  const sample = Object.fromEntries(choicesOf(s).map((c) => [c.label, c.kind === 'op' ? ops[e++ % ops.length]! : c.values[(e + Number(c.label.slice(-1))) % c.values.length]!]));
  const doc = freeze(s, sample, 'cell-a');
  const body = doc.body.kind === 'cells' ? doc.body : assert.fail('cells');
  const used = new Set([...body.normal.nodes, ...body.reduce.nodes].flat().map((x) => x.name));
  assert.equal(used.size, 8, `every DARTS op is on some edge: ${[...used].join(', ')}`);
  const { layers } = await buildAndExport(doc, 4);
  for (const c of ['MaxPooling2D', 'AveragePooling2D', 'SeparableConv2D', 'Cropping2D', 'ZeroPadding2D', 'Concatenate', 'Add']) assert.ok(layers.has(c), `exported with ${c}`);
});

test('every shipped space: a seeded random sample builds and runs forward', async () => {
  (await useBackend('wasm')) || (await useBackend('cpu'));
  for (const f of readdirSync(join(REPO, 'spaces'))) {
    const s = loadSpace(join(REPO, 'spaces', f));
    const arch = normalizeArch(freeze(s, randomSample(s, Rng.seeded(2)), s.name), f);
    const model = buildModel(arch, { seed: 1 });
    const x = tf.zeros([1, ...arch.input]) as tf.Tensor4D;
    assert.deepEqual(tf.tidy(() => model.apply(x, false).shape), [1, s.classes], f);
    x.dispose();
    model.dispose();
  }
});
