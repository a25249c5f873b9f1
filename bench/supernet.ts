// Supernet benchmark for the two workloads in bench/workloads.ts (the default fmnist-small and the
// FBNet CIFAR supernet), in the terms the PyTorch twins (bench/peers/) report, batch 64:
//   forwardMs        training-mode forward of every candidate (batch statistics), no tape (after
//                    the same warm-up as the steps)
//   wStepMs          forward + backward of all weights + SGD update (soft mixing: all candidates)
//   thetaStepMs      forward + backward to θ only + Adam update
//   ratio            wStepMs / forwardMs (the target: <= 3 on fbnet-cifar)
//   ratioPaired      the same measured in back-to-back pairs, median of the pairs (pairedStepRatio;
//                    one thread only): the robust figure on a drifting machine
//   imagesPerSec     w and θ steps alternating (FBNet's search): 2·batch / (wStep + θStep)
//   wImagesPerSec    w steps only: batch / wStep
//   cpuImagesPerSec  images per CPU-second of the whole process (all threads) over the timed soft
//                    steps: unlike wall-clock images/s, it does not depend on what else the machine
//                    runs (the most W workers can reach is W x this, with W cores free)
// Every figure is a median over `iters` timed steps after a warm-up of at least 2 w+θ pairs and 4 s.
//   hard*            the same w/θ steps with straight-through (single-path) Gumbel
//   kernels          which build of nasflow's wasm kernels ran (fma or simd: src/backend/simd/module.ts)
// Steps are the search's own trainStep (src/supernet/bench.ts), or with `workers` the data-parallel
// step (src/train/parallel: `shards` fixed shards, default max(2, workers), computed by that many
// worker threads, each with its own wasm backend). Call after initBackend.
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '../src/core/rng.js';
import { benchSupernet, timeSteps } from '../src/supernet/bench.js';
import { supernetChoices } from '../src/methods/choices.js';
import { trainStep } from '../src/train/step.js';
import { fbnet } from '../src/methods/fbnet.js';
import type { MixMode } from '../src/supernet/gumbel.js';
import { parallelTrainStep, resolveWorkers, startSupernetPool, type WorkerCount } from '../src/train/parallel/index.js';
import { type StepTiming, summarizeTimings, threadCpuMs } from '../src/train/parallel/timing.js';
import type { FbnetSupernetConfig } from '../src/types/generated.js';
import { Supernet } from '../src/supernet/supernet.js';
import { kernelVariant } from '../src/backend/simd/module.js';
import { workload, type WorkloadName } from './workloads.js';

const median = (v: number[]): number => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
type Steps = { wStepMs: number; thetaStepMs: number; imagesPerSec: number; cpuImagesPerSec: number; pool?: Record<string, number> };

// Warm-up before timing, the same for one thread and the pool: at least this many w+θ pairs and
// this long (src/supernet/bench.ts timeSteps: a fresh worker's first seconds run slower while V8
// compiles in the background).
const WARMUP_PAIRS = 2;
const WARMUP_MS = 4000;
const r1 = (n: number): number => Math.round(n * 10) / 10;

/** Wall ms of one call. */
export function msOf(f: () => void): number {
  const t0 = performance.now();
  f();
  return performance.now() - t0;
}

/** The steps' warm-up (timeSteps) for any timed call: at least WARMUP_PAIRS calls and WARMUP_MS. */
export function warmUp(f: () => void): void {
  for (let k = 0, t0 = performance.now(); k < WARMUP_PAIRS || performance.now() - t0 < WARMUP_MS; k++) f();
}

/** Median ms of the training-mode forward (no tape), warmed up like the steps: the ratio w step / forward compares two steady states. */
export function forwardMs(name: WorkloadName, batch: number, iters: number): number {
  const { forward, dispose } = supernetRig(name, 'soft', batch);
  try {
    warmUp(forward);
    return median(Array.from({ length: iters }, () => msOf(forward)));
  } finally {
    dispose();
  }
}

