// The DARTS cell supernet benchmark on a cells space file (default spaces/darts-fmnist.json:
// 28x28x1, 5 cells with reductions at 1 and 3, 4 nodes, 8 channels, the 8 DARTS ops on all 14
// edges per cell; the presets use spaces/darts-fmnist-small.json), softmax α. One timed iteration = one DARTS search step: an α update on a
// train_theta batch then a w update on a train_w batch (random tensors here), first order and
// second order (the unrolled α gradient: 4 extra passes). Reports ms per step and images/s, where
// a step's images are the two batches it reads, by wall time and by this process's CPU time.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../src/backend/index.js';
import { Rng } from '../src/core/rng.js';
import { darts } from '../src/methods/darts.js';
import { normalizeSpace } from '../src/spaces/normalize.js';
import { CellSupernet } from '../src/supernet/cells/cell-supernet.js';
import { analyticCellCosts, cellChoices, cellSearchSpec } from '../src/supernet/cells/spec.js';
import { trainStep } from '../src/train/step.js';
import type { SearchSpace } from '../src/types/generated.js';
import { dartsConfig } from '../tests/darts-helpers.js';

const median = (v: number[]): number => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;

export async function benchDarts(backend: string, batch: number, iters: number, space = 'darts-fmnist.json'): Promise<Record<string, unknown>[]> {
  await initBackend(backend, () => {});
  const file = join(import.meta.dirname, '..', 'spaces', space);
  const spec = cellSearchSpec(normalizeSpace(JSON.parse(readFileSync(file, 'utf8')) as SearchSpace, file), file);
  const costs = analyticCellCosts(spec, 'flops');
  const out: Record<string, unknown>[] = [];
  for (const order of ['first', 'second'] as const) {
    const net = new CellSupernet(spec, costs, { seed: 1 });
    const method = darts(dartsConfig({ order, batch }), { net, costs, choices: cellChoices(spec), file });
    const optimizers = method.optimizers(net);
    const ctx = { net, method, rng: Rng.seeded(1), temperature: 1, optimizers, lr: { w: 0.025, arch: 3e-4 } };
    const batchOf = (seed: number) => ({ x: tf.randomNormal([batch, ...spec.input], 0, 1, 'float32', seed) as tf.Tensor4D, labels: Int32Array.from({ length: batch }, (_, i) => (i * 7 + seed) % spec.classes) });
    const wBatch = batchOf(1);
    const aBatch = batchOf(2);
    const cpuMs: number[] = [];
    const step = (): number => {
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      trainStep(ctx, 'arch', aBatch, { train_w: wBatch });
      trainStep(ctx, 'w', wBatch, { train_theta: aBatch });
      const c = process.cpuUsage(c0);
      cpuMs.push((c.user + c.system) / 1000);
      return performance.now() - t0;
    };
    step();
    cpuMs.length = 0;
    const ms = median(Array.from({ length: iters }, step));
    const cpu = median(cpuMs);
    // cpuImagesPerSec: from this process's CPU time per step (one thread computes), an idle
    // machine's estimate when other jobs share the cores and stretch the wall time.
    out.push({ bench: 'darts_cell_supernet', backend: tf.getBackend(), order, space: spec.name, batch, stepMs: +ms.toFixed(1), imagesPerSec: +((1000 * 2 * batch) / ms).toFixed(1), cpuStepMs: +cpu.toFixed(1), cpuImagesPerSec: +((1000 * 2 * batch) / cpu).toFixed(1), iters });
    tf.dispose([wBatch.x, aBatch.x]);
    optimizers.w.dispose();
    optimizers.arch?.dispose();
    method.policy.dispose();
    net.dispose();
  }
  return out;
}
