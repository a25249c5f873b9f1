// The local executor: jobs on worker threads of this process, one job per thread at a time, handed
// out in job order as threads free up (with one worker, in this process: no thread). Each thread
// runs executeJob — the code a queue worker runs — against the same content store, so the results
// are the queue's byte for byte. The first failure stops every thread and fails with the job's name.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { NasflowError } from '../core/errors.js';
import { executeJob } from './execute.js';
import type { Executor } from './executor.js';
import { type Job, jobName, type JobResult } from './job.js';
import { JobProgress } from './progress.js';
import type { ContentStore } from './store.js';
import './register-all.js';

const THREAD = new URL(import.meta.url.endsWith('.ts') ? './thread.ts' : './thread.js', import.meta.url).href;

function spawn(storeDir: string): Worker {
  // Under tsx a thread must register tsx's loader itself before importing TypeScript.
  if (THREAD.endsWith('.ts')) {
    return new Worker(`import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(THREAD)}); });`, { eval: true, workerData: { storeDir } });
  }
  return new Worker(new URL(THREAD), { workerData: { storeDir } });
}

type Msg = { kind: 'ready' } | { kind: 'log'; msg: string } | { kind: 'progress'; fraction: number } | { kind: 'done'; result: JobResult } | { kind: 'failed'; message: string };

export class LocalExecutor implements Executor {
  readonly kind = 'local' as const;

  constructor(
    readonly store: ContentStore,
    private readonly workers: number | null,
    private readonly log: (msg: string) => void,
  ) {}

  async run(jobs: Job[]): Promise<JobResult[]> {
    const n = Math.max(1, Math.min(this.workers ?? availableParallelism(), jobs.length));
    const progress = new JobProgress(jobs.length, this.log);
    const results: JobResult[] = [];
    if (n === 1) {
      for (const [k, job] of jobs.entries()) {
        results.push(await executeJob(job, this.store, { worker: `local:${process.pid}`, attempt: 1, log: this.log }));
        progress.update({ done: k + 1, running: 0, waiting: jobs.length - k - 1, failed: 0, retries: 0, fractions: [] }, true);
      }
      return results;
    }
    const fractions = new Map<number, number>();
    let next = 0;
    let done = 0;
    const pool: Worker[] = [];
    const drive = (w: Worker, t: number): Promise<void> =>
      new Promise((resolve, reject) => {
        let current = -1;
        const give = (): void => {
          if (next >= jobs.length) return void w.terminate().then(() => resolve());
          current = next++;
          w.postMessage({ job: jobs[current], worker: `local:${process.pid}/${t}` });
        };
        w.on('message', (m: Msg) => {
          if (m.kind === 'ready') give();
          else if (m.kind === 'log') this.log(m.msg);
          else if (m.kind === 'progress') fractions.set(current, m.fraction);
          else if (m.kind === 'done') {
            results[current] = m.result;
            fractions.delete(current);
            done++;
            progress.update({ done, running: fractions.size, waiting: jobs.length - next, failed: 0, retries: 0, fractions: [...fractions.values()] }, true);
            give();
          } else reject(new NasflowError('E_JOB', `job ${jobName(jobs[current]!)} failed on local thread ${t}: ${m.message}`));
        });
        w.on('error', (e) => reject(new NasflowError('E_JOB', `local thread ${t}${current >= 0 ? ` (${jobName(jobs[current]!)})` : ''}: ${e.message}`)));
      });
    for (let t = 0; t < n; t++) pool.push(spawn(this.store.dir));
    const ticker = setInterval(() => progress.update({ done, running: fractions.size, waiting: jobs.length - next, failed: 0, retries: 0, fractions: [...fractions.values()] }), 2000);
    try {
      await Promise.all(pool.map(drive));
    } catch (e) {
      await Promise.all(pool.map((w) => w.terminate()));
      throw e;
    } finally {
      clearInterval(ticker);
    }
    // Read back through the store: what the stage uses is always a checked result.
    return jobs.map((job, k) => this.store.result(job) ?? results[k]!);
  }

  async close(): Promise<void> {}
}
