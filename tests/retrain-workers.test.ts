// (Per-architecture seeds and executor independence: tests/jobs-local.test.ts, jobs-queue.test.ts.)
// With config.parallel a job trains data-parallel: the same weights on 1 and 2 gradient workers.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { initBackend } from '../src/backend/index.js';
import { loadRetrainData } from '../src/retrain/data.js';
import { runJob } from '../src/retrain/job.js';
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
