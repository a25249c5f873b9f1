// One retrain step's gradients computed data-parallel on a GradientPool (src/train/parallel, task
// kind 'arch'): the main thread's model owns the true state; every variable goes to the workers,
// the batch is split into the pool's fixed shards (BatchNorm: ghost batches of batch/shards
// images, fixed by the shard count, never by the worker count), the shards' gradients come back
// summed in shard order and the moving statistics combined, which this thread assigns. The head's
// dropout seed advances by the shard count (worker shard s uses seed + s). The caller's optimiser
// steps on the gradients. Bit-identical for any worker count; not to the pool-less step (shards).
//   startArchPool(model, doc, o)  the pool for one architecture
//   poolGrads(pool, model, x, labels)  { grads (the caller disposes), loss (batch mean), top1, top5 (hits) }
import * as tf from '@tensorflow/tfjs-core';
import type { NasflowModel } from '../arch/model.js';
import { archVariables } from '../train/parallel/arch-task.js';
import { GradientPool, paramSource, type WorkerCount } from '../train/parallel/pool.js';
import type { Grads } from '../train/optimizers.js';
import { takeGradients } from '../train/parallel/take-gradients.js';
import type { ArchDoc } from '../types/generated.js';

export function startArchPool(model: NasflowModel, doc: ArchDoc, o: { name: string; image: [number, number, number]; labelSmoothing: number; backend: string; workers: WorkerCount; shards: number; batch: number }): Promise<GradientPool> {
  const task = { kind: 'arch' as const, doc, name: o.name, image: o.image, labelSmoothing: o.labelSmoothing };
  const [h, w, c] = o.image;
  return GradientPool.start(task, archVariables(model).map((v) => v.spec), { backend: o.backend, workers: o.workers, shards: o.shards, maxImages: o.batch, imageSize: h * w * c });
}

export function poolGrads(pool: GradientPool, model: NasflowModel, x: tf.Tensor4D, labels: Int32Array): { grads: Grads; loss: number; top1: number; top5: number } {
  const vars = archVariables(model);
  const seed = model.head.dropoutSeed;
  const r = pool.gradients(vars.map((v) => paramSource(v.variable)), x.dataSync() as Float32Array, labels, { target: 'w', temperature: 0, rng: [], dropoutSeed: seed });
  model.head.dropoutSeed = seed + r.shards.length;
  const grads: Grads = takeGradients(vars, r.values, 'w');
  const n = labels.length;
  const loss = r.numbers.reduce((a, num, s) => a + (num[0]! * r.shards[s]!.n) / n, 0);
  return { grads, loss, top1: r.numbers.reduce((a, num) => a + num[4]!, 0), top5: r.numbers.reduce((a, num) => a + num[5]!, 0) };
}