/**
 * w step ÷ forward measured in back-to-back pairs on one supernet (after the steps' warm-up), the
 * median of the pairs' ratios: the two figures of a pair are a second apart, so the machine's
 * drift, which moves separately timed medians by 20 % here, mostly cancels out of the ratio.
 */
export function pairedStepRatio(name: WorkloadName, batch: number, iters: number): number {
  const { forward, ctx, x, labels, dispose } = supernetRig(name, 'soft', batch);
  const step = (): void => void trainStep(ctx, 'w', { x, labels });
  try {
    warmUp(() => {
      forward();
      step();
    });
    return median(Array.from({ length: iters }, () => msOf(step) / msOf(forward)));
  } finally {
    dispose();
  }
}

/** The FBNet method's config as src/supernet/bench.ts builds it (the same steps, data-parallel here). */
export function benchConfig(mode: MixMode, batch: number, shards: number): FbnetSupernetConfig {
  return {
    schema: 'train-supernet-config/v2', method: 'fbnet', seed: 1, backend: 'auto', epochs: 1, warmupEpochs: 0, alternate: 'step', batch,
    limits: { wBatchesPerEpoch: null, thetaBatchesPerEpoch: null, valImages: null },
    gumbel: { mode, scope: 'batch', tau0: 5, decayRate: 0 }, loss: { form: 'additive', metric: 'flops', costScale: 1, lambda: 0 },
    optimizer: { w: { lr: 1e-3, lrMin: 0, momentum: 0.9, weightDecay: 1e-4 }, theta: { lr: 1e-3, weightDecay: 0, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 } },
    eval: { mix: 'softmax' }, select: 'last', parallel: { workers: 1, shards }, checkpoint: { dir: '', everySteps: 0 }, diagnostics: { collapseShare: 1, minThetaMove: 0 },
  };
}

/** The FBNet method on a workload's supernet as the benchmarks drive it: benchConfig's method, its optimisers, a step context, one random batch (seed 7) and its labels, forward() (a training-mode forward of that batch with this step's mixes, no tape, read back); dispose() frees them all. */
export function supernetRig(name: WorkloadName, mode: MixMode, batch: number, shards = 1) {
  const wl = workload(name);
  const config = benchConfig(mode, batch, shards);
  const net = new Supernet(wl.spec, wl.costs, { seed: 1 });
  const method = fbnet(config, { net, costs: wl.costs, choices: supernetChoices(wl.spec), file: 'bench' });
  const optimizers = method.optimizers(net);
  const ctx = { net, method, rng: Rng.seeded(1), temperature: 5, optimizers, lr: { w: 1e-3, arch: 1e-3 } };
  const labels = Int32Array.from({ length: batch }, (_, i) => i % wl.spec.classes);
  const x = tf.randomNormal([batch, ...wl.spec.input], 0, 1, 'float32', 7) as tf.Tensor4D;
  const forward = (): void => tf.tidy(() => void net.forward(x, method.policy.trainMixes(ctx.rng, batch, ctx.temperature), true).logits.dataSync());
  const dispose = (): void => {
    x.dispose();
    optimizers.w.dispose();
    optimizers.arch?.dispose();
    method.policy.dispose();
    net.dispose();
  };
  return { config, net, method, optimizers, ctx, x, labels, forward, dispose };
}

