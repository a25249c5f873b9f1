// retrain `dataOrder`: under `own` a training's batch order and augmentation follow its own seed
// and name; under `shared` the r-th training of every architecture draws them from the retrain
// seed and r alone, so two architectures' r-th trainings see the same images in the same order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend } from '../src/backend/index.js';
import { buildModel } from '../src/arch/model.js';
import { normalizeArch } from '../src/arch/normalize.js';
import { fit } from '../src/retrain/fit.js';
import { sharedDataSeed } from '../src/retrain/job.js';
import { withRepeats } from '../src/retrain/plan.js';
import { SplitBatches } from '../src/train/batches.js';
import type { ArchDoc, RetrainConfig } from '../src/types/generated.js';
import { tinyData } from './helpers/jointnas.js';

const config: RetrainConfig = {
  schema: 'retrain-config/v1', archs: 'all', baselines: { uniform: [], random: 0 }, backend: 'cpu', seed: 7, epochs: 2, batch: 16, batchesPerEpoch: 4,
  lr: 0.05, minLr: 0, momentum: 0.9, weightDecay: 1e-4, schedule: { kind: 'cosine' }, labelSmoothing: 0, augment: { cropPadding: 1, flip: true }, valLimit: null, checkpointEvery: 100,
};
const doc: ArchDoc = { schema: 'arch/v2', name: 'tiny', input: [8, 8, 1], classes: 4, body: { kind: 'chain', stem: { cOut: 8, stride: 1 }, rows: [{ op: { kind: 'ir', kernel: 3, expansion: 3 }, cOut: 8, stride: 2 }], head: { cOut: 16 } } };

test('sharedDataSeed: none under own; under shared one seed per training index, the same for every architecture', () => {
  assert.equal(sharedDataSeed({ seed: 1, dataOrder: 'own' }, 2), undefined);
  assert.equal(sharedDataSeed({ seed: 1 }, 0), undefined, 'own is the default');
  const s = (seed: number, r?: number): number => sharedDataSeed({ seed, dataOrder: 'shared' }, r)!;
  assert.equal(s(1), s(1, 0));
  assert.equal(new Set([s(1, 0), s(1, 1), s(1, 2), s(2, 0)]).size, 4);
  const jobs = withRepeats([{ name: 'a', kind: 'found', doc }, { name: 'b', kind: 'random', doc }], 3);
  assert.deepEqual(jobs.map((j) => [j.name, j.repeat]), [['a', undefined], ['a-repeat-1', 1], ['a-repeat-2', 2], ['b', undefined], ['b-repeat-1', 1], ['b-repeat-2', 2]]);
});

test('fit: the same data seed gives the same training whatever the name; own follows the name', async () => {
  await initBackend('cpu', () => {});
  const data = tinyData();
  const norm = data.meta.stats;
  const dir = mkdtempSync(join(tmpdir(), 'nasflow-order-'));
  try {
    const run = (name: string, dataSeed?: number): number[] => {
      const model = buildModel(normalizeArch(doc, name), { seed: 7 });
      fit({
        name, model, dataSeed, config, blank: data.blank, log: () => {},
        train: new SplitBatches('train', data.train, norm, 16), val: new SplitBatches('val', data.val, norm, 16),
        checkpointFile: join(dir, `${name}-${dataSeed ?? 'own'}.ckpt`), fingerprint: 'order-test',
      });
      return model.state().flatMap((a) => Array.from(a.data));
    };
    assert.notDeepEqual(run('a'), run('b'), 'own: the augmentation stream follows the name');
    const shared = run('a', 11);
    assert.deepEqual(run('b', 11), shared, 'shared: the same data seed, the same training under another name');
    assert.notDeepEqual(run('a', 12), shared, 'another data seed: another order');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
