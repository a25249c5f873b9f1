// Configuration errors surface before any training: the first stages check every cross-reference
// between the stage configs, the space and the data (src/pipeline/preflight.ts); baselines named
// relative to the space resolve in any space; build-lut prints a shape warning once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ConfigError } from '../src/core/errors.js';
import { loadPipeline } from '../src/pipeline/pipeline.js';
import { preflight } from '../src/pipeline/preflight.js';
import { resolveUniform, uniformFlops } from '../src/retrain/baselines.js';
import { retrainJobs } from '../src/retrain/plan.js';
import type { RetrainConfig } from '../src/types/generated.js';
import { loadSpace } from '../src/spaces/load.js';
import { normalizeSpace } from '../src/spaces/normalize.js';
import { REPO, sandbox, tsx } from './helpers/sandbox.js';

const COPY = ['package.json', 'pipeline.yaml', 'tsconfig.json', 'configs', 'stages', 'src', 'schemas', 'spaces'];
const fmnist = loadSpace(join(REPO, 'spaces/fmnist-small.json'));
/** A small chain space (space/v2) offering `ops` at every layer. */
const chainSpace = (name: string, ops: string[]) =>
  normalizeSpace({ schema: 'space/v2', name, input: [28, 28, 1], classes: 10, ops: ops as never, body: { kind: 'chain', stem: { cOut: 8, stride: 2 }, layers: [{ cOut: 8, stride: 1 }, { cOut: 16, stride: 2 }], head: { cOut: 32 } } }, `${name}.json`);

