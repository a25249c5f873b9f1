// Export round trip: a model with every block kind (identity and projection skips, expansion 1
// with and without the expand conv, grouped + shuffle variants g2/g4, SE, stride 2, residuals,
// head with BN and with bias) is exported to model.json + weights.bin and loaded by STOCK
// @tensorflow/tfjs in a separate Node process (no nasflow code, no nasflow kernels), whose
// predictions must match nasflow's inference output within 1e-4. Weights, BN moving statistics
// and affine parameters are randomised first so every exported number matters.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { execaSync } from 'execa';
import { Rng } from '../src/core/rng.js';
import { exportLayersModel } from '../src/arch/export-files.js';
import { buildModel } from '../src/arch/model.js';
import { normalizeArch } from '../src/arch/normalize.js';
import { useBackend } from '../src/ops/testing.js';
import type { ArchChain, ArchDoc } from '../src/types/generated.js';

const ALL_KINDS: ArchDoc = {
  schema: 'arch/v2', name: 'all-kinds', input: [16, 16, 3], classes: 7,
  body: {
    kind: 'chain',
    stem: { cOut: 8, stride: 2 },
    rows: [
      { op: { kind: 'ir', kernel: 3, expansion: 1 }, cOut: 8, stride: 1 },
      { op: { kind: 'ir', kernel: 5, expansion: 1, expandConv: true, se: true }, cOut: 8, stride: 1 },
      { op: { kind: 'ir', kernel: 3, expansion: 1, groups: 2 }, cOut: 16, stride: 2 },
      { op: { kind: 'ir', kernel: 5, expansion: 3, groups: 4, se: true }, cOut: 16, stride: 1 },
      { op: { kind: 'skip' }, cOut: 16, stride: 1 },
      { op: { kind: 'skip' }, cOut: 24, stride: 2 },
      { op: { kind: 'ir', kernel: 7, expansion: 6 }, cOut: 24, stride: 1 },
      { op: { kind: 'ir', kernel: 3, expansion: 6, groups: 2 }, cOut: 32, stride: 1 },
    ],
    head: { cOut: 48, dropout: 0.3 },
  },
};

// Runs in a child process: only node built-ins and stock @tensorflow/tfjs.
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

for (const head of [{ cOut: 48, dropout: 0.3 }, { cOut: 40, norm: 'bias' as const, relu: false }, { cOut: null }]) {
  test(`stock @tensorflow/tfjs predicts like nasflow (head ${JSON.stringify(head)})`, async () => {
    await useBackend('wasm') || (await useBackend('cpu'));
    const arch = normalizeArch({ ...ALL_KINDS, body: { ...(ALL_KINDS.body as ArchChain), head } }, 'all-kinds.json');
    const model = buildModel(arch, { seed: 5 });
    const rng = Rng.seeded(17);
    // Random but sane values: variances positive, gammas around 1, weights around their init scale.
    model.loadState(model.state().map((a) => ({ ...a, data: a.data.map((v) => (a.name.endsWith('moving_var') ? 0.5 + rng.float() : a.name.endsWith('gamma') ? 0.5 + rng.float() : v + 0.2 * (rng.float() - 0.5))) })));
    const x = tf.randomNormal([3, 16, 16, 3], 0, 1, 'float32', 4) as tf.Tensor4D;
    const ours = tf.tidy(() => model.apply(x, false).dataSync());
    const dir = mkdtempSync(join(tmpdir(), 'nasflow-export-'));
    const result = await exportLayersModel(model, dir);
    assert.deepEqual(result.costlier.map((c) => [c.block, c.name]), [[2, 'ir_k3_e1_g2'], [3, 'ir_k5_e3_g4_se'], [7, 'ir_k3_e6_g2']]);
    for (const c of result.costlier) assert.ok(c.exportedFlops > c.flops);
    const topology = JSON.parse(readFileSync(result.modelJson, 'utf8')) as { modelTopology: { config: { layers: { class_name: string }[] } } };
    const classes = new Set(topology.modelTopology.config.layers.map((l) => l.class_name));
    const stock = ['InputLayer', 'Conv2D', 'DepthwiseConv2D', 'BatchNormalization', 'Activation', 'Add', 'Multiply', 'Reshape', 'GlobalAveragePooling2D', 'Dropout', 'Dense'];
    for (const c of classes) assert.ok(stock.includes(c), `stock Keras layer: ${c}`);
    const inputFile = join(dir, 'input.json');
    writeFileSync(inputFile, JSON.stringify({ shape: x.shape, data: Array.from(x.dataSync()) }));
    const out = execaSync(process.execPath, ['--input-type=module', '-e', LOADER, dir, inputFile], { stdin: 'ignore' }).stdout;
    const line = out.split('\n').find((l) => l.startsWith('RESULT '));
    assert.ok(line, `loader printed a result: ${out}`);
    const theirs = JSON.parse(line.slice('RESULT '.length)) as { shape: number[]; data: number[] };
    assert.deepEqual(theirs.shape, [3, 7]);
    const diff = Math.max(...theirs.data.map((v, i) => Math.abs(v - ours[i]!)));
    assert.ok(diff <= 1e-4, `max abs diff ${diff}`);
    assert.ok(Math.max(...Array.from(ours, Math.abs)) > 1e-2, 'outputs are not trivially small');
    model.dispose();
    x.dispose();
  });
}
