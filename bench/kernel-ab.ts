// The two builds of nasflow's wasm kernels (src/backend/simd/module.ts: plain SIMD and fused
// multiply-add) timed against each other in one process, on one supernet and one batch: rounds of
// 2 × (training-mode forward, w step, θ step) alternate between the builds, the first round of
// each is a warm-up, and each figure is the median over the rest. Separate benchmark runs on a
// shared machine drift by more than the builds differ; alternating in one process cancels that.
// One JSON line per workload: the plain and fused medians (ms) and the speed-ups (plain / fused).
// Without a fused build here (no relaxed SIMD, or a CPU that does not fuse) it prints `skipped`.
// Run: npx tsx bench/kernel-ab.ts [--space fmnist-small|fbnet-cifar] [--rounds 8]
import { parseArgs } from 'node:util';
import { initBackend } from '../src/backend/index.js';
import { chooseKernels, FMA_ENV, runKernelsFrom } from '../src/backend/simd/module.js';
import { median } from '../src/latency/stats.js';
import { trainStep } from '../src/train/step.js';
import { msOf, supernetRig } from './supernet.js';
import { WORKLOADS, type WorkloadName } from './workloads.js';

const { values } = parseArgs({ options: { space: { type: 'string' }, rounds: { type: 'string', default: '8' }, batch: { type: 'string', default: '64' } } });
const spaces: WorkloadName[] = values.space ? [values.space as WorkloadName] : [...WORKLOADS];
const [rounds, batch] = [Math.max(2, Number(values.rounds)), Number(values.batch)];
await initBackend('wasm', () => {});
const builds = { simd: chooseKernels({ [FMA_ENV]: '0' }), fma: chooseKernels({}) };
const r1 = (n: number): number => Math.round(n * 10) / 10;

for (const name of spaces) {
  if (builds.fma.variant !== 'fma') {
    process.stdout.write(JSON.stringify({ bench: 'kernel-ab', space: name, skipped: builds.fma.reason }) + '\n');
    continue;
  }
  const { forward: fwd, ctx, x, labels, dispose } = supernetRig(name, 'soft', batch);
  const times = { simd: { forward: [] as number[], w: [] as number[], theta: [] as number[] }, fma: { forward: [] as number[], w: [] as number[], theta: [] as number[] } };
  try {
    for (let r = 0; r < rounds; r++) {
      for (const v of ['simd', 'fma'] as const) {
        runKernelsFrom(builds[v]);
        for (let k = 0; k < 2; k++) {
          const forward = msOf(fwd);
          const w = msOf(() => void trainStep(ctx, 'w', { x, labels }));
          const theta = msOf(() => void trainStep(ctx, 'arch', { x, labels }));
          if (r === 0) continue;
          times[v].forward.push(forward);
          times[v].w.push(w);
          times[v].theta.push(theta);
        }
      }
    }
  } finally {
    runKernelsFrom(null);
    dispose();
  }
  const med = (v: 'simd' | 'fma'): { forwardMs: number; wStepMs: number; thetaStepMs: number } => ({ forwardMs: r1(median(times[v].forward)), wStepMs: r1(median(times[v].w)), thetaStepMs: r1(median(times[v].theta)) });
  const [p, f] = [med('simd'), med('fma')];
  const speedup = { forward: +(p.forwardMs / f.forwardMs).toFixed(3), w: +(p.wStepMs / f.wStepMs).toFixed(3), theta: +(p.thetaStepMs / f.thetaStepMs).toFixed(3) };
  process.stdout.write(JSON.stringify({ bench: 'kernel-ab', space: name, batch, rounds, timedPerBuild: 2 * (rounds - 1), plain: p, fused: f, speedup }) + '\n');
}
