// One retrain job, start to finish: build the architecture, train it (resumably), keep the
// val-selected epoch, and write its files under <outDir>/<name>/ — arch.json, weights.bin +
// weights.json, history.json, model/ (TF.js). Run as the `retrain` job kind (kind.ts) by any
// executor; the caller has initialised the backend and loaded the data. With config.parallel the
// job trains data-parallel on its own GradientPool (parallel-step.ts).
import { mkdirSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeDocument } from '../artifacts/io.js';
import { exportLayersModel } from '../arch/export-files.js';
import { buildModel } from '../arch/model.js';
import { normalizeArch } from '../arch/normalize.js';
import { packWeights } from '../arch/weights-file.js';
import { hashJson } from '../core/hash.js';
import { Rng } from '../core/rng.js';
import { SplitBatches } from '../train/batches.js';
import type { EpochTiming, RetrainConfig, RetrainedArch, RetrainHistory } from '../types/generated.js';
import type { RetrainData } from './data.js';
import { fit } from './fit.js';
import { startArchPool } from './parallel-step.js';
import { applyRecipe } from './recipe.js';
import type { RetrainJob } from './plan.js';

export interface JobInput {
  job: RetrainJob;
  config: RetrainConfig;
  outDir: string;
  checkpointDir: string;
  /** Identifies the run (config, code, data, backend): a checkpoint of another run is not resumed. */
  runKey: string;
}

export interface JobOutput {
  entry: RetrainedArch;
  timings: EpochTiming[];
  /** Training steps this run took (fewer than the whole after a resume from a checkpoint). */
  stepsRun: number;
}

/**
 * The seed of one architecture's training (initial weights, data order, augmentation, dropout):
 * derived from the config's seed and the architecture's name, so every architecture has its own
 * and none depends on which worker trains it, or after which other architecture.
 */
export function archSeed(seed: number, name: string): number {
  return Rng.derived(seed, `retrain/arch/${name}`).int(0, 0x7fffffff);
}

/**
 * The data seed of training r under `dataOrder: shared` (batch order, epoch subsets,
 * augmentation): the same for every architecture, so their r-th trainings see the same data.
 * Undefined under `own`: the data then follows the architecture's seed.
 */
export function sharedDataSeed(c: Pick<RetrainConfig, 'seed' | 'dataOrder'>, repeat = 0): number | undefined {
  return c.dataOrder === 'shared' ? Rng.derived(c.seed, `retrain/data/${repeat}`).int(0, 0x7fffffff) : undefined;
}

export async function runJob(i: JobInput, data: RetrainData, log: (m: string) => void, progress?: (fraction: number) => void): Promise<JobOutput> {
  const { job } = i;
  // A searched recipe (FBNetV3) overrides the config's training settings for this architecture.
  const applied = applyRecipe(i.config, job.doc, `${job.name} (arch document)`);
  const c = { ...applied.config, seed: archSeed(i.config.seed, job.name) };
  const norm = { mean: data.meta.stats.mean, std: data.meta.stats.std };
  const arch = normalizeArch(applied.doc, job.name);
  const model = buildModel(arch, { seed: c.seed });
  const { height, width, channels } = data.train;
  // config.parallel: this architecture's batches data-parallel on its own pool of gradient workers.
  const pool = c.parallel
    ? await startArchPool(model, job.doc, { name: job.name, image: [height, width, channels], labelSmoothing: c.labelSmoothing, backend: tf.getBackend(), workers: c.parallel.workers, shards: c.parallel.shards, batch: c.batch })
    : undefined;
  try {
    const r = fit({
      dataSeed: sharedDataSeed(i.config, job.repeat),
      pool,
      name: job.name, model, config: c, blank: data.blank, log, progress,
      train: new SplitBatches('train', data.train, norm, c.batch), val: new SplitBatches('val', data.val, norm, c.batch),
      checkpointFile: join(i.checkpointDir, `${job.name}.ckpt`), fingerprint: hashJson({ runKey: i.runKey, arch: job.doc }),
    });
    model.loadState(r.best, `best epoch of ${job.name}`);
    const dir = join(i.outDir, job.name);
    mkdirSync(dir, { recursive: true });
    await writeDocument(join(dir, 'arch.json'), 'arch', job.doc);
    const { index, data: bytes } = packWeights(job.name, r.best);
    await writeFile(join(dir, 'weights.bin'), bytes);
    await writeDocument(join(dir, 'weights.json'), 'weights-index', { schema: 'weights-index/v1', file: 'weights.bin', ...index });
    const history: RetrainHistory = { schema: 'retrain-history/v1', name: job.name, bestEpoch: r.bestEpoch, epochs: r.epochs };
    await writeDocument(join(dir, 'history.json'), 'retrain-history', history);
    const exported = await exportLayersModel(model, join(dir, 'model'));
    log(`${job.name}: best val top-1 ${(100 * r.epochs[r.bestEpoch]!.val.top1).toFixed(2)} % at epoch ${r.bestEpoch + 1}`);
    return {
      entry: {
        name: job.name, ...(job.repeatOf ? { repeatOf: job.repeatOf } : {}), kind: job.kind, dir: job.name, ...(job.doc.recipe ? { recipe: { ...job.doc.recipe } } : {}), bestEpoch: r.bestEpoch, val: r.epochs[r.bestEpoch]!.val,
        flops: arch.flops, params: arch.params, costlierExport: exported.costlier.map((x) => `block ${x.block} ${x.name}: ${x.reason}`),
      },
      timings: r.timings,
      stepsRun: r.stepsRun,
    };
  } finally {
    await pool?.close();
    model.dispose();
  }
}
