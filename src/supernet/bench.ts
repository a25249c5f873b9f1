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
}

const median = (v: number[]): number => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)] ?? NaN;

export function benchSupernet(spec: SupernetSpec, costs: CostTable, o: { mode: MixMode; scope?: NoiseScope; batch: number; iters: number; warmup?: number; seed?: number }): SupernetBench {
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
  const time = (target: 'w' | 'arch'): number[] =>
    Array.from({ length: (o.warmup ?? 1) + o.iters }, () => {
      const t0 = performance.now();
      trainStep(ctx, target, { x, labels });
      return performance.now() - t0;
    }).slice(o.warmup ?? 1);
  const wMs = median(time('w'));
  const thetaMs = median(time('arch'));
  x.dispose();
  optimizers.w.dispose();
  optimizers.arch?.dispose();
  method.policy.dispose();
  net.dispose();
  return { bench: 'supernet', space: spec.name, backend: tf.getBackend(), mode: o.mode, scope, batch: o.batch, wStepMs: wMs, thetaStepMs: thetaMs, imagesPerSec: (2 * o.batch) / ((wMs + thetaMs) / 1000) };
}
