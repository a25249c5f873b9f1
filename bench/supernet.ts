// Supernet benchmark for the two workloads in bench/workloads.ts (the default fmnist-small and the
// FBNet CIFAR supernet), in the terms the PyTorch twins (bench/peers/) report, batch 64:
//   forwardMs        training-mode forward of every candidate (batch statistics), no tape
//   wStepMs          forward + backward of all weights + SGD update (soft mixing: all candidates)
//   thetaStepMs      forward + backward to θ only + Adam update
//   ratio            wStepMs / forwardMs (the target: <= 3 on fbnet-cifar)
//   imagesPerSec     w and θ steps alternating (FBNet's search): 2·batch / (wStep + θStep)
//   wImagesPerSec    w steps only: batch / wStep
//   hard*            the same w/θ steps with straight-through (single-path) Gumbel
// Steps are the search's own trainStep (src/supernet/bench.ts). Call after initBackend.
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '../src/core/rng.js';
import { benchSupernet } from '../src/supernet/bench.js';
import { sampleNetwork } from '../src/supernet/gumbel.js';
import { trainMix } from '../src/supernet/mixing.js';
import { Supernet } from '../src/supernet/supernet.js';
import { workload, type WorkloadName } from './workloads.js';

const median = (v: number[]): number => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
const r1 = (n: number): number => Math.round(n * 10) / 10;

export function forwardMs(name: WorkloadName, batch: number, iters: number): number {
  const wl = workload(name);
  const net = new Supernet(wl.spec, wl.costs, { seed: 1 });
  const x = tf.randomNormal([batch, ...wl.spec.input], 0, 1, 'float32', 3) as tf.Tensor4D;
  const rng = Rng.seeded(5);
  const once = (): number => {
    const samples = sampleNetwork(net.thetaValues(), 1, rng, 'soft');
    const t0 = performance.now();
    const y = tf.tidy(() => net.forward(x, net.layers.map((l, i) => trainMix(l.theta, samples[i]!, 5, 'soft')), true).logits);
    y.dataSync();
    const ms = performance.now() - t0;
    y.dispose();
    return ms;
  };
  once();
  const ms = median(Array.from({ length: iters }, once));
  x.dispose();
  net.dispose();
  return ms;
}

export function benchWorkload(name: WorkloadName, o: { batch?: number; iters?: number; hard?: boolean } = {}): Record<string, unknown> {
  const batch = o.batch ?? 64;
  const iters = o.iters ?? 5;
  const wl = workload(name);
  const fwd = forwardMs(name, batch, iters);
  const soft = benchSupernet(wl.spec, wl.costs, { mode: 'soft', batch, iters, warmup: 1 });
  const hard = o.hard === false ? null : benchSupernet(wl.spec, wl.costs, { mode: 'hard', batch, iters, warmup: 1 });
  return {
    bench: 'supernet', space: name, backend: tf.getBackend(), batch, mflopsPerImage: +(wl.flopsPerImage / 1e6).toFixed(2),
    forwardMs: r1(fwd), wStepMs: r1(soft.wStepMs), thetaStepMs: r1(soft.thetaStepMs), ratio: +(soft.wStepMs / fwd).toFixed(2),
    imagesPerSec: r1(soft.imagesPerSec), wImagesPerSec: r1((1000 * batch) / soft.wStepMs), forwardGflops: +((wl.flopsPerImage * batch) / (fwd * 1e6)).toFixed(2),
    ...(hard ? { hardWStepMs: r1(hard.wStepMs), hardThetaStepMs: r1(hard.thetaStepMs), hardImagesPerSec: r1(hard.imagesPerSec) } : {}),
    iters,
  };
}
