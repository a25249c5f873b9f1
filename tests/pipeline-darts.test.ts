// The darts preset's pipeline on a tiny synthetic experiment, as a user switches method: the
// configs/presets/darts files copied over configs/ (the space and budgets shrunk), `turbo run
// evaluate` runs all six stages on a cells space: a cells LUT, DARTS on the cell supernet, the
// genotype as a cells architecture, found and random genotypes retrained in the evaluation layout,
// and a report that draws the cells and α over the epochs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import type { ArchDoc, SupernetHistory, LatencyTable, RetrainIndex, SampleIndex, SearchResult } from '../src/types/generated.js';
import { REPO, run, sandbox } from './helpers/sandbox.js';
import { TINY_CELLS } from './darts-helpers.js';

const COPY = ['package.json', 'package-lock.json', 'turbo.json', 'pipeline.yaml', 'tsconfig.json', 'configs', 'stages', 'scripts', 'src', 'schemas', 'spaces'];

function tweak(root: string, stage: string, over: Record<string, unknown>): void {
  const file = join(root, 'configs', `${stage}.yaml`);
  writeFileSync(file, stringify({ ...(parse(readFileSync(file, 'utf8')) as object), ...over }));
}

test('the darts preset: cells LUT, DARTS search, genotype, found vs random genotypes retrained, report with cells', { timeout: 600_000 }, () => {
  const s = sandbox(COPY);
  try {
    for (const st of ['prepare-data', 'build-lut', 'train-supernet', 'sample', 'retrain', 'evaluate']) cpSync(join(REPO, 'configs/presets/darts', `${st}.yaml`), join(s.root, 'configs', `${st}.yaml`));
    s.write('spaces/tiny-cells.json', JSON.stringify(TINY_CELLS));
    s.write('configs/prepare-data.yaml', stringify({ schema: 'prepare-data-config/v1', seed: 5, testSplit: 'pooled', source: { kind: 'synthetic', count: 400, height: 8, width: 8, channels: 1, classes: 4, seed: 9 }, splits: { train_w: { fraction: 0.4 }, train_theta: { fraction: 0.2 }, val: { fraction: 0.2 }, test: { fraction: 0.2 } } }));
    tweak(s.root, 'build-lut', { space: 'spaces/tiny-cells.json', backend: 'wasm', warmup: 1, runs: 3, endToEnd: { archs: 3, pilotRounds: 1 } });
    tweak(s.root, 'train-supernet', { backend: 'wasm', epochs: 2, batch: 8, limits: { batchesPerEpoch: 3, valImages: 32 } });
    tweak(s.root, 'retrain', { backend: 'wasm', epochs: 1, batch: 16, batchesPerEpoch: 3, checkpointEvery: 3, workers: 1, baselines: { uniform: [], random: 1 }, cells: { cells: 4, channels: 6, stem: 12, dropPath: 0.2, auxiliary: 0.4 }, augment: { cropPadding: 0, flip: false, cutout: 2 } });
    tweak(s.root, 'evaluate', { backend: 'wasm', batch: 64, latency: { warmup: 1, runs: 3, forwards: 1 }, exportCheck: 4 });

    const r = run(join(REPO, 'node_modules/.bin/turbo'), ['run', 'evaluate'], s.root, { NASFLOW_PROGRESS: '0' });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /Tasks:\s+7 successful, 7 total/);
    const art = (f: string): unknown => JSON.parse(readFileSync(join(s.root, 'artifacts', f), 'utf8'));
    const lut = art('build-lut/lut.json') as LatencyTable;
    assert.equal(lut.reference.method, 'standalone');
    assert.equal(lut.grid.layers.length, 3 * 5, 'one row per (cell, edge): 3 cells x 5 edges of 2 nodes');
    const result = art('train-supernet/search.json') as SearchResult;
    assert.equal(result.method, 'darts');
    assert.deepEqual(result.choices.map((c) => c.label).slice(0, 2), ['normal.n0.e0', 'normal.n0.e1']);
    assert.ok(result.choices.every((c) => c.probabilities !== null), 'α rows have probabilities');
    const history = art('train-supernet/history.json') as SupernetHistory;
    assert.equal(history.epochs.length, 2);
    const index = art('sample/index.json') as SampleIndex;
    assert.equal(index.how, 'genotype');
    const found = art(`sample/${index.archs[0]!.file}`) as ArchDoc;
    assert.equal(found.body.kind, 'cells');
    const retrained = art('retrain/index.json') as RetrainIndex;
    assert.deepEqual(retrained.archs.map((a) => a.kind), ['found', 'random']);
    for (const a of retrained.archs) {
      const doc = art(`retrain/${a.dir}/arch.json`) as ArchDoc;
      assert.ok(doc.body.kind === 'cells' && doc.body.layout.cells === 4 && doc.body.layout.channels === 6, `${a.name} retrained in the evaluation layout`);
    }
    const report = readFileSync(join(s.root, 'artifacts/evaluate/report.md'), 'utf8');
    assert.match(report, /The darts search/);
    assert.match(report, /The found cells/);
    assert.match(report, /normal cell/);
    assert.match(report, /per-choice probabilities/);
    assert.match(report, /Search: DARTS collapse guard/);
  } finally {
    s.cleanup();
  }
});
