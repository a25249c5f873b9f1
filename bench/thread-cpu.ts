// Where a data-parallel run's CPU goes, per OS thread of this process (Linux /proc/self/task/*):
// runs `steps` w/θ steps of the fmnist-small (or --space) supernet on a GradientPool and prints,
// per thread name, the CPU ms over those steps, against the wall time — so the pool's workers,
// the main thread and V8's helper threads (GC, compiler) can be told apart — the ms each thread
// sat runnable but off its core (schedstat's run-queue wait: preempted, e.g. a worker behind
// V8's GC helpers when every core is busy), and the machine's idle cores over the same steps
// (/proc/stat), which a pool leaves while its workers wait (the barrier, the main thread's
// serial part). Timed after a warm-up of at least 2 w+θ pairs and 4 s
// (a fresh worker compiles its hot code in background threads for its first seconds).
// Run: npx tsx bench/thread-cpu.ts [--workers W] [--shards S] [--steps N] [--space S]
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { initBackend } from '../src/backend/index.js';
import { parallelTrainStep, startSupernetPool } from '../src/train/parallel/index.js';
import { trainStep } from '../src/train/step.js';
import { supernetRig, warmUp } from './supernet.js';
import { workload, type WorkloadName } from './workloads.js';

const { values } = parseArgs({ options: { workers: { type: 'string', default: '0' }, shards: { type: 'string', default: '2' }, steps: { type: 'string', default: '8' }, space: { type: 'string', default: 'fmnist-small' } } });
const workers = Number(values.workers);
const shards = Number(values.shards);

/** Per thread: CPU ms and run-queue wait ms (schedstat: ns on the CPU, ns runnable but waiting). */
function threads(): Map<string, { name: string; ms: number; waitMs: number }> {
  const out = new Map<string, { name: string; ms: number; waitMs: number }>();
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      const name = readFileSync(`/proc/self/task/${tid}/comm`, 'utf8').trim();
      const [run, wait] = readFileSync(`/proc/self/task/${tid}/schedstat`, 'utf8').split(' ').map(Number) as [number, number];
      out.set(tid, { name, ms: run / 1e6, waitMs: wait / 1e6 });
    } catch {
      // the thread ended
    }
  }
  return out;
}

await initBackend('wasm', () => {});
const wl = workload(values.space as WorkloadName);
const { config, net, method, ctx, x, labels } = supernetRig(values.space as WorkloadName, 'soft', 64, shards);
const pool = workers > 0 ? await startSupernetPool(net, method, { config, costs: wl.costs, file: 'bench', backend: 'wasm', workers, shards }) : null;
const step = (target: 'w' | 'arch'): unknown => (pool ? parallelTrainStep(pool, ctx, target, { x, labels }) : trainStep(ctx, target, { x, labels }));
warmUp(() => {
  step('w');
  step('arch');
});
// Whole machine, in jiffies: [busy, idle] summed over every core (idle includes iowait).
const machine = (): [number, number] => {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const idle = f[3]! + f[4]!;
  return [f.reduce((a, v) => a + v, 0) - idle, idle];
};
const m0 = machine();
const before = threads();
const c0 = process.cpuUsage();
const t0 = performance.now();
const n = Number(values.steps);
for (let i = 0; i < n; i++) step(i % 2 ? 'arch' : 'w');
const wall = performance.now() - t0;
const c = process.cpuUsage(c0);
const after = threads();
const m1 = machine();
const cores = availableParallelism();
const idleCores = Math.round(((m1[1] - m0[1]) / (m1[0] - m0[0] + m1[1] - m0[1])) * cores * 100) / 100;
const rows = [...after].map(([tid, a]) => ({ tid, name: a.name, ms: a.ms - (before.get(tid)?.ms ?? 0), waitMs: a.waitMs - (before.get(tid)?.waitMs ?? 0) })).filter((r) => r.ms > 1).sort((a, b) => b.ms - a.ms);
const perStep = (v: number): number => Math.round((v / n) * 10) / 10;
console.log(JSON.stringify({ bench: 'thread-cpu', space: values.space, workers, shards: pool ? shards : 1, steps: n, wallMsPerStep: perStep(wall), processCpuMsPerStep: perStep((c.user + c.system) / 1000), machineIdleCores: idleCores, threads: rows.map((r) => ({ name: r.name, cpuMsPerStep: perStep(r.ms), cores: Math.round((r.ms / wall) * 100) / 100, runnableWaitMsPerStep: perStep(r.waitMs) })) }));
await pool?.close();
process.exit(0);
