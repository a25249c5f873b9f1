// Runs one job in a sandboxed child process (execa, Node IPC): the worker process stays responsive
// (BullMQ renews its lock while a synchronous training loop runs in the child), a crash or an
// out-of-memory kills only the child, and the child sees the job as data only. The child reports
// progress and its result (or error) over IPC; its stdout/stderr go to the worker's stderr.
import { join } from 'node:path';
import { execa } from 'execa';
import { NasflowError } from '../core/errors.js';
import type { Job, JobResult } from './job.js';

const ROOT = join(import.meta.dirname, '..', '..');
const CHILD = join(import.meta.dirname, import.meta.url.endsWith('.ts') ? 'sandbox-child.ts' : 'sandbox-child.js');
// The checkout's tsx loader by absolute path: the child needs no particular working directory.
const TSX = `file://${join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')}`;

export interface SandboxOptions {
  storeDir: string;
  worker: string;
  attempt: number;
  onProgress(fraction: number): void;
}

export type ChildMessage = { kind: 'progress'; fraction: number } | { kind: 'done'; result: JobResult } | { kind: 'failed'; code: string; message: string };

/** A failure inside the job (its `code` tells whether retrying can help). */
export class SandboxedJobError extends NasflowError {}

export async function runSandboxed(job: Job, o: SandboxOptions): Promise<JobResult> {
  const child = execa(process.execPath, ['--import', TSX, CHILD], {
    cwd: ROOT,
    ipcInput: { job, storeDir: o.storeDir, worker: o.worker, attempt: o.attempt },
    serialization: 'json',
    stdout: ['inherit'],
    stderr: ['inherit'],
    reject: false,
    env: { NASFLOW_STORE: o.storeDir },
  });
  let result: JobResult | null = null;
  let failed: { code: string; message: string } | null = null;
  for await (const m of child.getEachMessage() as AsyncIterable<ChildMessage>) {
    if (m.kind === 'progress') o.onProgress(m.fraction);
    else if (m.kind === 'done') result = m.result;
    else failed = m;
  }
  const end = await child;
  if (result) return result;
  if (failed) throw new SandboxedJobError(failed.code, failed.message);
  throw new SandboxedJobError('E_SANDBOX', `the job's process ended without a result (${end.signal ? `signal ${end.signal}` : `exit code ${end.exitCode}`})`);
}
