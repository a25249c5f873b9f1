// Runs retrain jobs on a pool of worker threads, one job per worker at a time, handed out in job
// order as workers free up. Each architecture trains independently with its own seeds, so the
// results do not depend on the number of workers or on which worker ran what; they are returned
// in job order. The first failure stops every worker and rejects with the job's name.
import { Worker } from 'node:worker_threads';
import { NasflowError } from '../core/errors.js';
import type { NormalizedSpace } from '../spaces/normalize.js';
import type { JobInput, JobOutput } from './job.js';

export interface PoolSetup {
  backend: string;
  dataDir: string;
  space: NormalizedSpace;
}

const WORKER = new URL(import.meta.url.endsWith('.ts') ? './worker.ts' : './worker.js', import.meta.url).href;

function spawn(setup: PoolSetup): Worker {
  // Under tsx a worker must register tsx's loader itself before importing TypeScript.
  if (WORKER.endsWith('.ts')) {
    return new Worker(`import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(WORKER)}); });`, { eval: true, workerData: setup });
  }
  return new Worker(new URL(WORKER), { workerData: setup });
}

export async function runPool(inputs: JobInput[], workers: number, setup: PoolSetup, log: (m: string) => void): Promise<JobOutput[]> {
  const results: JobOutput[] = [];
  const pool: Worker[] = [];
  let next = 0;
  const stopAll = (): Promise<number[]> => Promise.all(pool.map((w) => w.terminate()));
  const drive = (w: Worker): Promise<void> =>
    new Promise((resolve, reject) => {
      let current = -1;
      const give = (): void => {
        if (next >= inputs.length) {
          void w.terminate().then(() => resolve());
          return;
        }
        current = next++;
        w.postMessage(inputs[current]);
      };
      w.on('message', (m: { kind: string; msg?: string; out?: JobOutput; message?: string }) => {
        if (m.kind === 'ready') give();
        else if (m.kind === 'log') log(m.msg!);
        else if (m.kind === 'done') {
          results[current] = m.out!;
          give();
        } else if (m.kind === 'failed') reject(new NasflowError('E_RETRAIN', `retrain ${inputs[current]!.job.name}: ${m.message}`));
      });
      w.on('error', (e) => reject(new NasflowError('E_RETRAIN', `retrain worker${current >= 0 ? ` (${inputs[current]!.job.name})` : ''}: ${e.message}`)));
    });
  for (let k = 0; k < Math.max(1, Math.min(workers, inputs.length)); k++) pool.push(spawn(setup));
  try {
    await Promise.all(pool.map(drive));
  } catch (e) {
    await stopAll();
    throw e;
  }
  return results;
}
