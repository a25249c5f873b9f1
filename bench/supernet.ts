// The FBNet CIFAR supernet benchmark, defined to compare with the PyTorch reference: input
// 32x32x3, batch 64, 10 classes, stem 3x3 3→16 stride 2, the 22-layer plan (spaces/fbnet-cifar.json),
// all 9 candidates computed every step in their reference form (expansion-1 blocks keep the 1x1
// expand conv, as the reference IRFBlock does) and mixed by Gumbel-softmax weights, head 1x1
// 352→1504 (bias) + pool + dense. 72.96 MFLOP per image forward (conv/dense multiply-adds x2).
// Reports forward ms (training-mode forward), train-step ms (forward + backward + SGD update of all
// weights), images/s and achieved GFLOP/s of the forward, and the hard (single-path) mode's step.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { fbnetCifarCandidates, supernetFlops } from '../src/arch/fbnet-cifar-plan.js';
import { initBackend } from '../src/backend/index.js';
import { Rng } from '../src/core/rng.js';
import type { CostTable } from '../src/latency/table.js';
import { blockCost } from '../src/ops/cost.js';
import { opName } from '../src/ops/op.js';
import { lutGrid } from '../src/spaces/grid.js';
import { normalizeSpace } from '../src/spaces/normalize.js';
import { benchSupernet } from '../src/supernet/bench.js';
import { supernetChoices } from '../src/methods/choices.js';
import { GumbelPolicy } from '../src/methods/policies/gumbel.js';
import { specFromSpace } from '../src/supernet/spec.js';
import { Supernet } from '../src/supernet/supernet.js';
import type { SearchSpace } from '../src/types/generated.js';

const median = (v: number[]): number => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;

export async function benchFbnetCifar(backend: string, batch: number, iters: number): Promise<Record<string, unknown>> {
  await initBackend(backend, () => {});
  const ops = fbnetCifarCandidates('reference');
  const doc = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'spaces', 'fbnet-cifar.json'), 'utf8')) as SearchSpace;
  // The reference candidate set (expansion-1 blocks with their expand conv), over the space's skeleton.
  const space = normalizeSpace({ ...doc, ops: ops.map(opName) as SearchSpace['ops'] }, 'spaces/fbnet-cifar.json');
  const grid = lutGrid(space);
  const spec = specFromSpace(grid, 'spaces/fbnet-cifar.json');
  // FLOPs as the cost term: the benchmark needs no measured LUT.
  const costs: CostTable = {
    metric: 'flops', unit: 'FLOPs per image', candidates: spec.candidates, layerCandidates: grid.layers.map(() => spec.candidates), uniform: true, fixed: 0,
    costs: grid.layers.map((l) => ops.map((op) => blockCost(l.cIn, l.cOut, l.stride, op, l.inHW[0], l.inHW[1]).flops)),
  };
  const flops = supernetFlops(ops).total;
  const net = new Supernet(spec, costs, { seed: 1 });
  const x = tf.randomNormal([batch, ...spec.input], 0, 1, 'float32', 3) as tf.Tensor4D;
  const rng = Rng.seeded(5);
  const policy = new GumbelPolicy(supernetChoices(spec), { mode: 'soft', scope: 'batch', evalMix: 'softmax' });
  const forwardOnce = (): number => {
    const t0 = performance.now();
    const y = tf.tidy(() => net.forward(x, policy.trainMixes(rng, batch, 5), true).logits);
    y.dataSync();
    const ms = performance.now() - t0;
    y.dispose();
    return ms;
  };
  forwardOnce();
  const forwardMs = median(Array.from({ length: iters }, forwardOnce));
  x.dispose();
  policy.dispose();
  net.dispose();
  const soft = benchSupernet(spec, costs, { mode: 'soft', batch, iters, warmup: 1 });
  const hard = benchSupernet(spec, costs, { mode: 'hard', batch, iters, warmup: 1 });
  return {
    bench: 'fbnet_cifar_supernet', backend: tf.getBackend(), batch, mflopsPerImage: +(flops / 1e6).toFixed(2),
    forwardMs: +forwardMs.toFixed(1), trainStepMs: +soft.wStepMs.toFixed(1), ratio: +(soft.wStepMs / forwardMs).toFixed(2),
    imagesPerSec: +((1000 * batch) / soft.wStepMs).toFixed(1), forwardGflops: +((flops * batch) / (forwardMs * 1e6)).toFixed(2),
    thetaStepMs: +soft.thetaStepMs.toFixed(1), hardTrainStepMs: +hard.wStepMs.toFixed(1), hardImagesPerSec: +((1000 * batch) / hard.wStepMs).toFixed(1), iters,
  };
}
