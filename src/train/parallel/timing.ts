// Where a data-parallel step's time goes (for the bench, and for finding why workers do not scale):
//   threadCpuMs()   this thread's CPU time in ms (Linux /proc/thread-self/schedstat, ns resolution),
//                   NaN elsewhere: wall time alone cannot tell a slow kernel from a descheduled
//                   thread on a shared machine
//   StepTiming      per worker: wall ms computing its shards (load parameters and statistics,
//                   forward/backward, write gradients), waiting at the barrier for the others,
//                   combining its slice, and its thread CPU ms over the step; for the main
//                   thread: ms packing the request and ms blocked until every worker was done
//   summarizeTimings  medians over steps, per worker summed: what bench/supernet.ts prints
import { readFileSync } from 'node:fs';

let procOk = process.platform === 'linux';
export function threadCpuMs(): number {
  if (!procOk) return NaN;
  try {
    return Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]) / 1e6;
  } catch {
    procOk = false;
    return NaN;
  }
}

export interface WorkerTiming {
  computeMs: number;
  barrierMs: number;
  combineMs: number;
  cpuMs: number;
  /** Of computeMs: loading parameters and statistics into the worker's variables, and writing gradients, statistics and numbers out. */
  loadMs: number;
  writeMs: number;
}

export interface StepTiming {
  workers: WorkerTiming[];
  /** Main thread: copying parameters, images and the request into shared memory. */
  packMs: number;
  /** Main thread: blocked until every worker had combined its slice. */
  waitMs: number;
}

const median = (v: number[]): number => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)] ?? NaN;
const r1 = (n: number): number => Math.round(n * 10) / 10;

/** Medians over steps of: the slowest worker's compute, the mean barrier wait, the combine, the workers' CPU, load and write summed, pack and wait. */
export function summarizeTimings(steps: StepTiming[]): Record<string, number> {
  const per = (f: (t: StepTiming) => number): number => r1(median(steps.map(f)));
  return {
    poolComputeMs: per((t) => Math.max(...t.workers.map((w) => w.computeMs))),
    poolBarrierMs: per((t) => t.workers.reduce((a, w) => a + w.barrierMs, 0) / t.workers.length),
    poolCombineMs: per((t) => Math.max(...t.workers.map((w) => w.combineMs))),
    poolWorkerCpuMs: per((t) => t.workers.reduce((a, w) => a + w.cpuMs, 0)),
    poolLoadMs: per((t) => t.workers.reduce((a, w) => a + w.loadMs, 0)),
    poolWriteMs: per((t) => t.workers.reduce((a, w) => a + w.writeMs, 0)),
    poolPackMs: per((t) => t.packMs),
    poolWaitMs: per((t) => t.waitMs),
  };
}
