// Settings shared by the queue executor and `nasflow worker`, all from the environment (never a
// committed config: Redis's URL may carry a password):
//   NASFLOW_REDIS_URL     redis://[:password@]host:port[/db], rediss:// for TLS      (required)
//   NASFLOW_QUEUE         BullMQ queue name                                          (nasflow)
//   NASFLOW_JOB_ATTEMPTS  attempts of a failing job before the stage fails           (3)
//   NASFLOW_LOCK_MS       how long a silent worker keeps its job (BullMQ lock); a worker killed
//                         mid-job loses it after this and another worker resumes it  (30000)
import { Redis, type RedisOptions } from 'ioredis';
import { NasflowError } from '../core/errors.js';

function intEnv(name: string, fallback: number, min: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const v = Number(raw);
  if (!Number.isInteger(v) || v < min) throw new NasflowError('E_ENV', `${name}=${raw}: expected an integer >= ${min}`);
  return v;
}

export interface QueueSettings {
  name: string;
  attempts: number;
  lockMs: number;
}

export function queueSettings(): QueueSettings {
  return { name: process.env.NASFLOW_QUEUE || 'nasflow', attempts: intEnv('NASFLOW_JOB_ATTEMPTS', 3, 1), lockMs: intEnv('NASFLOW_LOCK_MS', 30_000, 500) };
}

/** A Redis connection; `blocking` for a BullMQ Worker (no per-command retry limit, as BullMQ requires). */
export function redisConnection(url: string, blocking: boolean): Redis {
  const o: RedisOptions = blocking ? { maxRetriesPerRequest: null } : { maxRetriesPerRequest: 1, enableOfflineQueue: false };
  // Reconnect every 0.5 s at most: a restarted Redis is picked up quickly.
  return new Redis(url, { ...o, retryStrategy: (n) => Math.min(100 * n, 500) });
}

/** The URL without its password, for logs. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^@/]*)@/, '//***@');
}
