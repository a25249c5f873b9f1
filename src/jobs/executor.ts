// The executor interface and its choice. An executor runs jobs (data) and returns their results
// (data), in job order, each checked against its job and read from the content store:
//   local   worker threads on this machine (one job per thread; 1 worker: in this process). Default.
//   queue   BullMQ on Redis: `nasflow worker` processes on any machine that reaches Redis and the
//           store run the jobs. Redis's URL comes from NASFLOW_REDIS_URL only (never a config file).
import { ConfigError } from '../core/errors.js';
import type { Job, JobResult } from './job.js';
import { ContentStore, storeDir } from './store.js';

export type ExecutorKind = 'local' | 'queue';

export interface Executor {
  readonly kind: ExecutorKind;
  readonly store: ContentStore;
  run(jobs: Job[]): Promise<JobResult[]>;
  close(): Promise<void>;
}

export interface ExecutorOptions {
  root: string;
  /** local: threads (null: one per core, at most one per job). */
  workers: number | null;
  log(msg: string): void;
  /** For errors about the executor setting. */
  configFile: string;
  configPath: string;
}

export const REDIS_ENV = 'NASFLOW_REDIS_URL';

export async function makeExecutor(kind: ExecutorKind, o: ExecutorOptions): Promise<Executor> {
  const store = new ContentStore(storeDir(o.root));
  if (kind === 'local') {
    const { LocalExecutor } = await import('./local.js');
    return new LocalExecutor(store, o.workers, o.log);
  }
  const url = process.env[REDIS_ENV];
  if (!url) {
    throw new ConfigError(o.configFile, o.configPath, `executor: queue takes Redis's URL from the environment: set ${REDIS_ENV} (redis://[:password@]host:port, rediss:// for TLS) and start workers with \`bin/nasflow worker\` (README "Scaling out")`);
  }
  const { QueueExecutor } = await import('./queue.js');
  return new QueueExecutor(store, url, o.log);
}
