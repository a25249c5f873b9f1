// Where a supernet train step's time goes, per kernel: one soft-mode w step (forward, loss,
// backward of every weight, SGD update) under tf.profile, split into phases at the points the step
// reaches them (the forward ends when the loss is returned to autodiff; the backward ends when the
// gradients are back). Each phase: total ms and its kernels by time, largest first.
// tf.profile times each kernel call on its own (wasm and cpu run synchronously), nested calls
// included: the 'forward' entries tfjs records for a customGrad's forward contain other kernels,
// so they are left out. Times are CPU time of this thread (see withCpuTimer). Call after initBackend. Run: npx tsx bench/profile.ts [--space fbnet-cifar]
import * as tf from '@tensorflow/tfjs-core';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { initBackend } from '../src/backend/index.js';
import { Rng } from '../src/core/rng.js';
import { supernetChoices } from '../src/methods/choices.js';
import { fbnet } from '../src/methods/fbnet.js';
import { Supernet } from '../src/supernet/supernet.js';
import { benchConfig } from './supernet.js';
import { WORKLOADS, workload, type WorkloadName } from './workloads.js';

export interface KernelRow {
  kernel: string;
  ms: number;
  calls: number;
}
export interface PhaseProfile {
  phase: 'forward' | 'backward' | 'optimizer';
  ms: number;
  top: KernelRow[];
}

export type Recorded = { name: string; kernelTimeMs: number | { error: string } };
const NESTED = new Set(['forward']);

export function summarise(phase: PhaseProfile['phase'], ks: Recorded[], top: number): PhaseProfile {
  const by = new Map<string, KernelRow>();
  for (const k of ks) {
    if (NESTED.has(k.name) || typeof k.kernelTimeMs !== 'number') continue;
    const r = by.get(k.name) ?? { kernel: k.name, ms: 0, calls: 0 };
    r.ms += k.kernelTimeMs;
    r.calls++;
    by.set(k.name, r);
  }
  const rows = [...by.values()].sort((a, b) => b.ms - a.ms).map((r) => ({ ...r, ms: +r.ms.toFixed(1) }));
  return { phase, ms: +rows.reduce((a, r) => a + r.ms, 0).toFixed(1), top: rows.slice(0, top) };
}

// Kernel times as this process's CPU time (user + system), not wall time: on a shared machine a
// kernel preempted by another process would otherwise be charged for the wait. wasm and cpu
// compute synchronously on this thread, so CPU time is the kernel's own work.
export async function withCpuTimer<T>(f: () => Promise<T>): Promise<T> {
  const b = tf.backend() as unknown as { time(f: () => void): Promise<{ kernelMs: number }> };
  const own = Object.prototype.hasOwnProperty.call(b, 'time');
  const saved = b.time;
  b.time = async (g) => {
    const c0 = process.cpuUsage();
    g();
    const c = process.cpuUsage(c0);
    return { kernelMs: (c.user + c.system) / 1000 };
  };
  try {
    return await f();
  } finally {
    if (own) b.time = saved;
    else delete (b as { time?: unknown }).time;
  }
}

export async function profileStep(name: WorkloadName, batch = 64, top = 8): Promise<PhaseProfile[]> {
  const wl = workload(name);
  const net = new Supernet(wl.spec, wl.costs, { seed: 1 });
  const method = fbnet(benchConfig('soft', batch, 1), { net, costs: wl.costs, choices: supernetChoices(wl.spec), file: 'bench' });
  const sgd = method.optimizers(net).w;
  const vars = sgd.targets();
  const rng = Rng.seeded(1);
  const x = tf.randomNormal([batch, ...wl.spec.input], 0, 1, 'float32', 7) as tf.Tensor4D;
  const labels = Int32Array.from({ length: batch }, (_, i) => i % wl.spec.classes);
  const engine = tf.engine() as unknown as { state: { activeProfile: { kernels: Recorded[] } } };
  const marks: number[] = [];
  const mark = (): number => marks.push(engine.state.activeProfile.kernels.length);
  const step = (): void => {
    const { value, grads } = tf.variableGrads(() => {
      const { logits, cost } = net.forward(x, method.policy.trainMixes(rng, batch, 5), true);
      const loss = method.loss(logits, labels, cost, 'w').loss;
      mark();
      return loss;
    }, vars.map((v) => v.variable));
    mark();
    sgd.step(grads, 1e-3);
    tf.dispose([value, ...Object.values(grads)]);
  };
  step(); // warm-up: first calls compile and allocate
  marks.length = 0;
  const info = await withCpuTimer(() => tf.profile(step));
  const ks = info.kernels as unknown as Recorded[];
  const [f, b] = marks as [number, number];
  x.dispose();
  sgd.dispose();
  method.policy.dispose();
  net.dispose();
  return [summarise('forward', ks.slice(0, f), top), summarise('backward', ks.slice(f, b), top), summarise('optimizer', ks.slice(b), 3)];
}

/** Human-readable lines (the bench prints them on stderr, JSON stays on stdout). */
export function formatProfile(space: string, phases: PhaseProfile[]): string {
  const out = [`kernel profile, ${space} supernet, one soft w step, batch 64, ${tf.getBackend()}:`];
  for (const p of phases) {
    out.push(`  ${p.phase} ${p.ms.toFixed(1)} ms`);
    for (const r of p.top) out.push(`    ${r.kernel.padEnd(38)} ${r.ms.toFixed(1).padStart(8)} ms ${((100 * r.ms) / Math.max(p.ms, 1e-9)).toFixed(0).padStart(3)} %  ${r.calls} calls`);
  }
  return out.join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { space: { type: 'string', default: 'fmnist-small' }, backend: { type: 'string', default: 'wasm' }, batch: { type: 'string', default: '64' }, top: { type: 'string', default: '12' } } });
  if (!(WORKLOADS as readonly string[]).includes(values.space)) throw new Error(`--space: one of ${WORKLOADS.join(', ')}`);
  await initBackend(values.backend, () => {});
  const phases = await profileStep(values.space as WorkloadName, Number(values.batch), Number(values.top));
  process.stdout.write(formatProfile(values.space, phases) + '\n');
}