/** benchSupernet's figures, the steps run on a GradientPool of `workers` threads over `shards` shards. */
async function benchParallel(name: WorkloadName, mode: MixMode, o: { batch: number; iters: number; workers: number; shards: number }): Promise<Steps> {
  const wl = workload(name);
  const { config, net, method, ctx, x, labels, dispose } = supernetRig(name, mode, o.batch, o.shards);
  const pool = await startSupernetPool(net, method, { config, costs: wl.costs, file: 'bench', backend: tf.getBackend(), workers: o.workers, shards: o.shards });
  const timings: StepTiming[] = [];
  const mainMs: number[] = [];
  const mainCpuMs: number[] = [];
  try {
    const step = (target: 'w' | 'arch'): void => {
      const [t0, c0] = [performance.now(), threadCpuMs()];
      parallelTrainStep(pool, ctx, target, { x, labels });
      if (!pool.lastTiming) return;
      timings.push(pool.lastTiming);
      mainMs.push(performance.now() - t0 - pool.lastTiming.waitMs);
      mainCpuMs.push(threadCpuMs() - c0);
    };
    const timed = timeSteps(step, { iters: o.iters, warmup: WARMUP_PAIRS, warmupMs: WARMUP_MS });
    const timedSteps = 2 * o.iters;
    // Per step (medians over the timed w and θ steps): the main thread's serial work outside the wait, its CPU, and the workers' phases.
    const pool1 = { poolMainMs: r1(median(mainMs.slice(-timedSteps))), poolMainCpuMs: r1(median(mainCpuMs.slice(-timedSteps))), ...summarizeTimings(timings.slice(-timedSteps)) };
    const [wStepMs, thetaStepMs] = [median(timed.w), median(timed.arch)];
    const imagesPerSec = (2 * o.batch) / ((wStepMs + thetaStepMs) / 1000);
    return { wStepMs, thetaStepMs, imagesPerSec, cpuImagesPerSec: imagesPerSec / timed.cpuShare, pool: pool1 };
  } finally {
    await pool.close();
    dispose();
  }
}

/** The workload's line; `hard: false` skips the hard-mode steps, `forward: false` the forward timings (forwardMs, ratio, ratioPaired, forwardGflops) where only the steps' rates are wanted. */
export async function benchWorkload(name: WorkloadName, o: { batch?: number; iters?: number; hard?: boolean; forward?: boolean; workers?: WorkerCount; shards?: number } = {}): Promise<Record<string, unknown>> {
  const batch = o.batch ?? 64;
  const iters = o.iters ?? 5;
  const wl = workload(name);
  const fwd = o.forward === false ? null : forwardMs(name, batch, iters);
  const workers = o.workers === undefined ? null : resolveWorkers(o.workers);
  const shards = o.shards ?? Math.max(2, workers ?? 1);
  const single = (mode: MixMode): Steps => {
    const b = benchSupernet(wl.spec, wl.costs, { mode, batch, iters, warmup: WARMUP_PAIRS, warmupMs: WARMUP_MS });
    return { ...b, cpuImagesPerSec: b.imagesPerSec / b.cpuShare };
  };
  const steps = (mode: MixMode): Promise<Steps> => (workers === null ? Promise.resolve(single(mode)) : benchParallel(name, mode, { batch, iters, workers, shards }));
  const soft = await steps('soft');
  const hard = o.hard === false ? null : await steps('hard');
  return {
    bench: 'supernet', space: name, backend: tf.getBackend(), kernels: kernelVariant().variant, batch, workers: workers ?? 1, shards: workers === null ? 1 : shards, mflopsPerImage: +(wl.flopsPerImage / 1e6).toFixed(2),
    ...(fwd === null ? {} : { forwardMs: r1(fwd) }), wStepMs: r1(soft.wStepMs), thetaStepMs: r1(soft.thetaStepMs),
    ...(fwd === null ? {} : { ratio: +(soft.wStepMs / fwd).toFixed(2) }),
    ...(fwd !== null && workers === null ? { ratioPaired: +pairedStepRatio(name, batch, iters).toFixed(2) } : {}),
    imagesPerSec: r1(soft.imagesPerSec), cpuImagesPerSec: r1(soft.cpuImagesPerSec), wImagesPerSec: r1((1000 * batch) / soft.wStepMs),
    ...(fwd === null ? {} : { forwardGflops: +((wl.flopsPerImage * batch) / (fwd * 1e6)).toFixed(2) }),
    ...(soft.pool ?? {}),
    ...(hard ? { hardWStepMs: r1(hard.wStepMs), hardThetaStepMs: r1(hard.thetaStepMs), hardImagesPerSec: r1(hard.imagesPerSec) } : {}),
    iters,
  };
}
