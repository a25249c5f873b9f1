// The fbnet-v3 preset's pipeline on a tiny synthetic experiment: configs/presets/fbnet-v3 copied
// over configs/ (budgets shrunk, a tiny joint space), `turbo run evaluate` runs all six stages:
// train-supernet trains the candidate pool and fits the predictor (jointnas.json), sample evolves
// architecture + recipe under the constraints, retrain trains the winner with its searched recipe
// and with the default one, and evaluate compares them and reports the predictor's correlation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import type { ArchDoc, EvaluateResults, JointNasResult, RetrainIndex, SampleIndex } from '../src/types/generated.js';
import { REPO, run, sandbox } from './helpers/sandbox.js';

const COPY = ['package.json', 'package-lock.json', 'turbo.json', 'pipeline.yaml', 'tsconfig.json', 'configs', 'stages', 'scripts', 'src', 'schemas', 'spaces'];
const TINY_SPACE = {
  schema: 'space/v2', name: 'tiny', input: [8, 8, 1], classes: 4, ops: ['ir_k3_e1', 'ir_k3_e3', 'skip'],
  body: { kind: 'chain', stem: { cOut: 8, stride: 1 }, layers: [{ cOut: 8, stride: 1 }, { cOut: 16, stride: 2 }, { cOut: 16, stride: 1 }], head: { cOut: 32 } },
  recipe: { lr: { kind: 'real', range: [0.02, 0.3], scale: 'log' }, epochs: { kind: 'int', values: [1, 2] }, labelSmoothing: { kind: 'categorical', values: [0, 0.1] }, ema: { kind: 'categorical', values: ['off', 'on'] } },
};

function tweak(root: string, stage: string, over: Record<string, unknown>): void {
  const file = join(root, 'configs', `${stage}.yaml`);
  writeFileSync(file, stringify({ ...(parse(readFileSync(file, 'utf8')) as object), ...over }));
}

test('the fbnet-v3 preset: candidate pool + predictor, predictor evolution, searched vs default recipe', { timeout: 600_000 }, () => {
  const s = sandbox(COPY);
  try {
    for (const st of ['prepare-data', 'build-lut', 'train-supernet', 'sample', 'retrain', 'evaluate']) cpSync(join(REPO, 'configs/presets/fbnet-v3', `${st}.yaml`), join(s.root, 'configs', `${st}.yaml`));
    s.write('spaces/tiny.json', JSON.stringify(TINY_SPACE));
    s.write('configs/prepare-data.yaml', stringify({ schema: 'prepare-data-config/v1', seed: 5, testSplit: 'pooled', source: { kind: 'synthetic', count: 800, height: 8, width: 8, channels: 1, classes: 4, seed: 9 }, splits: { train_w: { fraction: 0.5 }, train_theta: { fraction: 0.1 }, val: { fraction: 0.2 }, test: { fraction: 0.2 } } }));
    tweak(s.root, 'build-lut', { space: 'spaces/tiny.json', backend: 'wasm', warmup: 2, runs: 5, endToEnd: { archs: 3 } });
    const ts = parse(readFileSync(join(s.root, 'configs/train-supernet.yaml'), 'utf8')) as { candidate: object; predictor: object };
    tweak(s.root, 'train-supernet', {
      backend: 'wasm', workers: 1, pool: { size: 40, maxPoints: 400 }, firstBatch: 4, heldOut: 3, rounds: 1, perRound: 2,
      candidate: { ...ts.candidate, batch: 16, batchesPerEpoch: 4, valLimit: 64, checkpointEvery: 2 },
      predictor: { ...ts.predictor, hidden: 8, embedding: 4, headHidden: 8, pretrainSteps: 20, frozenSteps: 20, finetuneSteps: 20 },
    });
    tweak(s.root, 'sample', { backend: 'wasm', population: 6, generations: 3, parents: 2, mutations: 2, crossovers: 2 });
    tweak(s.root, 'retrain', { backend: 'wasm', workers: 1, epochs: 1, batch: 16, batchesPerEpoch: 4, checkpointEvery: 4, baselines: { uniform: ['skip'], random: 0 } });
    tweak(s.root, 'evaluate', { backend: 'wasm', batch: 64, latency: { warmup: 1, runs: 3 }, exportCheck: 4 });

    const r = run(join(REPO, 'node_modules/.bin/turbo'), ['run', 'evaluate'], s.root, { NASFLOW_PROGRESS: '0' });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /Tasks:\s+7 successful, 7 total/);
    const art = (f: string): unknown => JSON.parse(readFileSync(join(s.root, 'artifacts', f), 'utf8'));
    const joint = art('train-supernet/jointnas.json') as JointNasResult;
    assert.equal(joint.candidates.length, 4 + 3 + 2);
    assert.ok(joint.candidates.every((c) => Object.entries(joint.constraints).every(([m, v]) => c.costs[m as 'latency'] <= (v as number))), 'every candidate meets the constraints');
    assert.equal(joint.heldOut.count, 3);
    const index = art('sample/index.json') as SampleIndex;
    assert.equal(index.how, 'predictor');
    const found = index.archs[0]!;
    const doc = art(`sample/${found.file}`) as ArchDoc;
    assert.ok(doc.recipe && typeof doc.recipe.lr === 'number', 'the winner carries its recipe');
    const retrained = art('retrain/index.json') as RetrainIndex;
    assert.deepEqual(retrained.archs.map((a) => a.kind), ['found', 'default-recipe', 'baseline']);
    const results = art('evaluate/results.json') as EvaluateResults;
    assert.equal(results.jointnas?.comparisons.length, 1);
    assert.equal(results.jointnas!.comparisons[0]!.found, found.name);
    const report = readFileSync(join(s.root, 'artifacts/evaluate/report.md'), 'utf8');
    assert.match(report, /FBNetV3: searched recipe vs default recipe/);
    assert.match(report, /held-out Kendall/);
    assert.doesNotMatch(report, /Search: supernet training/);
  } finally {
    s.cleanup();
  }
});
