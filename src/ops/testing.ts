// Helpers shared by the ops/arch tests and benchmarks (not used by stages):
//   useBackend(name)      make cpu or wasm current through the backend room; false if it cannot start
//   lossAndGrads(...)     a fixed scalar loss sum(y * r) and its gradients w.r.t. the input and every
//                         trainable variable of a ParamStore, as plain arrays (backend-independent)
//   profiledFlops(fn)     an INDEPENDENT FLOP count: 2 x multiply-adds read off the kernels TF.js
//                         actually ran (tf.profile input/output shapes of Conv2D, depthwise, matMul)
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../backend/index.js';
import type { ParamStore } from './layers/params.js';

export async function useBackend(name: 'cpu' | 'wasm'): Promise<boolean> {
  try {
    await initBackend(name, () => {});
    return tf.getBackend() === name;
  } catch {
    return false;
  }
}

export interface GradResult {
  loss: number;
  dx: Float32Array;
  grads: Map<string, Float32Array>;
}

/** loss = sum(f(x) * r); r fixes a random direction so every output element carries gradient. */
export function lossAndGrads(store: ParamStore, f: (x: tf.Tensor4D) => tf.Tensor, x: tf.Tensor4D, r: tf.Tensor): GradResult {
  const trainable = store.trainable();
  // Variables enter as explicit inputs (f still reads them by closure: the same tensors), so one
  // backward pass gives the input gradient and every weight gradient.
  const out = tf.tidy(() => {
    const g = tf.valueAndGrads((...inputs: tf.Tensor[]) => tf.sum(tf.mul(f(inputs[0] as tf.Tensor4D), r)) as tf.Scalar);
    const { value, grads } = g([x, ...trainable.map((v) => v.variable)]);
    return [value, ...grads];
  });
  const arrays = out.map((t) => t.dataSync() as Float32Array);
  tf.dispose(out);
  return { loss: arrays[0]?.[0] ?? NaN, dx: arrays[1]!, grads: new Map(trainable.map((v, i) => [v.name, arrays[i + 2]!])) };
}

export async function profiledFlops(fn: () => tf.Tensor): Promise<number> {
  const info = await tf.profile(() => fn());
  let macs = 0;
  for (const k of info.kernels) {
    const [a, b] = k.inputShapes as number[][];
    const out = (k.outputShapes as number[][])[0] ?? [];
    const outSize = out.reduce((p, q) => p * q, 1);
    if (!a || !b) continue;
    if (k.name === 'Conv2D') macs += outSize * (b[0] ?? 0) * (b[1] ?? 0) * (b[2] ?? 0);
    else if (k.name === 'DepthwiseConv2dNative') macs += outSize * (b[0] ?? 0) * (b[1] ?? 0);
    else if (k.name === 'BatchMatMul') macs += outSize * (a[a.length - 1] ?? 0);
  }
  return 2 * macs;
}
