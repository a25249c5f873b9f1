// Benchmark (not a test): one inverted-residual block, batch 64, input 32x32x16:
// 1x1 expand 16->96 + BN + ReLU6, 3x3 depthwise + BN + ReLU, 1x1 project 96->16 + BN, residual.
// forwardMs: training-mode forward (batch statistics), no tape. trainStepMs: forward + backward
// (all weights) + SGD update. Medians over `iters` interleaved runs after `warmup` runs.
// Run: npx tsx bench/block.ts [--backend wasm|cpu] [--iters N] [--batch B] [--profile]

import * as tf from '@tensorflow/tfjs-core';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { initBackend } from '../src/backend/index.js';
import { batchNormTrain, conv2d, depthwiseConv2d } from '../src/ops/primitives/index.js';

export interface BlockBench {
  bench: 'ir_block';
  backend: string;
  batch: number;
  forwardMs: number;
  trainStepMs: number;
  ratio: number;
  imagesPerSec: number;
}

const median = (v: number[]): number => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)] ?? NaN;

function makeBlock(cIn = 16, cMid = 96) {
  const v = (shape: number[], scale: number) => tf.variable(tf.mul(tf.randomNormal(shape, 0, 1, 'float32', 7), scale));
  const ones = (c: number) => tf.variable(tf.ones([c]));
  const zeros = (c: number) => tf.variable(tf.zeros([c]));
  const p = {
    wExp: v([1, 1, cIn, cMid], Math.sqrt(2 / cIn)), g1: ones(cMid), b1: zeros(cMid),
    wDw: v([3, 3, cMid, 1], Math.sqrt(2 / 9)), g2: ones(cMid), b2: zeros(cMid),
    wProj: v([1, 1, cMid, cIn], Math.sqrt(1 / cMid)), g3: ones(cIn), b3: zeros(cIn),
  };
  const forward = (x: tf.Tensor4D): tf.Tensor4D => {
    const h1 = batchNormTrain(conv2d(x, p.wExp as tf.Tensor4D, 1, 'same'), p.g1 as tf.Tensor1D, p.b1 as tf.Tensor1D, { activation: 'relu6' }).y as tf.Tensor4D;
    const h2 = batchNormTrain(depthwiseConv2d(h1, p.wDw as tf.Tensor4D, 1, 'same'), p.g2 as tf.Tensor1D, p.b2 as tf.Tensor1D, { activation: 'relu' }).y as tf.Tensor4D;
    const h3 = batchNormTrain(conv2d(h2, p.wProj as tf.Tensor4D, 1, 'same'), p.g3 as tf.Tensor1D, p.b3 as tf.Tensor1D).y;
    return tf.add(x, h3);
  };
  return { forward, vars: Object.values(p) };
}

export async function benchBlock(backend: 'wasm' | 'cpu', iters: number, warmup = 2, batch = 64): Promise<BlockBench> {
  await initBackend(backend, () => {});
  const block = makeBlock();
  const x = tf.randomNormal([batch, 32, 32, 16], 0, 1, 'float32', 1) as tf.Tensor4D;
  const target = tf.randomNormal([batch, 32, 32, 16], 0, 1, 'float32', 2);
  const opt = tf.train.sgd(1e-3);
  const fwd = (): void => tf.tidy(() => block.forward(x)).dispose();
  const step = (): void => {
    const cost = opt.minimize(() => tf.mean(tf.squaredDifference(block.forward(x), target)) as tf.Scalar, true, block.vars);
    cost?.dispose();
  };
  const timed = async (f: () => void): Promise<number> => {
    const t0 = performance.now();
    f();
    await tf.ready(); // results are synchronous on wasm/cpu; keep the await for async backends
    return performance.now() - t0;
  };
  for (let i = 0; i < warmup; i++) {
    fwd();
    step();
  }
  // Forward and train step alternate, so both see the same machine load (other processes on a
  // shared 2-core box would otherwise skew the ratio); medians of each.
  const f: number[] = [];
  const t: number[] = [];
  for (let i = 0; i < iters; i++) {
    f.push(await timed(fwd));
    t.push(await timed(step));
  }
  const forwardMs = median(f);
  const trainStepMs = median(t);
  tf.dispose([x, target, ...block.vars]);
  opt.dispose();
  const r = (n: number) => Math.round(n * 10) / 10;
  return { bench: 'ir_block', backend, batch, forwardMs: r(forwardMs), trainStepMs: r(trainStepMs), ratio: Math.round((trainStepMs / forwardMs) * 100) / 100, imagesPerSec: r((batch * 1000) / trainStepMs) };
}

export async function profileBlock(backend: 'wasm' | 'cpu', batch = 64): Promise<void> {
  // Per-kernel totals of one train step (tf.profile), largest first.
  await initBackend(backend, () => {});
  const block = makeBlock();
  const x = tf.randomNormal([batch, 32, 32, 16]) as tf.Tensor4D;
  const opt = tf.train.sgd(1e-3);
  const step = (): void => {
    opt.minimize(() => tf.mean(tf.square(block.forward(x))) as tf.Scalar, false, block.vars);
  };
  step();
  const info = await tf.profile(step);
  const byKernel = new Map<string, number>();
  for (const k of info.kernels) byKernel.set(k.name, (byKernel.get(k.name) ?? 0) + (k.kernelTimeMs as number));
  const rows = [...byKernel].sort((a, b) => b[1] - a[1]).map(([name, ms]) => `${name.padEnd(40)} ${ms.toFixed(1)} ms`);
  process.stdout.write(rows.join('\n') + '\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const opts = { backend: { type: 'string', default: 'wasm' }, iters: { type: 'string', default: '10' }, batch: { type: 'string', default: '64' }, profile: { type: 'boolean', default: false } } as const;
  const { values } = parseArgs({ options: opts });
  const backend = values.backend === 'cpu' ? 'cpu' : 'wasm';
  const batch = Number(values.batch);
  if (values.profile) await profileBlock(backend, batch);
  else process.stdout.write(JSON.stringify(await benchBlock(backend, Number(values.iters), 2, batch)) + '\n');
}
