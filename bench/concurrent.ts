// The machine's own ceiling for W threads on a supernet workload, with no data-parallel code in
// the way: W worker threads, each with its own wasm backend, each running the single-thread train
// step (src/supernet/bench.ts, soft mode, whole batch; after the same warm-up as bench/supernet.ts,
// at least 2 w+θ pairs and 4 s) at the same time, independently. Their
// images/s summed, over one thread's alone, is the most any data-parallel scheme can reach here:
// when two independent copies already get less than 2x (cores that share execution units, memory
// bandwidth, other load), the pool's speed-up is capped by that, not by its own overhead.
//   concurrentCeiling(name, W, o)   { threads, imagesPerSec (sum), perThread[], cpuShare }
// Run: npx tsx bench/index.ts --ceiling (prints one line per workload for W = 1 and W = workers).
import { Worker } from 'node:worker_threads';
import type { WorkloadName } from './workloads.js';

const SELF = new URL(import.meta.url).href;

interface Job {
  name: WorkloadName;
  batch: number;
  iters: number;
}

function spawn(job: Job): Promise<number> {
  const code = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(SELF)}); }).then((m) => m.workerMain());`;
  const w = new Worker(code, { eval: true, workerData: job });
  return new Promise((resolve, reject) => {
    w.once('message', (ips: number) => void w.terminate().then(() => resolve(ips)));
    w.once('error', reject);
  });
}

/** Worker side: one single-thread benchSupernet run, its soft w+θ images/s posted back. */
export async function workerMain(): Promise<void> {
  const { parentPort, workerData } = await import('node:worker_threads');
  const { initBackend } = await import('../src/backend/index.js');
  const { benchSupernet } = await import('../src/supernet/bench.js');
  const { workload } = await import('./workloads.js');
  const job = workerData as Job;
  await initBackend('wasm', () => {});
  const wl = workload(job.name);
  parentPort!.postMessage(benchSupernet(wl.spec, wl.costs, { mode: 'soft', batch: job.batch, iters: job.iters, warmup: 2, warmupMs: 4000 }).imagesPerSec);
}

export async function concurrentCeiling(name: WorkloadName, threads: number, o: { batch: number; iters: number }): Promise<Record<string, unknown>> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const perThread = await Promise.all(Array.from({ length: threads }, () => spawn({ name, batch: o.batch, iters: o.iters })));
  const c = process.cpuUsage(c0);
  const r1 = (n: number): number => Math.round(n * 10) / 10;
  return { bench: 'ceiling', space: name, threads, imagesPerSec: r1(perThread.reduce((a, b) => a + b, 0)), perThread: perThread.map(r1), cpuShare: r1((c.user + c.system) / 1000 / (performance.now() - t0)) };
}
