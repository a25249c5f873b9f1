// The whole pipeline on a tiny synthetic experiment, as a user runs it: `turbo run evaluate` runs
// every stage; a second run is all cache hits; rerunning train-supernet → evaluate on the same
// inputs reproduces every output byte for byte except the files pipeline.yaml marks as measured;
// the exported model classifies in stock TF.js; two forced runs started a second apart end with
// one refused and the other consistent; verify passes and then catches a flipped byte; the
// baselines trained beside the search land in retrain byte for byte, and retrain refuses them once
// its recipe changed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { parse, stringify } from 'yaml';
import { listFiles } from '../src/artifacts/manifest.js';
import { sha256 } from '../src/core/hash.js';
import { loadPipeline, topoOrder } from '../src/pipeline/pipeline.js';
import { globToRegExp } from '../src/pipeline/glob.js';
import { REPO, run, sandbox, tsx } from './helpers/sandbox.js';

const COPY = ['package.json', 'package-lock.json', 'turbo.json', 'pipeline.yaml', 'tsconfig.json', 'configs', 'stages', 'scripts', 'src', 'schemas', 'spaces', 'examples'];
const TINY_SPACE = {
  schema: 'space/v2', name: 'tiny', input: [8, 8, 1], classes: 4, ops: ['ir_k3_e1', 'ir_k3_e3', 'skip'],
  body: { kind: 'chain', stem: { cOut: 8, stride: 1 }, layers: [{ cOut: 8, stride: 1 }, { cOut: 16, stride: 2 }, { cOut: 16, stride: 1 }], head: { cOut: 32 } },
};

/** The shipped config of a stage with some settings replaced (keeps the test in step with the schema). */
function tweak(s: ReturnType<typeof sandbox>, stage: string, over: Record<string, unknown>): void {
  const file = join(s.root, 'configs', `${stage}.yaml`);
  writeFileSync(file, stringify({ ...(parse(readFileSync(file, 'utf8')) as object), ...over }));
}

function hashes(root: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const stage of topoOrder(loadPipeline(root))) {
    const dir = join(root, 'artifacts', stage);
    for (const f of listFiles(dir)) out.set(`${stage}/${f}`, sha256(readFileSync(join(dir, f))));
  }
  return out;
}

