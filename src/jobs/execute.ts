// Running one job: the same code whichever executor or worker runs it. A job whose valid result
// is already in the store is not run again. Otherwise its inputs are laid out (verified), its kind
// runs with a fresh output directory and a checkpoint directory in the store, the outputs are put
// as blobs, and the result is written last — a job killed before that left no result, only its
// checkpoint, which the next attempt resumes from.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Job, jobId, type JobResult, makeResult } from './job.js';
import { jobKind } from './kinds.js';
import type { ContentStore } from './store.js';

export interface ExecuteOptions {
  worker: string;
  attempt: number;
  log(msg: string): void;
  progress?(fraction: number): void;
}

export async function executeJob(job: Job, store: ContentStore, o: ExecuteOptions): Promise<JobResult> {
  const kind = jobKind(job.kind);
  const done = store.result(job);
  if (done) return done;
  const id = jobId(job);
  const outDir = mkdtempSync(join(tmpdir(), 'nasflow-job-'));
  try {
    const t0 = performance.now();
    const r = await kind.run(job, { store, inputsDir: store.inputsDir(job.inputs), workDir: store.workDir(id), outDir, log: o.log, progress: o.progress ?? (() => {}) });
    const outputs = store.putTree(outDir);
    const result = makeResult(job, outputs, r.data, { worker: o.worker, attempt: o.attempt, seconds: (performance.now() - t0) / 1000, ...r.measured });
    store.putResult(result);
    rmSync(store.workDir(id), { recursive: true, force: true });
    return result;
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}
