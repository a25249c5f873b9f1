// Contract: registerNasflowKernels() registers every kernel nasflow adds to TF.js, once per
// process/thread (idempotent; safe to call before or after a backend is made current).
// Kernels are looked up by (name, backend) at run time, so registering for 'wasm' costs nothing
// when another backend is used.

import * as tf from '@tensorflow/tfjs-core';
import { convGradKernels } from './conv-grads.js';

let done = false;

export function registerNasflowKernels(): void {
  if (done) return;
  for (const k of convGradKernels) {
    // Never replace a kernel a future tfjs-backend-wasm provides itself.
    if (!tf.getKernel(k.kernelName, k.backendName)) tf.registerKernel(k);
  }
  done = true;
}
