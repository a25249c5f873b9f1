// Retrain jobs from a retrain config, shared by the retrain and retrain-baselines stages so that
// both build the very same jobs (ids, checkpoints, results) from the same configs/retrain.yaml:
//   jobRecipe(c)           the config without how it is executed (executor, workers,
//                          baselineWorkers) and without how many jobs there are (repeats,
//                          protocol): what a job's id and result depend on
//   retrainSetup(...)      recipe, code hash, run key, backend, data inputs: everything a job
//                          carries besides its architecture
//   setupJobs(setup, archs) one `retrain` job per architecture (src/retrain/kind.ts)
//   runJobs(...)           dispatches them longest predicted first (order.ts) and returns the
//                          results in plan order
import { codeHash } from '../artifacts/code-hash.js';
import { hashJson } from '../core/hash.js';
import type { Executor } from '../jobs/executor.js';
import type { Job, JobResult } from '../jobs/job.js';
import type { ContentStore } from '../jobs/store.js';
import { costTable } from '../latency/table.js';
import type { NormalizedSpace } from '../spaces/normalize.js';
import type { DatasetMeta, LatencyTable, RetrainConfig } from '../types/generated.js';
import { retrainInputs, retrainJob } from './kind.js';
import { longestFirst, predictedCosts } from './order.js';
import type { RetrainJob } from './plan.js';

export interface RetrainSetup {
  recipe: RetrainConfig;
  code: string;
  runKey: string;
  backend: string;
  inputs: Record<string, string>;
  space: Pick<NormalizedSpace, 'name' | 'input' | 'classes'>;
}

/**
 * The recipe without how it is executed: the same jobs (ids, checkpoints, results) under any
 * executor or worker count. `repeats` and the protocol's band size only add jobs, so a job is the
 * same job under any count (raising k or repeats reuses every finished training).
 */
export function jobRecipe(c: RetrainConfig): RetrainConfig {
  const { workers: _w, executor: _e, baselineWorkers: _b, repeats: _r, protocol: _p, ...recipe } = c;
  return recipe;
}

export function retrainSetup(root: string, store: ContentStore, c: RetrainConfig, dataDir: string, meta: DatasetMeta, backend: string, space: NormalizedSpace): RetrainSetup {
  const recipe = jobRecipe(c);
  const code = codeHash(root);
  // A checkpoint is only resumed by the run that wrote it: same recipe, code, data and backend.
  const runKey = hashJson({ config: { ...recipe, parallel: recipe.parallel ? { shards: recipe.parallel.shards } : undefined }, code, data: meta.source.sha256, seed: meta.seed, backend });
  return { recipe, code, runKey, backend, inputs: retrainInputs(store, dataDir, meta), space: { name: space.name, input: space.input, classes: space.classes } };
}

export function setupJobs(s: RetrainSetup, archs: readonly RetrainJob[]): Job[] {
  return archs.map((arch) => retrainJob(s.inputs, { arch, retrain: s.recipe, backend: s.backend, code: s.code, space: s.space, runKey: s.runKey }));
}

/** Runs the jobs on the executor, longest predicted first; results in plan order. */
export async function runJobs(executor: Executor, jobs: Job[], archs: readonly RetrainJob[], lut: LatencyTable, lutFile: string, space: NormalizedSpace, log: (m: string) => void): Promise<JobResult[]> {
  if (!jobs.length) return [];
  const order = longestFirst(lutCosts(lut, lutFile, archs, space));
  log(`dispatch order, longest predicted first: ${order.map((k) => archs[k]!.name).join(', ')}`);
  const done = await executor.run(order.map((k) => jobs[k]!));
  return jobs.map((_, k) => done[order.indexOf(k)]!);
}

/** Each architecture's LUT latency for the dispatch order; NaN throughout when the table is not a grid (a width model). */
function lutCosts(lut: LatencyTable, lutFile: string, archs: readonly RetrainJob[], space: NormalizedSpace): number[] {
  try {
    return predictedCosts(archs, space, costTable(lut, 'latency', lutFile));
  } catch {
    return archs.map(() => NaN);
  }
}

/** One line on how the jobs finished (workers used, resumed attempts). */
export function finishedLine(results: JobResult[], name: (r: JobResult) => string): string {
  const retried = results.filter((r) => r.measured.attempt > 1);
  const nw = new Set(results.map((r) => r.measured.worker)).size;
  return `${results.length} jobs done (${nw} worker${nw === 1 ? '' : 's'}, ${retried.length} finished on a later attempt${retried.length ? `: ${retried.map((r) => `${name(r)} attempt ${r.measured.attempt}, ${String(r.measured.stepsRun)} steps after resuming`).join('; ')}` : ''})`;
}
