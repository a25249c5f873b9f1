// retrain's side of the retrain-baselines stage: the baselines it would train itself, taken from
// artifacts/retrain-baselines/ instead, but only when they are exactly those jobs. The index
// (baselines-index) records the recipe, code, run key and each architecture's job id; retrain
// rebuilds the jobs from its own config and compares: the first difference — a recipe field, the
// code, the data/backend (run key), the set of names, a job id — is a BaselinesMismatchError
// naming the file, the JSON path, expected and found. Never mixed, never silently retrained.
import { cpSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { readDocument } from '../artifacts/io.js';
import { NasflowError } from '../core/errors.js';
import { canonicalJson } from '../core/hash.js';
import { type Job, jobId } from '../jobs/job.js';
import type { BaselinesIndex, RetrainedArch, Timings, TimedRun } from '../types/generated.js';
import type { RetrainJob } from './plan.js';
import type { RetrainSetup } from './run.js';

/** Baselines trained by another recipe, code or data than the running retrain's. */
export class BaselinesMismatchError extends NasflowError {
  constructor(
    readonly file: string,
    readonly path: string,
    readonly expected: string,
    readonly found: string,
    detail: string,
  ) {
    super('E_BASELINES', `${file}#${path}: ${detail}: expected ${expected}, found ${found}; rerun them with this config: npx turbo run retrain (or npm run retrain-baselines -- --config <the same file as retrain's>)`);
  }
}

const show = (v: unknown): string => (v === undefined ? 'nothing' : canonicalJson(v));

/** Throws BaselinesMismatchError unless the index holds exactly `archs`, trained as `jobs` (same order) with `setup`. */
export function checkBaselines(index: BaselinesIndex, setup: RetrainSetup, archs: readonly RetrainJob[], jobs: readonly Job[], file: string, configFile: string): void {
  const mine = setup.recipe as unknown as Record<string, unknown>;
  const theirs = index.recipe as unknown as Record<string, unknown>;
  for (const key of [...new Set([...Object.keys(mine), ...Object.keys(theirs)])].sort()) {
    if (canonicalJson(mine[key] ?? null) !== canonicalJson(theirs[key] ?? null)) {
      throw new BaselinesMismatchError(file, `/recipe/${key}`, `${show(mine[key])} (${configFile})`, show(theirs[key]), 'the baselines were trained with another recipe');
    }
  }
  if (index.code !== setup.code) throw new BaselinesMismatchError(file, '/code', setup.code, index.code, 'the baselines were trained by other code');
  if (index.runKey !== setup.runKey) throw new BaselinesMismatchError(file, '/runKey', setup.runKey, index.runKey, 'the baselines were trained on other data or another backend');
  const names = archs.map((a) => a.name);
  const listed = index.archs.map((a) => a.name);
  if (canonicalJson(names) !== canonicalJson(listed) || canonicalJson([...names].sort()) !== canonicalJson(Object.keys(index.jobs).sort())) {
    throw new BaselinesMismatchError(file, '/archs', names.join(', ') || 'none', listed.join(', ') || 'none', 'other baselines');
  }
  archs.forEach((a, k) => {
    const id = jobId(jobs[k]!);
    if (index.jobs[a.name] !== id) throw new BaselinesMismatchError(file, `/jobs/${a.name}`, id, String(index.jobs[a.name]), `${a.name} is another job than the one this config plans`);
    if (index.archs[k]!.kind !== a.kind) throw new BaselinesMismatchError(file, `/archs/${k}/kind`, a.kind, index.archs[k]!.kind, `${a.name} has another kind`);
  });
}

export interface TakenBaselines {
  entries: RetrainedArch[];
  runs: TimedRun[];
}

/** Reads and checks retrain-baselines' index, copies each baseline's directory into `outDir`, returns index entries and timings (plan order). */
export function takeBaselines(dir: string, setup: RetrainSetup, archs: readonly RetrainJob[], jobs: readonly Job[], outDir: string, configFile: string): TakenBaselines {
  const file = join(dir, 'index.json');
  const index = readDocument<BaselinesIndex>(file, 'baselines-index');
  checkBaselines(index, setup, archs, jobs, file, configFile);
  const timings = readDocument<Timings>(join(dir, 'timings.json'), 'timings');
  const runs = archs.map((a) => timings.runs.find((r) => r.name === a.name) ?? { name: a.name, epochs: [] });
  for (const e of index.archs) {
    // the manifest check (runStage) already re-hashed every file of the directory
    if (!existsSync(join(dir, e.dir, 'arch.json'))) throw new BaselinesMismatchError(file, `/archs/${index.archs.indexOf(e)}/dir`, `a directory ${e.dir}/ with arch.json`, 'none', `${e.name}'s files are missing`);
    cpSync(join(dir, e.dir), join(outDir, e.dir), { recursive: true });
  }
  return { entries: index.archs, runs };
}
