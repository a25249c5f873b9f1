// Candidate trainings on worker threads (one per core; wasm runs one thread per instance): a batch
// of candidate jobs is handed out in order as workers free up, and the results come back in job
// order. Every candidate is a pure function of its job (candidate.ts), so the results do not
// depend on the number of workers nor on which worker ran what. The workers live across batches
// (the data is loaded once per worker); the first failure rejects with the candidate's name.
import { Worker } from 'node:worker_threads';
import { NasflowError } from '../core/errors.js';
import type { NormalizedSpace } from '../spaces/normalize.js';
import type { CandidateBase, CandidateJob, CandidateResult } from './candidate.js';

export interface CandidateSetup {
  backend: string;
  dataDir: string;
  space: NormalizedSpace;
  base: CandidateBase;
  workDir: string;
  runKey: string;
}

export interface NamedJob {
  job: CandidateJob;
  name: string;
}

const WORKER = new URL(import.meta.url.endsWith('.ts') ? './candidate-worker.ts' : './candidate-worker.js', import.meta.url).href;

function spawn(setup: CandidateSetup): Worker {
  // Under tsx a worker must register tsx's loader itself before importing TypeScript.
  if (WORKER.endsWith('.ts')) return new Worker(`import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(WORKER)}); });`, { eval: true, workerData: setup });
  return new Worker(new URL(WORKER), { workerData: setup });
}

type Message = { kind: 'ready' } | { kind: 'log'; msg: string } | { kind: 'done'; out: CandidateResult } | { kind: 'failed'; message: string };

export class CandidatePool {
  private readonly workers: Promise<Worker>[];

  constructor(setup: CandidateSetup, size: number, private readonly log: (m: string) => void) {
    this.workers = Array.from({ length: Math.max(1, size) }, () => {
      const w = spawn(setup);
      const ready = new Promise<Worker>((res, rej) => {
        const first = (m: Message): void => {
          if (m.kind !== 'ready') return;
          w.off('message', first);
          res(w);
        };
        w.on('message', first);
        w.once('error', (e) => rej(new NasflowError('E_CANDIDATE', `candidate worker: ${e.message}`)));
      });
      // A start-up failure surfaces when a batch awaits this worker, not as an unhandled rejection before.
      ready.catch(() => undefined);
      return ready;
    });
  }

  get size(): number {
    return this.workers.length;
  }

  async run(jobs: NamedJob[]): Promise<CandidateResult[]> {
    const results: CandidateResult[] = [];
    let next = 0;
    const drive = async (wp: Promise<Worker>): Promise<void> => {
      const w = await wp;
      while (next < jobs.length) {
        const k = next++;
        results[k] = await new Promise<CandidateResult>((res, rej) => {
          const on = (m: Message): void => {
            if (m.kind === 'log') this.log(m.msg);
            else if (m.kind === 'done' || m.kind === 'failed') {
              w.off('message', on);
              w.off('error', onError);
              if (m.kind === 'done') res(m.out);
              else rej(new NasflowError('E_CANDIDATE', `candidate ${jobs[k]!.name}: ${m.message}`));
            }
          };
          const onError = (e: Error): void => rej(new NasflowError('E_CANDIDATE', `candidate ${jobs[k]!.name}: ${e.message}`));
          w.on('message', on);
          w.once('error', onError);
          w.postMessage(jobs[k]);
        });
      }
    };
    await Promise.all(this.workers.map(drive));
    return results;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map(async (wp) => (await wp.catch(() => null))?.terminate()));
  }
}
