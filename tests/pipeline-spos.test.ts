// The SPOS preset's pipeline on a tiny synthetic experiment, as a user switches method: the
// configs/presets/spos files copied over configs/ (a few budgets shrunk), `turbo run evaluate`
// runs all six stages; the evolved architecture respects the latency cap, evolution.json holds
// the per-generation history, and the report shows the evolution instead of probabilities.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import type { EvolutionHistory, SampleIndex, SearchResult } from '../src/types/generated.js';
import { REPO, run, sandbox } from './helpers/sandbox.js';

const COPY = ['package.json', 'package-lock.json', 'turbo.json', 'pipeline.yaml', 'tsconfig.json', 'configs', 'stages', 'scripts', 'src', 'schemas', 'spaces'];
const TINY_SPACE = { schema: 'space/v2', name: 'tiny', input: [8, 8, 1], classes: 4, ops: ['ir_k3_e1', 'ir_k3_e3', 'skip'], body: { kind: 'chain', stem: { cOut: 8, stride: 1 }, layers: [{ cOut: 8, stride: 1 }, { cOut: 16, stride: 2 }, { cOut: 16, stride: 1 }], head: { cOut: 32 } } };

function tweak(root: string, stage: string, over: Record<string, unknown>): void {
  const file = join(root, 'configs', `${stage}.yaml`);
  writeFileSync(file, stringify({ ...(parse(readFileSync(file, 'utf8')) as object), ...over }));
}

test('the spos preset: SPOS training, evolution under a latency cap, retrain, report', { timeout: 600_000 }, () => {
  const s = sandbox(COPY);
  try {
    for (const st of ['prepare-data', 'build-lut', 'train-supernet', 'sample', 'retrain', 'evaluate']) cpSync(join(REPO, 'configs/presets/spos', `${st}.yaml`), join(s.root, 'configs', `${st}.yaml`));
    s.write('spaces/tiny.json', JSON.stringify(TINY_SPACE));
    s.write('configs/prepare-data.yaml', stringify({ schema: 'prepare-data-config/v1', seed: 5, testSplit: 'pooled', source: { kind: 'synthetic', count: 800, height: 8, width: 8, channels: 1, classes: 4, seed: 9 }, splits: { train_w: { fraction: 0.5 }, train_theta: { fraction: 0.1 }, val: { fraction: 0.2 }, test: { fraction: 0.2 } } }));
    tweak(s.root, 'build-lut', { space: 'spaces/tiny.json', backend: 'wasm', warmup: 2, runs: 5, endToEnd: { archs: 3 } });
    tweak(s.root, 'train-supernet', { backend: 'wasm', epochs: 2, batch: 16, limits: { batchesPerEpoch: 8, valImages: 64 } });
    tweak(s.root, 'sample', { backend: 'wasm', population: 6, generations: 3, parents: 2, mutations: 2, crossovers: 2, score: { batch: 32, recalibrationBatches: 2, valImages: 64 } });
    tweak(s.root, 'retrain', { backend: 'wasm', epochs: 1, batch: 16, batchesPerEpoch: 4, checkpointEvery: 4, baselines: { uniform: ['skip'], random: 0 } });
    tweak(s.root, 'evaluate', { backend: 'wasm', batch: 64, latency: { warmup: 1, runs: 3 }, exportCheck: 4 });

    const r = run(join(REPO, 'node_modules/.bin/turbo'), ['run', 'evaluate'], s.root, { NASFLOW_PROGRESS: '0' });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /Tasks:\s+7 successful, 7 total/);
    const art = (f: string): unknown => JSON.parse(readFileSync(join(s.root, 'artifacts', f), 'utf8'));
    const result = art('train-supernet/search.json') as SearchResult;
    assert.equal(result.method, 'spos');
    assert.ok(result.choices.every((c) => c.probabilities === null) && result.sample === null, 'SPOS has no probabilities and exports nothing');
    const evo = art('sample/evolution.json') as EvolutionHistory;
    assert.equal(evo.generations.length, 3);
    assert.ok(evo.cap !== null && evo.scored > 0);
    const index = art('sample/index.json') as SampleIndex;
    assert.equal(index.how, 'evolution');
    const found = index.archs[0]!;
    assert.ok(found.predicted.latencyMs <= evo.cap!, `the evolved architecture (${found.predicted.latencyMs} ms) respects the cap ${evo.cap}`);
    for (const g of evo.generations) for (const p of g.population) assert.ok(p.cost <= evo.cap!, `a scored candidate costs ${p.cost} > cap`);
    const report = readFileSync(join(s.root, 'artifacts/evaluate/report.md'), 'utf8');
    assert.match(report, /The spos search with evolution/);
    assert.match(report, /Search: evolution/);
    assert.doesNotMatch(report, /per-choice probabilities/);
  } finally {
    s.cleanup();
  }
});
