// `npm run bench:kernels` (not a test): nasflow's wasm kernels against the stock tfjs-backend-wasm
// ones they replace, on the default supernet's shapes, one line per shape: ms per call (mean of
// --iters calls after one warm-up; kernels run synchronously, so wall time is their time), GFLOP/s,
// and the largest |difference| of the outputs (same inputs).
//   DepthwiseConv2dNative  multiplier 1: nasflow's dwForward vs XNNPACK's
//   Conv2D, Conv2DBackpropInput  1x1 stride 1: nasflow's gemm vs XNNPACK's convolution, and vs
//              tfjs-wasm's own input gradient (1-2 GFLOP/s; nasflow's earlier override, an XNNPACK
//              convolution with the flipped filter, ran at 19-24 GFLOP/s on these shapes)
// Run: npx tsx bench/kernels.ts [--iters N]
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { iters: { type: 'string', default: '20' } } });
const iters = Math.max(1, Number(values.iters));
// Captured before initBackend replaces them with nasflow's.
const NAMES = ['DepthwiseConv2dNative', 'Conv2D', 'Conv2DBackpropInput'] as const;
const grab = (): Map<string, tf.KernelConfig> => new Map(NAMES.map((n) => [n, { ...tf.getKernel(n, 'wasm')! }]));
const stock = grab();
const { initBackend } = await import('../src/backend/index.js');
await initBackend('wasm', () => {});
const ours = grab();
const use = (set: Map<string, tf.KernelConfig>): void => {
  for (const k of set.values()) {
    tf.unregisterKernel(k.kernelName, k.backendName);
    tf.registerKernel(k);
  }
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
/** Times run() with the stock kernels, then with nasflow's, and prints one JSON line. */
function compare(kernel: string, shape: Record<string, unknown>, gflop: number, run: () => tf.Tensor): void {
  use(stock);
  const stockMs = time(() => tf.dispose(run()));
  const ys = run();
  use(ours);
  const oursMs = time(() => tf.dispose(run()));
  const yo = run();
  const diff = tf.tidy(() => tf.max(tf.abs(tf.sub(ys, yo))).dataSync()[0]!);
  const gfs = (ms: number): number => +(gflop / (ms / 1000)).toFixed(1);
  process.stdout.write(JSON.stringify({ bench: 'kernel', kernel, ...shape, stockMs: +stockMs.toFixed(3), stockGflops: gfs(stockMs), nasflowMs: +oursMs.toFixed(3), nasflowGflops: gfs(oursMs), speedup: +(stockMs / oursMs).toFixed(2), maxAbsDiff: diff }) + '\n');
  tf.dispose([ys, yo]);
}

for (const [N, H, W, C, K, s] of DEPTHWISE) {
  const x = tf.randomNormal([N, H, W, C], 0, 1, 'float32', 1) as tf.Tensor4D;
  const w = tf.randomNormal([K, K, C, 1], 0, 1, 'float32', 2) as tf.Tensor4D;
  compare('DepthwiseConv2dNative', { shape: [N, H, W, C], k: K, stride: s }, (2 * N * Math.ceil(H / s) * Math.ceil(W / s) * C * K * K) / 1e9, () => tf.depthwiseConv2d(x, w, s, 'same'));
  tf.dispose([x, w]);
}

// [N, H, W, CI, CO]: the default supernet's 1x1 expansions and projections, then FBNet CIFAR's
// late layers (few pixels, large filters).
const POINTWISE: [number, number, number, number, number][] = [
  [64, 14, 14, 16, 96], [64, 14, 14, 96, 16], [64, 14, 14, 16, 48], [64, 7, 7, 24, 144], [64, 7, 7, 144, 24], [64, 4, 4, 32, 192], [64, 4, 4, 192, 32], [64, 4, 4, 64, 256],
  [64, 1, 1, 184, 1104], [64, 1, 1, 1104, 184], [64, 2, 2, 112, 672], [64, 2, 2, 672, 112],
];
for (const [N, H, W, CI, CO] of POINTWISE) {
  const x = tf.randomNormal([N, H, W, CI], 0, 1, 'float32', 1) as tf.Tensor4D;
  const dy = tf.randomNormal([N, H, W, CO], 0, 1, 'float32', 3) as tf.Tensor4D;
  const w = tf.randomNormal([1, 1, CI, CO], 0, 1, 'float32', 2) as tf.Tensor4D;
  const gflop = (2 * N * H * W * CI * CO) / 1e9;
  compare('Conv2D', { shape: [N, H, W, CI], co: CO }, gflop, () => tf.conv2d(x, w, 1, 'same'));
  compare('Conv2DBackpropInput', { shape: [N, H, W, CI], co: CO }, gflop, () => tf.conv2dTranspose(dy, w, [N, H, W, CI], 1, 'same'));
  tf.dispose([x, dy, w]);
}
