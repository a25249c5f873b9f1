// Supernet throughput (for `npm run bench` and the measurements in configs/train-supernet.yaml):
// median milliseconds of one w step and one θ step (forward + backward + optimiser update, the
// same trainStep the search runs) of the FBNet method on random inputs, and the images/s they
// imply, for one mixing mode. Call after initBackend. No file I/O; the space comes in as a spec
// and cost table.
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '../core/rng.js';
import type { CostTable } from '../latency/table.js';
import { supernetChoices } from '../methods/choices.js';
import { fbnet } from '../methods/fbnet.js';
import { trainStep } from '../train/step.js';
import type { MixMode, NoiseScope } from './gumbel.js';
import type { SupernetSpec } from './spec.js';
import { Supernet } from './supernet.js';

export interface SupernetBench {
  bench: 'supernet';
  space: string;
  backend: string;
  mode: MixMode;
  scope: NoiseScope;
  batch: number;
  wStepMs: number;
  thetaStepMs: number;
  imagesPerSec: number;
  /** Process CPU time over wall time during the timed steps (all threads). */
  cpuShare: number;
}

const median = (v: number[]): number => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)] ?? NaN;

/** What timeSteps measured: ms of each timed w and θ step, and the process's CPU time over their wall time (all threads). */
export interface TimedSteps {
  w: number[];
  arch: number[];
  cpuShare: number;
}

/**
 * Times `iters` w steps, then `iters` θ steps, after a warm-up of alternating w and θ steps that
 * lasts at least `warmup` pairs and `warmupMs` ms: V8 compiles hot wasm and JS in the background
 * for seconds after a thread starts (a fresh worker's first steps run slower while that competes
 * for the cores), so a benchmark of steady-state training warms up by time.
 */
export function timeSteps(step: (target: 'w' | 'arch') => void, o: { iters: number; warmup: number; warmupMs: number }): TimedSteps {
  const t0 = performance.now();
  for (let k = 0; k < o.warmup || performance.now() - t0 < o.warmupMs; k++) {
    step('w');
    step('arch');
  }
  const time = (target: 'w' | 'arch'): number[] =>
    Array.from({ length: o.iters }, () => {
      const t = performance.now();
      step(target);
      return performance.now() - t;
    });
  const [c0, t1] = [process.cpuUsage(), performance.now()];
  const w = time('w');
  const arch = time('arch');
  const c = process.cpuUsage(c0);
  return { w, arch, cpuShare: (c.user + c.system) / 1000 / (performance.now() - t1) };
}

export function benchSupernet(spec: SupernetSpec, costs: CostTable, o: { mode: MixMode; scope?: NoiseScope; batch: number; iters: number; warmup?: number; warmupMs?: number; seed?: number }): SupernetBench {
  const scope = o.scope ?? 'batch';
  const net = new Supernet(spec, costs, { seed: o.seed ?? 1 });
  const method = fbnet(
    {
      schema: 'train-supernet-config/v2', method: 'fbnet', seed: o.seed ?? 1, backend: 'auto', epochs: 1, warmupEpochs: 0, alternate: 'step', batch: o.batch,
      limits: { wBatchesPerEpoch: null, thetaBatchesPerEpoch: null, valImages: null },
      gumbel: { mode: o.mode, scope, tau0: 5, decayRate: 0 }, loss: { form: 'additive', metric: costs.metric, costScale: 1, lambda: 0 },
      optimizer: { w: { lr: 1e-3, lrMin: 0, momentum: 0.9, weightDecay: 1e-4 }, theta: { lr: 1e-3, weightDecay: 0, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 } },
      eval: { mix: 'softmax' }, select: 'last', checkpoint: { dir: '', everySteps: 0 }, diagnostics: { collapseShare: 1, minThetaMove: 0 },
    },
    { net, costs, choices: supernetChoices(spec), file: 'bench' },
  );
  const optimizers = method.optimizers(net);
  const ctx = { net, method, rng: Rng.seeded(o.seed ?? 1), temperature: 5, optimizers, lr: { w: 1e-3, arch: 1e-3 } };
  const [h, w, c] = spec.input;
  const labels = Int32Array.from({ length: o.batch }, (_, i) => i % spec.classes);
  const x = tf.randomNormal([o.batch, h, w, c], 0, 1, 'float32', 7) as tf.Tensor4D;
  const step = (target: 'w' | 'arch'): void => void trainStep(ctx, target, { x, labels });
  const timed = timeSteps(step, { iters: o.iters, warmup: o.warmup ?? 1, warmupMs: o.warmupMs ?? 0 });
  const [wMs, thetaMs] = [median(timed.w), median(timed.arch)];
  x.dispose();
  optimizers.w.dispose();
  optimizers.arch?.dispose();
  method.policy.dispose();
  net.dispose();
  return { bench: 'supernet', space: spec.name, backend: tf.getBackend(), mode: o.mode, scope, batch: o.batch, wStepMs: wMs, thetaStepMs: thetaMs, imagesPerSec: (2 * o.batch) / ((wMs + thetaMs) / 1000), cpuShare: timed.cpuShare };
}