test('the whole pipeline: runs, caches, refuses a concurrent run, reproduces, verifies', { timeout: 600_000 }, async () => {
  const s = sandbox(COPY);
  try {
    s.write('configs/prepare-data.yaml', stringify({ schema: 'prepare-data-config/v1', seed: 5, testSplit: 'pooled', source: { kind: 'synthetic', count: 800, height: 8, width: 8, channels: 1, classes: 4, seed: 9 }, splits: { train_w: { fraction: 0.4 }, train_theta: { fraction: 0.2 }, val: { fraction: 0.2 }, test: { fraction: 0.2 } } }));
    s.write('spaces/tiny.json', JSON.stringify(TINY_SPACE));
    tweak(s, 'build-lut', { space: 'spaces/tiny.json', backend: 'wasm', warmup: 2, runs: 5, endToEnd: { archs: 3 } });
    const ts = parse(readFileSync(join(s.root, 'configs/train-supernet.yaml'), 'utf8')) as Record<string, Record<string, unknown>>;
    tweak(s, 'train-supernet', { backend: 'wasm', epochs: 3, warmupEpochs: 1, batch: 16, limits: { wBatchesPerEpoch: 6, thetaBatchesPerEpoch: 4, valImages: 64 }, checkpoint: { ...ts.checkpoint, everySteps: 5 } });
    tweak(s, 'retrain', { backend: 'wasm', epochs: 2, batch: 16, batchesPerEpoch: 6, checkpointEvery: 4, baselines: { uniform: ['skip'], random: 1 }, protocol: { k: 0, width: 0.1 } });
    tweak(s, 'evaluate', { backend: 'wasm', batch: 64, latency: { warmup: 2, runs: 5 }, exportCheck: 8 });
    const env = { NASFLOW_PROGRESS: '0' };

    const first = run(join(REPO, 'node_modules/.bin/turbo'), ['run', 'evaluate'], s.root, env);
    assert.equal(first.status, 0, first.stdout + first.stderr);
    assert.match(first.stdout, /Tasks:\s+7 successful, 7 total/);
    assert.match(first.stdout, /tiny-argmax \[found\]: test top-1/);
    const verified = tsx(['stages/verify.ts'], s.root);
    assert.equal(verified.status, 0, verified.stdout + verified.stderr);
    // The baselines were trained beside the search; retrain holds their files byte for byte.
    const all = hashes(s.root);
    const baselineFiles = [...all].filter(([k]) => /^retrain-baselines\/[^/]+\/./.test(k));
    assert.ok(baselineFiles.some(([k]) => k.endsWith('tiny-all-skip/weights.bin')) && baselineFiles.some(([k]) => k.endsWith('tiny-random-0/model/model.json')));
    for (const [k, h] of baselineFiles) assert.equal(all.get(k.replace(/^retrain-baselines\//, 'retrain/')), h, k);

    // The README's snippet: the exported model in stock @tensorflow/tfjs, no nasflow code.
    const stock = run('node', ['examples/load-exported-model.mjs'], s.root);
    assert.equal(stock.status, 0, stock.stderr);
    assert.equal(stock.stdout.match(/^image \d: predicted class \d, true class \d$/gm)?.length, 8, stock.stdout);

    // Two runs on one checkout a second apart: the second is refused at once, the first completes
    // and the artifacts hold one consistent chain.
    const turboEnv = { ...env, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' };
    const runA = execa(join(REPO, 'node_modules/.bin/turbo'), ['run', 'evaluate', '--force'], { cwd: s.root, env: turboEnv, reject: false, all: true });
    await new Promise((r) => setTimeout(r, 1000));
    const runB = execa(join(REPO, 'node_modules/.bin/turbo'), ['run', 'evaluate', '--force'], { cwd: s.root, env: turboEnv, reject: false, all: true });
    const [a, b] = await Promise.all([runA, runB]);
    assert.equal(a.exitCode, 0, a.all);
    assert.notEqual(b.exitCode, 0, 'the second run is refused');
    assert.match(b.all, /in use by another pipeline run — turbo pid \d+, started .*Wait for it to finish/);
    assert.match(a.all, /Tasks:\s+7 successful, 7 total/);
    const consistent = tsx(['stages/verify.ts'], s.root);
    assert.equal(consistent.status, 0, consistent.stdout + consistent.stderr);

    const again = run(join(REPO, 'node_modules/.bin/turbo'), ['run', 'evaluate'], s.root, env);
    assert.match(again.stdout, /Cached:\s+7 cached, 7 total/);

    const before = hashes(s.root);
    for (const stage of ['train-supernet', 'sample', 'retrain', 'evaluate']) {
      const r = tsx([`stages/${stage}.ts`], s.root, env);
      assert.equal(r.status, 0, r.stderr);
    }
    const after = hashes(s.root);
    const p = loadPipeline(s.root);
    const measured = Object.entries(p.stages).flatMap(([name, st]) => st.outputs.filter((o) => o.measured).map((o) => ({ stage: name, re: globToRegExp(o.path) })));
    const isMeasured = (key: string): boolean => measured.some((m) => key.startsWith(`${m.stage}/`) && m.re.test(key.slice(m.stage.length + 1)));
    assert.deepEqual([...after.keys()], [...before.keys()]);
    const changed = [...before].filter(([k, h]) => after.get(k) !== h).map(([k]) => k);
    assert.deepEqual(changed.filter((k) => !isMeasured(k)), [], 'deterministic outputs reproduce byte for byte');

    const w = join(s.root, 'artifacts/retrain/tiny-argmax/weights.bin');
    const bytes = readFileSync(w);
    bytes[0] = bytes[0]! ^ 1;
    writeFileSync(w, bytes);
    const bad = tsx(['stages/verify.ts'], s.root);
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /retrain\/tiny-argmax\/weights\.bin: sha256 expected/);

    // retrain refuses baselines trained with another recipe than its own config's
    tweak(s, 'retrain', { lr: 0.05 });
    const other = tsx(['stages/retrain.ts'], s.root, env);
    assert.equal(other.status, 1, other.stderr);
    assert.match(other.stderr, /retrain-baselines\/index\.json#\/recipe\/lr: the baselines were trained with another recipe: expected 0\.05 \(configs\/retrain\.yaml\), found 0\.1; rerun them/);
  } finally {
    s.cleanup();
  }
});
