// `npm run bench:kernels` (not a test): nasflow's wasm kernels against the stock tfjs-backend-wasm
// ones they replace, on the default supernet's shapes, one line per shape: ms per call (mean of
// --iters calls after one warm-up; kernels run synchronously, so wall time is their time), GFLOP/s,
// and the largest |difference| of the outputs (same inputs).
//   depthwise  DepthwiseConv2dNative, multiplier 1: nasflow's dwForward vs XNNPACK's
// Run: npx tsx bench/kernels.ts [--iters N]
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { iters: { type: 'string', default: '20' } } });
const iters = Math.max(1, Number(values.iters));
// Captured before initBackend replaces them with nasflow's.
const stock = { ...tf.getKernel('DepthwiseConv2dNative', 'wasm')! };
const { initBackend } = await import('../src/backend/index.js');
await initBackend('wasm', () => {});
const ours = { ...tf.getKernel('DepthwiseConv2dNative', 'wasm')! };
const use = (k: tf.KernelConfig): void => {
  tf.unregisterKernel(k.kernelName, k.backendName);
  tf.registerKernel(k);
};
const time = (f: () => void): number => {
  f();
  const t0 = performance.now();
  for (let i = 0; i < iters; i++) f();
  return (performance.now() - t0) / iters;
};

// [N, H, W, C, kernel, stride]: the default supernet's depthwise layers (and two larger maps).
const DEPTHWISE: [number, number, number, number, number, number][] = [
  [64, 14, 14, 96, 5, 1], [64, 14, 14, 96, 5, 2], [64, 14, 14, 96, 3, 1], [64, 14, 14, 96, 3, 2], [64, 14, 14, 16, 3, 1],
  [64, 7, 7, 144, 5, 1], [64, 4, 4, 192, 3, 1], [64, 4, 4, 192, 5, 1], [64, 16, 16, 96, 3, 1], [64, 8, 8, 192, 3, 1],
];
for (const [N, H, W, C, K, s] of DEPTHWISE) {
  const x = tf.randomNormal([N, H, W, C], 0, 1, 'float32', 1) as tf.Tensor4D;
  const w = tf.randomNormal([K, K, C, 1], 0, 1, 'float32', 2) as tf.Tensor4D;
  const run = (): tf.Tensor4D => tf.depthwiseConv2d(x, w, s, 'same');
  use(stock);
  const stockMs = time(() => tf.dispose(run()));
  const ys = run();
  use(ours);
  const oursMs = time(() => tf.dispose(run()));
  const yo = run();
  const diff = tf.tidy(() => tf.max(tf.abs(tf.sub(ys, yo))).dataSync()[0]!);
  const gflop = (2 * ys.size * K * K) / 1e9;
  const gfs = (ms: number): number => +(gflop / (ms / 1000)).toFixed(1);
  process.stdout.write(JSON.stringify({ bench: 'kernel', kernel: 'DepthwiseConv2dNative', shape: [N, H, W, C], k: K, stride: s, stockMs: +stockMs.toFixed(3), stockGflops: gfs(stockMs), nasflowMs: +oursMs.toFixed(3), nasflowGflops: gfs(oursMs), speedup: +(stockMs / oursMs).toFixed(2), maxAbsDiff: diff }) + '\n');
  tf.dispose([x, w, ys, yo]);
}
