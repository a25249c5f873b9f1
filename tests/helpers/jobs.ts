// Tiny retrain jobs for the executor tests: synthetic 8x8 images laid out by the prepare-data stage
// in a sandbox, a 2-layer chain space, and a recipe of a few steps on the cpu backend.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { codeHash } from '../../src/artifacts/code-hash.js';
import { readDocument } from '../../src/artifacts/io.js';
import type { Job } from '../../src/jobs/job.js';
import type { ContentStore } from '../../src/jobs/store.js';
import { retrainInputs, retrainJob } from '../../src/retrain/kind.js';
import { freeze } from '../../src/spaces/freeze.js';
import { sampleFromOps } from '../../src/spaces/grid.js';
import { normalizeSpace } from '../../src/spaces/normalize.js';
import type { DatasetMeta, RetrainConfig, SearchSpace } from '../../src/types/generated.js';
import { REPO, sandbox, tsx } from './sandbox.js';

const SPACE: SearchSpace = { schema: 'space/v2', name: 'tiny', input: [8, 8, 1], classes: 4, ops: ['ir_k3_e1', 'ir_k3_e3', 'skip'] as SearchSpace['ops'], body: { kind: 'chain', stem: { cOut: 8, stride: 2 }, layers: [{ cOut: 8, stride: 1 }, { cOut: 16, stride: 2 }], head: { cOut: 16 } } };
export const space = normalizeSpace(SPACE, 'tiny.json');

export const recipe = (over: Partial<RetrainConfig> = {}): RetrainConfig => ({
  schema: 'retrain-config/v1', archs: 'all', baselines: { uniform: [], random: 0 }, backend: 'cpu', seed: 1, epochs: 1, batch: 8, batchesPerEpoch: 3, lr: 0.05, momentum: 0.9, weightDecay: 0,
  schedule: { kind: 'cosine' }, labelSmoothing: 0, augment: { cropPadding: 1, flip: true }, checkpointEvery: 100, ...over,
});

/** A sandbox with prepare-data's output for `count` synthetic images (60 % train_w, 20 % train_theta, 10 % val, 10 % test). */
export function tinyData(count = 200): { root: string; dataDir: string; cleanup(): void } {
  const s = sandbox(['package.json', 'pipeline.yaml', 'tsconfig.json', 'configs', 'stages', 'src', 'schemas']);
  s.write('spaces/tiny.json', JSON.stringify(SPACE));
  s.write('configs/build-lut.yaml', 'schema: build-lut-config/v1\nspace: spaces/tiny.json\nbackend: cpu\nbatch: 1\nwarmup: 1\nruns: 3\nseed: 1\n');
  s.write('configs/prepare-data.yaml', `schema: prepare-data-config/v1\nseed: 1\ntestSplit: pooled\nsource: { kind: synthetic, count: ${count}, height: 8, width: 8, channels: 1, classes: 4, seed: 2 }\nsplits: { train_w: { fraction: 0.6 }, train_theta: { fraction: 0.2 }, val: { fraction: 0.1 }, test: { fraction: 0.1 } }\n`);
  const r = tsx(['stages/prepare-data.ts'], s.root);
  assert.equal(r.status, 0, r.stderr);
  return { root: s.root, dataDir: join(s.root, 'artifacts', 'prepare-data'), cleanup: s.cleanup };
}

/** One retrain job per name (the network ir_k3_e3, ir_k3_e1 under each name), for the checkout's code. */
export function tinyJobs(store: ContentStore, dataDir: string, names: string[], over: Partial<RetrainConfig> = {}): Job[] {
  const meta = readDocument<DatasetMeta>(join(dataDir, 'meta.json'), 'dataset');
  const inputs = retrainInputs(store, dataDir, meta);
  const code = codeHash(REPO);
  return names.map((name) => {
    const doc = freeze(space, sampleFromOps(space, ['ir_k3_e3', 'ir_k3_e1']), name);
    return retrainJob(inputs, { arch: { name, kind: 'baseline', doc }, retrain: recipe(over), backend: 'cpu', code, space: { name: space.name, input: space.input, classes: space.classes }, runKey: 'test' });
  });
}
