// `nasflow worker`: takes jobs from the BullMQ queue and runs each in a sandboxed process
// (sandbox.ts) against the content store. Only registered job kinds run: any other kind fails at
// once without retry (UnrecoverableError), as does a job whose code or backend this worker cannot
// match. Errors carry this worker's name (host:pid). A worker killed mid-job stops renewing its
// lock; after NASFLOW_LOCK_MS another worker takes the job and resumes it from its checkpoint in
// the store. SIGINT/SIGTERM finish the running jobs, then exit.
import { hostname } from 'node:os';
import { type Job as BullJob, UnrecoverableError, Worker } from 'bullmq';
import { type Job, jobId, jobName } from './job.js';
import { jobKinds } from './kinds.js';
import { queueSettings, redactUrl, redisConnection } from './queue-settings.js';
import { runSandboxed, SandboxedJobError } from './sandbox.js';
import './register-all.js';

/** Failures that another attempt cannot fix. */
const FINAL = new Set(['E_REGISTRY', 'E_JOB_CODE', 'E_JOB_BACKEND', 'E_JOB_RESULT', 'E_STORE_INTEGRITY']);

export interface WorkerOptions {
  url: string;
  storeDir: string;
  concurrency: number;
  log(msg: string): void;
}

export async function runWorker(o: WorkerOptions): Promise<void> {
  const s = queueSettings();
  const name = `${hostname()}:${process.pid}`;
  const kinds = jobKinds().map((k) => k.kind);
  const connection = redisConnection(o.url, true);
  connection.on('error', () => {});
  const processJob = async (bj: BullJob<Job>): Promise<{ digest: string }> => {
    const job = bj.data;
    const attempt = bj.attemptsStarted ?? bj.attemptsMade + 1;
    if (!kinds.includes(job.kind)) throw new UnrecoverableError(`[worker ${name}] job kind "${job.kind}" is not registered here (registered: ${kinds.join(', ')})`);
    if (bj.id !== jobId(job)) throw new UnrecoverableError(`[worker ${name}] queue id ${bj.id} is not the job's content hash ${jobId(job)}`);
    o.log(`running ${jobName(job)} (job ${bj.id!.slice(0, 12)}, attempt ${attempt})`);
    const t0 = Date.now();
    try {
      const result = await runSandboxed(job, { storeDir: o.storeDir, worker: name, attempt, onProgress: (f) => void bj.updateProgress(f).catch(() => {}) });
      o.log(`finished ${jobName(job)} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      return { digest: result.digest };
    } catch (e) {
      const msg = `[worker ${name}] ${(e as Error).message}`;
      o.log(`failed ${jobName(job)}: ${msg}`);
      if (e instanceof SandboxedJobError && FINAL.has(e.code)) throw new UnrecoverableError(msg);
      throw new Error(msg);
    }
  };
  const worker = new Worker<Job>(s.name, processJob, {
    connection,
    name,
    concurrency: o.concurrency,
    lockDuration: s.lockMs,
    stalledInterval: Math.max(250, Math.floor(s.lockMs / 2)),
    maxStalledCount: 3,
  });
  worker.on('error', (e) => o.log(`Redis: ${e.message}`));
  o.log(`worker ${name}: queue ${s.name} on ${redactUrl(o.url)}, store ${o.storeDir}, ${o.concurrency} job${o.concurrency === 1 ? '' : 's'} at a time, kinds: ${kinds.join(', ')}`);
  await new Promise<void>((resolve) => {
    const stop = (sig: string): void => {
      o.log(`worker ${name}: ${sig}, finishing running jobs`);
      void worker.close().then(() => {
        connection.disconnect();
        resolve();
      });
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
}
