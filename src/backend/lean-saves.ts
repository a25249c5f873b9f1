// Contract: useLeanSaves() changes how tfjs-core 4.22's autodiff keeps the tensors a gradient
// needs (Engine.saveTensorsForBackwardMode and customGrad's save function, both through
// Engine.clone). Stock clone() runs the Identity kernel through the engine and adds a tape node
// per saved tensor; the lean clone calls the backend's own Identity kernel function directly and
// wraps its output, with no tape node. The saved value is the same tensor data (on wasm and cpu
// Identity shares the buffer by reference count), so gradients are bit-identical.
//   Why: a train step of the FBNet CIFAR supernet saves ~5,100 tensors; each stock clone is a full
//   engine kernel call plus a tape node that every gradient pass then filters out again. Measured
//   A/B in one process (bench/supernet.ts, batch 64, wasm): FBNet CIFAR w step 985 -> 900 ms and
//   995 -> 931 ms; the default supernet's 232-239 -> 221-228 ms.
//   Higher-order autodiff (tf.grad of a gradient) needs the clone's tape node — it links a saved
//   tensor to its source — so inside a nested tape (gradient depth > 1) the stock clone runs.
//   nasflow itself never differentiates a gradient (second-order DARTS uses a finite-difference
//   Hessian-vector product, unrolled.ts).
// Engine.clone has no other caller in tfjs-core 4.22 (tf.clone runs the Identity kernel itself).
// Idempotent; per thread (each worker has its own engine). A backend without an Identity kernel
// keeps the stock clone.
import * as tf from '@tensorflow/tfjs-core';
import { enginePatched, patchEngine } from './engine-patch.js';

interface EngineLike {
  state: { gradientDepth: number };
  backendName: string;
  backend: tf.KernelBackend;
  makeTensorFromTensorInfo(info: tf.TensorInfo): tf.Tensor;
}

/** Installs the lean clone on this thread's engine (on = true) or restores the stock one. */
export function useLeanSaves(on = true): void {
  patchEngine(
    'clone',
    (stock) =>
      function leanClone(this: EngineLike, x: tf.Tensor): tf.Tensor {
        const identity = tf.getKernel('Identity', this.backendName);
        if (!identity || this.state.gradientDepth > 1) return stock.call(this, x) as tf.Tensor;
        const out = identity.kernelFunc({ inputs: { x }, backend: this.backend, attrs: {} }) as tf.TensorInfo | tf.Tensor;
        // Some backends' kernels return a finished Tensor (the engine's own runKernel allows it too).
        return out instanceof tf.Tensor ? out : this.makeTensorFromTensorInfo(out);
      },
    on,
  );
}

/** Whether this thread's engine saves tensors the lean way. */
export const leanSavesOn = (): boolean => enginePatched('clone');
