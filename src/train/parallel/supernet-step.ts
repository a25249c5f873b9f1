// The supernet's train step on a GradientPool: the drop-in for src/train/step.ts trainStep when
// training runs data-parallel. Same Gumbel draws from the same stream (so a run's noise does not
// depend on the worker count), the batch's gradients from the pool (summed over the pool's fixed
// shards), BatchNorm moving statistics from the pool's combination (shards.ts), the optimiser
// applied on this thread, the head's dropout seed advanced by the shard count.
//   BatchNorm across shards: each shard normalises with its own batch statistics — "ghost
//   batches" whose size is fixed by the shard count, never by the worker count.
// startSupernetPool builds the pool for a supernet and a strategy's mixing/loss settings.
import * as tf from '@tensorflow/tfjs-core';
import type { SearchStrategy, UpdateTarget } from '../../strategies/strategy.js';
import { sampleNetwork } from '../../supernet/gumbel.js';
import type { Supernet } from '../../supernet/supernet.js';
import type { Batch } from '../batches.js';
import type { StepNumbers } from '../metrics.js';
import type { StepContext } from '../step.js';
import { GradientPool, type WorkerCount } from './pool.js';
import { sampleToJson } from './task.js';

export async function startSupernetPool(net: Supernet, st: SearchStrategy, o: { seed: number; backend: string; workers: WorkerCount; shards: number; batch: number }): Promise<GradientPool> {
  const [h, w, c] = net.spec.input;
  const task = { kind: 'supernet' as const, spec: net.spec, costs: net.costs, seed: o.seed, mode: st.mode, scope: st.scope, loss: st.loss, costScale: st.costScale };
  const vars = net.variables().map((v) => ({ name: v.name, shape: [...v.variable.shape], trainable: v.group !== 'stat' }));
  return GradientPool.start(task, vars, { backend: o.backend, workers: o.workers, shards: o.shards, maxImages: o.batch, imageSize: h * w * c });
}

export function parallelTrainStep(pool: GradientPool, c: StepContext, target: UpdateTarget, batch: Batch): StepNumbers {
  const { net, strategy: st } = c;
  const n = batch.labels.length;
  const samples = sampleNetwork(net.thetaValues(), st.scope === 'batch' ? 1 : n, c.rng, st.mode);
  const all = net.variables();
  const seed = net.dropoutSeed;
  const r = pool.gradients(
    all.map((v) => v.variable.dataSync() as Float32Array),
    batch.x.dataSync() as Float32Array,
    batch.labels,
    { target, tau: c.tau, samples: samples.map(sampleToJson), dropoutSeed: seed },
  );
  net.dropoutSeed = seed + r.shards.length;
  const grads: Record<string, tf.Tensor> = {};
  all.forEach((v, i) => {
    const value = r.values[i];
    if (!value) return;
    const t = tf.tensor(value, v.variable.shape, 'float32');
    if (v.group === 'stat') {
      v.variable.assign(t);
      t.dispose();
    } else if (v.group === target) grads[v.variable.name] = t;
    else t.dispose();
  });
  if (target === 'w') c.optimizers.w.step(grads, c.lr.w);
  else c.optimizers.theta.step(grads, c.lr.theta);
  tf.dispose(Object.values(grads));
  const mean = (k: number): number => r.numbers.reduce((a, num, s) => a + (num[k]! * r.shards[s]!.n) / n, 0);
  const sum = (k: number): number => r.numbers.reduce((a, num) => a + num[k]!, 0);
  const loss = mean(0);
  if (!Number.isFinite(loss)) throw new RangeError(`${target} step: loss is ${loss} (ce ${mean(1)}, cost term ${mean(2)}, expected cost ${mean(3)}); lower the learning rate or check the cost scale`);
  return { loss, ce: mean(1), costTerm: mean(2), cost: mean(3), top1: sum(4), top5: sum(5) };
}
