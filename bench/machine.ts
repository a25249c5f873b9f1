// What W busy threads get from this machine, with no tfjs in the way: the part of the ceiling
// (bench/concurrent.ts) that no training code can change. Two kernels, each run on 1 thread and
// then on W threads at once (worker threads, plain JS):
//   compute  a dependent floating-point chain in registers (no memory traffic): scales ~W when the
//            threads have cores of their own (not hyperthreads of one core)
//   memory   read-modify-write of one float64 per 64-byte line over a buffer 4x the L3 (sysfs) per thread
//            (every line comes from DRAM and goes back): GB/s = 2 x bytes x passes / s
// scaling = the W threads' summed rate over one thread's alone. A training step is part compute
// (1x1 convolutions' gemm) and part memory passes (BatchNorm, depthwise, elementwise, the
// optimiser); where memory scales less than W, so does training, whatever the pool does.
//   machineScaling(W, pairs)  { threads, pairs, compute: {one, many, ratios, medianRatio}, memory: {...} }
// Run: npx tsx bench/index.ts --ceiling (prints it before the workloads' ceilings).
import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { median } from '../src/latency/stats.js';

// Plain JS, run with eval: the kernels must not depend on the project's loader.
const KERNELS = `
const { parentPort, workerData } = require('node:worker_threads');
const { kind, bytes, passes, steps } = workerData;
let rate = 0, sink = 0;
if (kind === 'compute') {
  let a = 1.0001, b = 0.9999, c = 0.5;
  const t0 = performance.now();
  for (let i = 0; i < steps; i++) { a = a * b + c; c = c * 0.25 + a * 1e-9; b = b + 1e-12; }
  rate = steps / ((performance.now() - t0) / 1000) / 1e6; // million chain steps per second
  sink = a + c;
} else {
  const buf = new Float64Array(bytes / 8);
  for (let i = 0; i < buf.length; i += 8) buf[i] = 1; // touch every page before timing
  const t0 = performance.now();
  for (let p = 0; p < passes; p++) for (let i = 0; i < buf.length; i += 8) sink += buf[i] += 1;
  rate = (2 * bytes * passes) / ((performance.now() - t0) / 1000) / 1e9; // GB/s, read + write-back
}
// The result depends on sink, so the engine cannot drop the loops; sink is never 0.5 in practice.
parentPort.postMessage(sink === 0.5 ? -rate : rate);
`;

type Kind = 'compute' | 'memory';

/** This machine's last-level cache in bytes (Linux sysfs), 32 MiB where it does not say. */
function l3Bytes(): number {
  try {
    const m = /^(\d+)([KM]?)/.exec(readFileSync('/sys/devices/system/cpu/cpu0/cache/index3/size', 'utf8').trim());
    if (m) return Number(m[1]) * (m[2] === 'M' ? 1 << 20 : m[2] === 'K' ? 1 << 10 : 1);
  } catch {
    // no sysfs (not Linux) or no L3
  }
  return 32 << 20;
}
const BUFFER_BYTES = 4 * l3Bytes();

function runOne(kind: Kind): Promise<number> {
  const w = new Worker(KERNELS, { eval: true, workerData: { kind, bytes: BUFFER_BYTES, passes: 6, steps: 2e8 } });
  return new Promise((resolve, reject) => {
    w.once('message', (rate: number) => void w.terminate().then(() => resolve(Math.abs(rate))));
    w.once('error', reject);
  });
}

/** The summed rate of `threads` threads running `kind` at once (million steps/s or GB/s). */
async function rate(kind: Kind, threads: number): Promise<number> {
  const rates = await Promise.all(Array.from({ length: threads }, () => runOne(kind)));
  return rates.reduce((a, r) => a + r, 0);
}

const r2 = (n: number): number => Math.round(n * 100) / 100;

export async function machineScaling(threads: number, pairs: number): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = { bench: 'machine', threads, pairs };
  for (const kind of ['compute', 'memory'] as const) {
    const one: number[] = [];
    const many: number[] = [];
    const ratios: number[] = [];
    // Alternated pair by pair, as the ceiling: the machine's speed drifts within minutes.
    for (let k = 0; k < pairs; k++) {
      const [a, b] = [await rate(kind, 1), await rate(kind, threads)];
      one.push(r2(a));
      many.push(r2(b));
      ratios.push(r2(b / a));
    }
    out[kind] = { unit: kind === 'compute' ? 'M steps/s' : 'GB/s', one, many, ratios, medianRatio: median(ratios) };
  }
  return out;
}
