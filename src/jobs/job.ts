// Jobs as data. A job names a registered kind, its inputs by content hash (blobs in the store),
// its config (JSON) and its seed; its id is the hash of all four, so the same work has the same id
// on every machine and a result can be matched to the job that asked for it. A result is data too:
//   { schema: 'nasflow-job-result/v1', job: <id>, kind, outputs: { <relative path>: <sha256> },
//     data: <JSON, deterministic>, measured: <JSON: worker, attempt, seconds…>, digest }
// `digest` hashes job, kind, outputs and data (not `measured`, which differs run to run), so two
// executors' results are compared by digest, and a result edited after the fact is refused.
import { NasflowError } from '../core/errors.js';
import { hashJson } from '../core/hash.js';

export const RESULT_SCHEMA = 'nasflow-job-result/v1';

export interface Job {
  kind: string;
  /** Input name → sha256 of its bytes in the store. */
  inputs: Record<string, string>;
  config: unknown;
  seed: number;
  /** Shown in progress and errors; not part of the id. */
  label?: string;
}

export interface Measured {
  worker: string;
  attempt: number;
  seconds: number;
  [k: string]: unknown;
}

export interface JobResult {
  schema: typeof RESULT_SCHEMA;
  job: string;
  kind: string;
  outputs: Record<string, string>;
  data: unknown;
  measured: Measured;
  digest: string;
}

/** A result that does not belong to its job or whose content was changed. */
export class JobResultError extends NasflowError {
  constructor(
    readonly file: string,
    readonly expected: string,
    readonly found: string,
    detail: string,
  ) {
    super('E_JOB_RESULT', `${file}: ${detail}: expected ${expected}, found ${found}`);
  }
}

/** The job's id: sha256 of kind, inputs, config and seed (the label is not part of it). */
export function jobId(job: Job): string {
  return hashJson({ kind: job.kind, inputs: job.inputs, config: job.config, seed: job.seed });
}

export function jobName(job: Job): string {
  return job.label ?? `${job.kind} ${jobId(job).slice(0, 12)}`;
}

export function resultDigest(r: Pick<JobResult, 'job' | 'kind' | 'outputs' | 'data'>): string {
  return hashJson({ job: r.job, kind: r.kind, outputs: r.outputs, data: r.data });
}

export function makeResult(job: Job, outputs: Record<string, string>, data: unknown, measured: Measured): JobResult {
  const base = { job: jobId(job), kind: job.kind, outputs, data };
  return { schema: RESULT_SCHEMA, ...base, measured, digest: resultDigest(base) };
}

/**
 * Refuses a result that is not this job's (stale or foreign: another id or kind) or whose content
 * no longer matches its digest. Blob contents are checked by the store when they are read.
 */
export function checkResult(job: Job, r: JobResult, file: string): JobResult {
  const id = jobId(job);
  if (r.schema !== RESULT_SCHEMA) throw new JobResultError(file, RESULT_SCHEMA, String(r.schema), 'not a job result');
  if (r.job !== id) throw new JobResultError(file, id, String(r.job), `a result of another job, refused for ${jobName(job)}`);
  if (r.kind !== job.kind) throw new JobResultError(file, job.kind, String(r.kind), 'a result of another job kind');
  const digest = resultDigest(r);
  if (r.digest !== digest) throw new JobResultError(file, r.digest, digest, 'result content changed since it was written (digest)');
  return r;
}
