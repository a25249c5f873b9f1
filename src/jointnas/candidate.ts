// One FBNetV3 candidate training: a joint sample (architecture + recipe) trained from scratch by
// retrain's own loop (src/retrain/fit.ts) with the sample's recipe applied, scored on val after
// every epoch (val only; test is never read). A pure function of (sample, seed, data, settings,
// early-stop epoch): its result is cached under `workDir/<key>.json` and its training
// checkpointed to `workDir/<key>.ckpt`, so a killed search resumes mid-candidate and ends
// bit-identical, and the job could run on any worker (a queue job later) with the same result.
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { buildModel } from '../arch/model.js';
import { normalizeArch } from '../arch/normalize.js';
import { hashJson } from '../core/hash.js';
import { Rng } from '../core/rng.js';
import type { RetrainData } from '../retrain/data.js';
import { fit } from '../retrain/fit.js';
import { applyRecipe } from '../retrain/recipe.js';
import type { Sample } from '../spaces/choices.js';
import { freeze } from '../spaces/freeze.js';
import type { NormalizedSpace } from '../spaces/normalize.js';
import { SplitBatches } from '../train/batches.js';
import type { RetrainConfig } from '../types/generated.js';

/** Retrain's config fields a candidate training uses (the recipe overrides its share of them). */
export type CandidateBase = Pick<RetrainConfig, 'epochs' | 'batch' | 'batchesPerEpoch' | 'lr' | 'minLr' | 'momentum' | 'weightDecay' | 'schedule' | 'labelSmoothing' | 'augment' | 'valLimit' | 'checkpointEvery'>;

export interface CandidateJob {
  sample: Sample;
  seed: number;
  /** Train only this many epochs of the recipe's schedule (null: all). */
  stopAfter: number | null;
}

export interface CandidateResult {
  key: string;
  sample: Sample;
  /** Val top-1 after each trained epoch. */
  curve: number[];
  /** Val loss after each trained epoch. */
  losses: number[];
  /** The recipe's full length in epochs (the schedule the curve follows). */
  epochs: number;
  seconds: number;
}

export interface CandidateContext {
  space: NormalizedSpace;
  data: RetrainData;
  base: CandidateBase;
  workDir: string;
  /** Identifies data, code and backend: results of another run are never reused. */
  runKey: string;
  log(msg: string): void;
}

export const candidateKey = (ctx: Pick<CandidateContext, 'base' | 'runKey'>, job: CandidateJob): string => hashJson({ run: ctx.runKey, base: ctx.base, job }).slice(0, 24);

export function trainCandidate(ctx: CandidateContext, job: CandidateJob, name: string): CandidateResult {
  const key = candidateKey(ctx, job);
  const resultFile = join(ctx.workDir, `${key}.json`);
  if (existsSync(resultFile)) return JSON.parse(readFileSync(resultFile, 'utf8')) as CandidateResult;
  mkdirSync(ctx.workDir, { recursive: true });
  const doc = freeze(ctx.space, job.sample, name);
  const config: RetrainConfig = { schema: 'retrain-config/v1', archs: 'all', baselines: { uniform: [], random: 0 }, backend: 'auto', ...ctx.base, seed: job.seed };
  const applied = applyRecipe(config, doc, `${name} (candidate sample)`);
  const seed = Rng.derived(job.seed, `jointnas/candidate/${key}`).int(0, 0x7fffffff);
  const c = { ...applied.config, seed };
  const arch = normalizeArch(applied.doc, name);
  const model = buildModel(arch, { seed });
  const norm = { mean: ctx.data.meta.stats.mean, std: ctx.data.meta.stats.std };
  const t0 = performance.now();
  try {
    const ckpt = join(ctx.workDir, `${key}.ckpt`);
    const r = fit({
      name, model, config: c, blank: ctx.data.blank, log: ctx.log, stopAfter: job.stopAfter ?? undefined,
      train: new SplitBatches('train', ctx.data.train, norm, c.batch), val: new SplitBatches('val', ctx.data.val, norm, c.batch),
      checkpointFile: ckpt, fingerprint: key,
    });
    const result: CandidateResult = { key, sample: { ...job.sample }, curve: r.epochs.map((e) => e.val.top1), losses: r.epochs.map((e) => e.val.loss), epochs: c.epochs, seconds: (performance.now() - t0) / 1000 };
    // `seconds` is measured: the cached result keeps the first run's, so a replay stays identical.
    writeFileAtomic.sync(resultFile, JSON.stringify(result), { fsync: true });
    rmSync(ckpt, { force: true });
    return result;
  } finally {
    model.dispose();
  }
}
