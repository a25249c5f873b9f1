// Contract: registerNasflowKernels() registers every kernel nasflow adds to TF.js, once per
// process/thread (idempotent). New kernels (wasm conv gradients, per-channel kernels) are
// registered unless a future tfjs-backend-wasm provides them (with the gradients of the fused
// differentiable ones, gradients.ts); the two overrides of stock wasm kernels (overrides.ts) and
// MaxPoolGrad (pool-grads.ts: the stock one is wrong at borders) replace the originals, as do
// pass-through wrappers of the stock kernels that take weights (stock-operands.ts: recording what
// XNNPACK may cache). Kernels are looked up by (name, backend) at run
// time, so registering for 'wasm' costs nothing when another backend is used.

import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { channelKernels } from './channel.js';
import { convGradKernels } from './conv-grads.js';
import { trainGradients } from './gradients.js';
import { trainKernels } from './train.js';
import { makeOverrides } from './overrides.js';
import { poolGradKernels } from './pool-grads.js';
import { trackedStockKernels } from './stock-operands.js';

let done = false;

export function registerNasflowKernels(): void {
  if (done) return;
  for (const k of [...convGradKernels, ...channelKernels, ...trainKernels]) {
    if (!tf.getKernel(k.kernelName, k.backendName)) tf.registerKernel(k);
  }
  for (const g of trainGradients) if (!tf.getGradient(g.kernelName)) tf.registerGradient(g);
  for (const k of [...makeOverrides(), ...trackedStockKernels(), ...poolGradKernels]) {
    tf.unregisterKernel(k.kernelName, k.backendName);
    tf.registerKernel(k);
  }
  done = true;
}
