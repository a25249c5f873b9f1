// The fbnet-v2 preset's pipeline on a tiny synthetic experiment, as a user switches method: the
// configs/presets/fbnet-v2 files copied over configs/ (space and budgets shrunk), `turbo run
// evaluate` runs all six stages: build-lut writes a width model, train-supernet trains the masked
// supernet, sample freezes argmax α with widths and input size, retrain trains it beside the
// widest and narrowest instances, evaluate predicts each from the width model and the report
// shows the chosen widths.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import type { ArchDoc, EvaluateResults, LatencyTable, SampleIndex, SearchResult } from '../src/types/generated.js';
import { REPO, run, sandbox } from './helpers/sandbox.js';

const COPY = ['package.json', 'package-lock.json', 'turbo.json', 'pipeline.yaml', 'tsconfig.json', 'configs', 'stages', 'scripts', 'src', 'schemas', 'spaces'];
const TINY_WIDTHS = {
  schema: 'space/v2', name: 'tiny-widths', input: [8, 8, 1], classes: 4, resolutions: [6, 8], ops: ['ir_k3_e1', 'ir_k3_e3', 'skip'],
  body: { kind: 'chain', stem: { cOut: 8, stride: 1 }, stages: [{ cOut: [4, 8], stride: 1, repeats: 1 }, { cOut: [8, 12], stride: 2, repeats: 1, ops: ['ir_k3_e1'], expansion: [2, 4] }], head: { cOut: 16 } },
};

function tweak(root: string, stage: string, over: Record<string, unknown>): void {
  const file = join(root, 'configs', `${stage}.yaml`);
  writeFileSync(file, stringify({ ...(parse(readFileSync(file, 'utf8')) as object), ...over }));
}

test('the fbnet-v2 preset: width model, masked supernet, argmax widths, widest/narrowest baselines, report', { timeout: 600_000 }, () => {
  const s = sandbox(COPY);
  try {
    for (const st of ['prepare-data', 'build-lut', 'train-supernet', 'sample', 'retrain', 'evaluate']) cpSync(join(REPO, 'configs/presets/fbnet-v2', `${st}.yaml`), join(s.root, 'configs', `${st}.yaml`));
    s.write('spaces/tiny-widths.json', JSON.stringify(TINY_WIDTHS));
    s.write('configs/prepare-data.yaml', stringify({ schema: 'prepare-data-config/v1', seed: 5, testSplit: 'pooled', source: { kind: 'synthetic', count: 600, height: 8, width: 8, channels: 1, classes: 4, seed: 9 }, splits: { train_w: { fraction: 0.4 }, train_theta: { fraction: 0.2 }, val: { fraction: 0.2 }, test: { fraction: 0.2 } } }));
    tweak(s.root, 'build-lut', { space: 'spaces/tiny-widths.json', backend: 'wasm', warmup: 1, runs: 3, fit: { archs: 12 }, endToEnd: { archs: 3 } });
    tweak(s.root, 'train-supernet', { backend: 'wasm', epochs: 2, warmupEpochs: 1, batch: 16, limits: { wBatchesPerEpoch: 3, thetaBatchesPerEpoch: 2, valImages: 32 }, loss: { form: 'paper', metric: 'flops', costScale: 1000, alpha: 0.2, beta: 0.6 } });
    tweak(s.root, 'retrain', { backend: 'wasm', epochs: 1, batch: 16, batchesPerEpoch: 3, checkpointEvery: 3 });
    tweak(s.root, 'evaluate', { backend: 'wasm', batch: 64, latency: { warmup: 1, runs: 3 }, exportCheck: 4 });

    const r = run(join(REPO, 'node_modules/.bin/turbo'), ['run', 'evaluate'], s.root, { NASFLOW_PROGRESS: '0' });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /Tasks:\s+7 successful, 7 total/);
    const art = <T>(f: string): T => JSON.parse(readFileSync(join(s.root, 'artifacts', f), 'utf8')) as T;
    const lut = art<LatencyTable>('build-lut/lut.json');
    assert.ok(lut.widths && lut.widths.boxes.length > 0 && lut.entries.length === 0, 'a width model, no grid entries');
    assert.equal(lut.checks.endToEnd.archs, 3);
    assert.equal(lut.widths.fit?.networks, 13, 'the corners fitted to the widest and 12 random networks (the 3 checked ones held out)');
    const result = art<SearchResult>('train-supernet/search.json');
    assert.equal(result.method, 'fbnet-v2');
    assert.deepEqual(result.choices.map((c) => c.label), ['input.resolution', 'layers.0.op', 'stages.0.width', 'stages.1.width', 'layers.1.expansion']);
    const index = art<SampleIndex>('sample/index.json');
    const found = index.archs[0]!;
    assert.deepEqual(found.sample, result.sample);
    const doc = art<ArchDoc>(`sample/${found.file}`);
    assert.equal(doc.input[0], found.sample['input.resolution']);
    assert.ok(doc.body.kind === 'chain' && doc.body.rows[0]!.cOut === found.sample['stages.0.width']);
    const results = art<EvaluateResults>('evaluate/results.json');
    assert.deepEqual(results.archs.map((a) => a.kind), ['found', 'baseline', 'baseline']);
    assert.deepEqual(results.archs.slice(1).map((a) => a.name), ['tiny-widths-widest', 'tiny-widths-narrowest']);
    assert.ok(results.archs.every((a) => a.predictedLatencyMs !== 0 && Number.isFinite(a.predictedLatencyMs)));
    const [, widest, narrowest] = results.archs;
    assert.ok(widest!.flops > narrowest!.flops, `widest ${widest!.flops} vs narrowest ${narrowest!.flops} FLOPs`);
    const report = readFileSync(join(s.root, 'artifacts/evaluate/report.md'), 'utf8');
    assert.match(report, /The fbnet-v2 search/);
    assert.match(report, /Chosen widths, expansions and resolution/);
    assert.match(report, /"input\\?_size": \d+/);
  } finally {
    s.cleanup();
  }
});
