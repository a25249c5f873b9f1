// The `retrain` job kind: one architecture trained from scratch (job.ts's runJob), as data.
//   inputs  prepare-data's meta.json and the train_w, train_theta and val split files, by hash
//   config  { arch: { name, kind, doc }, retrain: RetrainConfig, backend, code, space, runKey }
//   outputs <name>/arch.json, weights.bin, weights.json, history.json, model/… (the stage's layout)
//   data    the index entry (val scores, FLOPs, params, export notes); measured: epoch timings
// `code` is the code hash of the submitting checkout: a worker running other code refuses the job
// (its result could differ). The backend is the one the stage resolved, never re-chosen.
import { join } from 'node:path';
import { hashJson } from '../core/hash.js';
import type { Job } from '../jobs/job.js';
import { checkJobEnvironment } from '../jobs/environment.js';
import type { JobKind } from '../jobs/kinds.js';
import type { ContentStore } from '../jobs/store.js';
import type { NormalizedSpace } from '../spaces/normalize.js';
import type { DatasetMeta, RetrainConfig } from '../types/generated.js';
import { loadRetrainData, type RetrainData } from './data.js';
import { runJob } from './job.js';
import type { RetrainJob } from './plan.js';

export interface RetrainJobConfig {
  arch: RetrainJob;
  retrain: RetrainConfig;
  backend: string;
  code: string;
  space: Pick<NormalizedSpace, 'name' | 'input' | 'classes'>;
  runKey: string;
}

const SPLITS = ['train_w', 'train_theta', 'val'] as const;

/** The files a retrain job reads from prepare-data's output, put in the store: name → sha256. */
export function retrainInputs(store: ContentStore, dataDir: string, meta: DatasetMeta): Record<string, string> {
  const files = ['meta.json', ...SPLITS.flatMap((s) => [meta.splits[s].images, meta.splits[s].labels])];
  return Object.fromEntries(files.map((f) => [f, store.putFile(join(dataDir, f))]));
}

export function retrainJob(inputs: Record<string, string>, config: RetrainJobConfig): Job {
  return { kind: 'retrain', inputs, config, seed: config.retrain.seed, label: `retrain ${config.arch.name}` };
}

// Per process: the backend once, the data once per input set (a worker thread runs many jobs).
const data = new Map<string, RetrainData>();

export const retrainKind: JobKind = {
  kind: 'retrain',
  description: 'train one architecture from scratch on train_w ∪ train_theta, val picks the epoch (the retrain stage)',
  async run(job, env) {
    const c = job.config as RetrainJobConfig;
    await checkJobEnvironment(job.label, c);
    const key = hashJson(job.inputs);
    if (!data.has(key)) data.set(key, loadRetrainData(env.inputsDir, c.space));
    const out = await runJob({ job: c.arch, config: c.retrain, outDir: env.outDir, checkpointDir: env.workDir, runKey: c.runKey }, data.get(key)!, env.log, env.progress);
    return { data: out.entry, measured: { timings: out.timings, stepsRun: out.stepsRun } };
  },
};
