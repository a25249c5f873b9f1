// The queue executor: jobs go to a BullMQ queue on Redis (id = the job's content hash, so a job
// submitted twice is one job) and `nasflow worker` processes run them. Completion is read from the
// content store, not from Redis: a result is in the store before its worker reports it done, so a
// Redis that restarts (even without persistence) loses no finished result — a job Redis forgot is
// queued again unless its result is there. A job that fails its attempts fails the stage with the
// job, the worker and the error. Progress: jobs done / running / waiting / failed, retries, ETA.
import { type Job as BullJob, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { NasflowError } from '../core/errors.js';
import type { Executor } from './executor.js';
import { type Job, jobId, jobName, type JobResult } from './job.js';
import { JobProgress } from './progress.js';
import { queueSettings, redactUrl, redisConnection } from './queue-settings.js';
import type { ContentStore } from './store.js';

const POLL_MS = 500;
const UNREACHABLE_MS = 10 * 60_000;

export class QueueExecutor implements Executor {
  readonly kind = 'queue' as const;
  private readonly redis: Redis;
  private readonly queue: Queue;
  private readonly settings = queueSettings();

  constructor(
    readonly store: ContentStore,
    private readonly url: string,
    private readonly log: (msg: string) => void,
  ) {
    this.redis = redisConnection(url, false);
    this.redis.on('error', () => {}); // reported by the poll loop, which keeps waiting
    this.queue = new Queue(this.settings.name, { connection: this.redis });
    this.queue.on('error', () => {});
  }

  private async submit(job: Job): Promise<void> {
    const s = this.settings;
    await this.queue.add(job.kind, job, { jobId: jobId(job), attempts: s.attempts, backoff: { type: 'fixed', delay: 1000 }, removeOnComplete: { age: 3600 }, removeOnFail: { age: 86_400 } });
  }

  /** Waits for the first connection: a wrong URL or a stopped Redis fails the stage, saying so. */
  private async connected(): Promise<void> {
    const deadline = Date.now() + 30_000;
    while (this.redis.status !== 'ready') {
      if (Date.now() > deadline) throw new NasflowError('E_REDIS', `cannot reach Redis at ${redactUrl(this.url)} (connection ${this.redis.status} after 30 s): is redis-server running there, and is NASFLOW_REDIS_URL right?`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async run(jobs: Job[]): Promise<JobResult[]> {
    await this.connected();
    const ids = jobs.map(jobId);
    const results: (JobResult | undefined)[] = jobs.map((j) => this.store.result(j) ?? undefined);
    const pending = new Set(jobs.map((_, k) => k).filter((k) => !results[k]));
    this.log(`queue ${this.settings.name} on ${redactUrl(this.url)}, store ${this.store.dir}: ${jobs.length} jobs, ${jobs.length - pending.size} already done`);
    for (const k of pending) {
      const old = await this.queue.getJob(ids[k]!);
      // A new run gets fresh attempts; a job Redis calls completed whose result is not in this store runs again.
      if (old && ['failed', 'completed'].includes(await old.getState())) await old.remove();
      await this.submit(jobs[k]!);
    }
    const progress = new JobProgress(jobs.length, this.log);
    let requeued = 0;
    let unreachableSince: number | null = null;
    let lastComplaint = 0;
    while (pending.size) {
      await new Promise((r) => setTimeout(r, POLL_MS));
      const c = { done: jobs.length - pending.size, running: 0, waiting: 0, failed: 0, retries: requeued, fractions: [] as number[], workers: [] as string[] };
      try {
        for (const k of [...pending]) {
          const r = this.store.result(jobs[k]!);
          if (r) {
            results[k] = r;
            pending.delete(k);
            c.done++;
            continue;
          }
          const j = await this.queue.getJob(ids[k]!);
          if (!j) {
            await this.submit(jobs[k]!);
            requeued++;
            this.log(`${jobName(jobs[k]!)} was not in Redis any more (Redis restarted?) and has no result: queued again`);
            continue;
          }
          const state = await j.getState();
          c.retries += Math.max(0, (j.attemptsStarted ?? 1) - 1);
          if (state === 'failed') throw this.failure(jobs[k]!, j);
          if (state === 'active') {
            c.running++;
            c.fractions.push(typeof j.progress === 'number' ? j.progress : 0);
            if (j.processedBy && !c.workers.includes(j.processedBy)) c.workers.push(j.processedBy);
          } else if (state !== 'completed') c.waiting++;
          else if (!this.store.result(jobs[k]!)) throw new NasflowError('E_STORE', `${jobName(jobs[k]!)} completed on worker ${j.processedBy ?? '?'} but its result is not in ${this.store.dir}: workers and stage must share one store (NASFLOW_STORE)`);
        }
        unreachableSince = null;
      } catch (e) {
        if (e instanceof NasflowError) throw e;
        unreachableSince ??= Date.now();
        if (Date.now() - unreachableSince > UNREACHABLE_MS) throw new NasflowError('E_REDIS', `Redis at ${redactUrl(this.url)} unreachable for ${UNREACHABLE_MS / 1000} s: ${(e as Error).message}`);
        if (Date.now() - lastComplaint > 5000) this.log(`Redis unreachable (${(e as Error).message}); waiting for it`);
        lastComplaint = Date.now();
        continue;
      }
      progress.update(c);
    }
    progress.update({ done: jobs.length, running: 0, waiting: 0, failed: 0, retries: results.reduce((s, r) => s + Math.max(0, (r?.measured.attempt ?? 1) - 1), requeued), fractions: [] }, true);
    return results as JobResult[];
  }

  private failure(job: Job, j: BullJob): NasflowError {
    return new NasflowError('E_JOB_FAILED', `${jobName(job)} (job ${jobId(job).slice(0, 12)}) failed after ${j.attemptsMade} attempt${j.attemptsMade === 1 ? '' : 's'}, last on worker ${j.processedBy ?? '(unknown)'}: ${j.failedReason}`);
  }

  async close(): Promise<void> {
    await this.queue.close().catch(() => {});
    this.redis.disconnect();
  }
}
