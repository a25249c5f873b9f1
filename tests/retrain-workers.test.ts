// Every retrained architecture has its own seeds (derived from the config's seed and its name),
// so the same network under two names trains differently, and the results are the same whether
// the architectures train one after another in the stage's process or side by side on workers.
// With config.parallel a job trains data-parallel: the same weights on 1 and 2 gradient workers.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { initBackend } from '../src/backend/index.js';
import { loadRetrainData } from '../src/retrain/data.js';
import { archSeed, type JobInput, runJob } from '../src/retrain/job.js';
import { runPool } from '../src/retrain/pool.js';
import { normalizeSpace } from '../src/spaces/normalize.js';
import { freeze } from '../src/spaces/freeze.js';
import { sampleFromOps } from '../src/spaces/grid.js';
import type { RetrainConfig, SearchSpace } from '../src/types/generated.js';
import { sandbox, tsx } from './helpers/sandbox.js';

const SPACE: SearchSpace = { schema: 'space/v2', name: 'tiny', input: [8, 8, 1], classes: 4, ops: ['ir_k3_e1', 'ir_k3_e3', 'skip'] as SearchSpace['ops'], body: { kind: 'chain', stem: { cOut: 8, stride: 2 }, layers: [{ cOut: 8, stride: 1 }, { cOut: 16, stride: 2 }], head: { cOut: 16 } } };
const space = normalizeSpace(SPACE, 'tiny.json');
const config: RetrainConfig = {
  schema: 'retrain-config/v1', archs: 'all', baselines: { uniform: [], random: 0 }, backend: 'cpu', seed: 1, epochs: 1, batch: 8, batchesPerEpoch: 3, lr: 0.05, momentum: 0.9, weightDecay: 0,
  schedule: { kind: 'cosine' }, labelSmoothing: 0, augment: { cropPadding: 1, flip: true }, checkpointEvery: 100,
};

let s: ReturnType<typeof sandbox>;
before(() => {
  s = sandbox(['package.json', 'pipeline.yaml', 'tsconfig.json', 'configs', 'stages', 'src', 'schemas']);
  s.write('spaces/tiny.json', JSON.stringify(SPACE));
  s.write('configs/build-lut.yaml', 'schema: build-lut-config/v1\nspace: spaces/tiny.json\nbackend: cpu\nbatch: 1\nwarmup: 1\nruns: 3\nseed: 1\n');
  s.write('configs/prepare-data.yaml', 'schema: prepare-data-config/v1\nseed: 1\ntestSplit: pooled\nsource: { kind: synthetic, count: 200, height: 8, width: 8, channels: 1, classes: 4, seed: 2 }\nsplits: { train_w: { count: 80 }, train_theta: { count: 40 }, val: { count: 40 }, test: { count: 40 } }\n');
  const r = tsx(['stages/prepare-data.ts'], s.root);
  assert.equal(r.status, 0, r.stderr);
});
after(() => s.cleanup());

test('per-architecture seeds: results do not depend on the worker count', { timeout: 300_000 }, async () => {
  await initBackend('cpu', () => {});
  const doc = (name: string) => freeze(space, sampleFromOps(space, ['ir_k3_e3', 'ir_k3_e1']), name);
  const inputs = (out: string): JobInput[] =>
    ['tiny-a', 'tiny-b', 'tiny-c'].map((name) => ({ job: { name, kind: 'baseline', doc: doc(name) }, config, outDir: out, checkpointDir: join(out, '.ck'), runKey: 'k' }));
  assert.notEqual(archSeed(1, 'tiny-a'), archSeed(1, 'tiny-b'));
  const dataDir = join(s.root, 'artifacts', 'prepare-data');
  const serial = join(s.root, 'serial');
  const pooled = join(s.root, 'pooled');
  mkdirSync(serial);
  mkdirSync(pooled);
  const data = loadRetrainData(dataDir, space);
  for (const input of inputs(serial)) await runJob(input, data, () => {});
  await runPool(inputs(pooled), 2, { backend: 'cpu', dataDir, space }, () => {});
  const weights = (dir: string, name: string): Buffer => readFileSync(join(dir, name, 'weights.bin'));
  for (const name of ['tiny-a', 'tiny-b', 'tiny-c']) assert.ok(weights(serial, name).equals(weights(pooled, name)), `${name}: same weights on 1 process and on 2 workers`);
  assert.ok(!weights(serial, 'tiny-a').equals(weights(serial, 'tiny-b')), 'the same network under another name has its own seeds');
});

test('config.parallel: a job trains data-parallel, with the same weights on 1 and 2 gradient workers', { timeout: 300_000 }, async () => {
  await initBackend('cpu', () => {});
  const doc = freeze(space, sampleFromOps(space, ['ir_k3_e3', 'ir_k3_e1']), 'tiny-p');
  const dataDir = join(s.root, 'artifacts', 'prepare-data');
  const data = loadRetrainData(dataDir, space);
  const run = async (workers: number): Promise<Buffer> => {
    const out = join(s.root, `parallel-${workers}`);
    mkdirSync(out);
    await runJob({ job: { name: 'tiny-p', kind: 'baseline', doc }, config: { ...config, parallel: { workers, shards: 2 } }, outDir: out, checkpointDir: join(out, '.ck'), runKey: 'k' }, data, () => {});
    return readFileSync(join(out, 'tiny-p', 'weights.bin'));
  };
  const one = await run(1);
  assert.ok((await run(2)).equals(one), 'same weights on 1 and 2 gradient workers');
  const serial = join(s.root, 'serial-p');
  mkdirSync(serial);
  await runJob({ job: { name: 'tiny-p', kind: 'baseline', doc }, config, outDir: serial, checkpointDir: join(serial, '.ck'), runKey: 'k' }, data, () => {});
  assert.ok(!readFileSync(join(serial, 'tiny-p', 'weights.bin')).equals(one), 'shards are part of the result (BatchNorm per shard): not the one-thread weights');
});