test('cheapest / costliest name the non-skip candidates with the fewest / most FLOPs of the space', () => {
  assert.equal(resolveUniform('cheapest', fmnist, 'r.yaml', '/baselines/uniform/0'), 'ir_k3_e1');
  assert.equal(resolveUniform('costliest', fmnist, 'r.yaml', '/baselines/uniform/1'), 'ir_k5_e6');
  assert.ok(uniformFlops(fmnist, 'ir_k5_e6') > uniformFlops(fmnist, 'ir_k3_e6'));
  const other = chainSpace('other', ['skip', 'ir_k3_e3', 'ir_k7_e6']);
  assert.equal(resolveUniform('cheapest', other, 'r.yaml', '/x'), 'ir_k3_e3', 'a new space needs no edit');
  assert.equal(resolveUniform('costliest', other, 'r.yaml', '/x'), 'ir_k7_e6');
  assert.throws(() => resolveUniform('ir_k3_e6', other, 'configs/retrain.yaml', '/baselines/uniform/0'), (e: unknown) => e instanceof ConfigError && /configs\/retrain\.yaml#\/baselines\/uniform\/0: expected an op of every layer of space other \(skip, ir_k3_e3, ir_k7_e6\) or one of cheapest, costliest, found "ir_k3_e6"/.test(e.message));
});

test('a keyword that lands on a listed candidate is dropped; a one-candidate space trains one uniform baseline', () => {
  const one = chainSpace('one', ['ir_k3_e3', 'skip']);
  const config = { schema: 'retrain-config/v1', archs: 'all', baselines: { uniform: ['costliest', 'cheapest'], random: 0 }, backend: 'cpu', seed: 1, epochs: 1, batch: 8, lr: 0.1, momentum: 0.9, weightDecay: 0, schedule: { kind: 'cosine' }, labelSmoothing: 0, augment: { cropPadding: 0, flip: false }, checkpointEvery: 10 } as RetrainConfig;
  assert.deepEqual(retrainJobs(config, [], one, 'r.yaml').map((j) => j.name), ['one-all-ir_k3_e3']);
  assert.deepEqual(retrainJobs(config, [], fmnist, 'r.yaml').map((j) => j.name), ['fmnist-small-all-ir_k5_e6', 'fmnist-small-all-ir_k3_e1']);
});

test('every preset is a set of stage configs that fit together (preflight over its files)', () => {
  const pipeline = loadPipeline(REPO);
  const data: Record<string, { shape: number[]; classes: number }> = { 'fashion-mnist': { shape: [28, 28, 1], classes: 10 }, cifar10: { shape: [32, 32, 3], classes: 10 } };
  const dirs = readdirSync(join(REPO, 'configs/presets'), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
  assert.ok(dirs.length >= 2);
  for (const dir of dirs) {
    const overrides = Object.fromEntries(Object.keys(pipeline.stages).map((st) => [st, `configs/presets/${dir}/${st}.yaml`]).filter(([, f]) => existsSync(join(REPO, f!))));
    if (!overrides['prepare-data']) overrides['prepare-data'] = 'configs/prepare-data.yaml';
    const kind = (parse(readFileSync(join(REPO, overrides['prepare-data']!), 'utf8')) as { source: { kind: string } }).source.kind;
    assert.doesNotThrow(() => preflight(REPO, pipeline, { ...data[kind]!, file: overrides['prepare-data']! }, overrides), `preset ${dir}`);
  }
  // two baselines that name the same candidate would train it twice under one name
  const dup = { 'retrain': 'configs/presets/fmnist-large/retrain.yaml' };
  const text = readFileSync(join(REPO, dup.retrain), 'utf8');
  const s = sandbox(['configs', 'spaces', 'schemas']);
  try {
    s.write(dup.retrain, text.replace(/- ir_k3_e6\n/, '- ir_k5_e6\n'));
    assert.throws(() => preflight(s.root, pipeline, undefined, { ...dup, 'build-lut': 'configs/presets/fmnist-large/build-lut.yaml', sample: 'configs/presets/fmnist-large/sample.yaml' }), /retrain\.yaml#\/baselines\/uniform\/2: expected a candidate not already listed .*found "ir_k5_e6" \(already entry 0, costliest\)/);
  } finally {
    s.cleanup();
  }
});

test('build-lut fails before measuring when retrain.yaml names what the space lacks', { timeout: 60_000 }, () => {
  const s = sandbox(COPY);
  try {
    const retrain = readFileSync(join(s.root, 'configs/retrain.yaml'), 'utf8').replace(/uniform: \[[^\]]*\]/, 'uniform: [ir_k7_e6, cheapest]').replace('archs: all', 'archs: [fmnist-small-soft-0]');
    s.write('configs/retrain.yaml', retrain);
    const r = tsx(['stages/build-lut.ts'], s.root, { NASFLOW_PROGRESS: '0', NASFLOW_BACKEND: 'cpu' });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /found before any training/);
    assert.match(r.stderr, /configs\/retrain\.yaml#\/baselines\/uniform\/0: expected an op of every layer of space fmnist-small \(.*\) or one of cheapest, costliest, found "ir_k7_e6"/);
    assert.match(r.stderr, /configs\/retrain\.yaml#\/archs\/0: expected a name sample will write \(fmnist-small-argmax, from configs\/sample\.yaml\), found "fmnist-small-soft-0"/);
    assert.doesNotMatch(r.stderr, /measured \d+ entries/, 'nothing was measured');
  } finally {
    s.cleanup();
  }
});

test('prepare-data fails when the data does not fit build-lut\'s space, naming both', { timeout: 60_000 }, () => {
  const s = sandbox(COPY);
  try {
    s.write('configs/prepare-data.yaml', 'schema: prepare-data-config/v1\nseed: 1\ntestSplit: pooled\nsource: { kind: synthetic, count: 100, height: 8, width: 8, channels: 1, classes: 4 }\nsplits: { train_w: { count: 40 }, train_theta: { count: 20 }, val: { count: 20 }, test: { count: 20 } }\n');
    const r = tsx(['stages/prepare-data.ts'], s.root, { NASFLOW_PROGRESS: '0' });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /configs\/build-lut\.yaml: space fmnist-small expects images 28x28x1 with 10 classes, found 8x8x1 with 4 classes in the data of configs\/prepare-data\.yaml/);
  } finally {
    s.cleanup();
  }
});

test('build-lut prints a space\'s shape warning once', { timeout: 60_000 }, () => {
  const s = sandbox(COPY);
  try {
    s.write('spaces/small.json', JSON.stringify({ schema: 'space/v2', name: 'small', input: [4, 4, 1], classes: 2, ops: ['ir_k3_e1', 'skip'], body: { kind: 'chain', stem: { cOut: 4, stride: 2 }, layers: [{ cOut: 4, stride: 2 }], head: { cOut: 8 } } }));
    s.write('configs/build-lut.yaml', 'schema: build-lut-config/v1\nspace: spaces/small.json\nbackend: cpu\nbatch: 1\nwarmup: 1\nruns: 3\nendToEnd: { archs: 2 }\nseed: 1\n');
    const r = tsx(['stages/build-lut.ts'], s.root, { NASFLOW_PROGRESS: '0' });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr.match(/below 2x2/g)?.length, 1, r.stderr);
  } finally {
    s.cleanup();
  }
});
