// The supernet's train step on a GradientPool: the drop-in for src/train/step.ts trainStep when
// training runs data-parallel. The method's policy draws this step's mixes from the same stream
// (main and every worker start from the stream's state before the step and advance it alike, so a
// run's randomness does not depend on the worker count); the pool returns the batch's gradients
// summed over its fixed shards and the BatchNorm moving statistics combined (shards.ts); the
// target's optimiser steps on this thread; the head's dropout seed advances by the shard count.
//   BatchNorm across shards: each shard normalises with its own batch statistics — "ghost
//   batches" whose size is fixed by the shard count, never by the worker count.
// startSupernetPool builds the pool for a supernet, its method and the config that made them.
import * as tf from '@tensorflow/tfjs-core';
import type { CostTable } from '../../latency/table.js';
import type { Method, UpdateTarget } from '../../methods/method.js';
import type { Supernet } from '../../supernet/supernet.js';
import type { FbnetV3SearchConfig, TrainSupernetConfig } from '../../types/generated.js';
import type { Batch } from '../batches.js';
import type { StepNumbers } from '../metrics.js';
import type { StepContext } from '../step.js';
import { GradientPool, paramSource, type WorkerCount } from './pool.js';
import { takeGradients } from './take-gradients.js';
import { supernetVariables } from './task.js';

export interface SupernetPoolOptions {
  /** A supernet method's config (fbnet-v3 trains no supernet). */
  config: Exclude<TrainSupernetConfig, FbnetV3SearchConfig>;
  costs: CostTable;
  /** The config file, for errors. */
  file: string;
  backend: string;
  workers: WorkerCount;
  shards: number;
}

export async function startSupernetPool(net: Supernet, method: Method, o: SupernetPoolOptions): Promise<GradientPool> {
  const [h, w, c] = net.spec.input;
  const task = { kind: 'supernet' as const, spec: net.spec, costs: o.costs, config: o.config, file: o.file };
  const vars = supernetVariables(net, method.policy.parameters).map((v) => v.spec);
  return GradientPool.start(task, vars, { backend: o.backend, workers: o.workers, shards: o.shards, maxImages: o.config.batch, imageSize: h * w * c });
}

export function parallelTrainStep(pool: GradientPool, c: StepContext, target: UpdateTarget, batch: Batch): StepNumbers {
  const { net, method } = c;
  const opt = target === 'w' ? c.optimizers.w : c.optimizers.arch;
  const lr = target === 'w' ? c.lr.w : c.lr.arch;
  if (!opt || lr === null) throw new RangeError(`method ${method.name} has no ${target} optimiser in this epoch`);
  const n = batch.labels.length;
  const rng = c.rng.state();
  // Advance this thread's stream exactly as the workers do (the mixes themselves are not needed here).
  tf.tidy(() => void method.policy.trainMixes(c.rng, n, c.temperature));
  const all = supernetVariables(net, method.policy.parameters);
  const seed = net.dropoutSeed;
  const r = pool.gradients(
    all.map((v) => paramSource(v.variable)),
    batch.x.dataSync() as Float32Array,
    batch.labels,
    { target, temperature: c.temperature, rng, dropoutSeed: seed },
  );
  net.dropoutSeed = seed + r.shards.length;
  const grads = takeGradients(all, r.values, target);
  opt.step(grads, lr);
  tf.dispose(Object.values(grads));
  const mean = (k: number): number => r.numbers.reduce((a, num, s) => a + (num[k]! * r.shards[s]!.n) / n, 0);
  const sum = (k: number): number => r.numbers.reduce((a, num) => a + num[k]!, 0);
  const loss = mean(0);
  if (!Number.isFinite(loss)) throw new RangeError(`${target} step: loss is ${loss} (ce ${mean(1)}, cost term ${mean(2)}, expected cost ${mean(3)}); lower the learning rate or check the cost scale`);
  return { loss, ce: mean(1), costTerm: mean(2), cost: mean(3), top1: sum(4), top5: sum(5) };
}
