// Contract: gradients of nasflow's differentiable fused kernels (train.ts), registered in tfjs's
// global gradient registry (the kernels themselves exist on wasm only; elsewhere fused.ts never
// runs them). A fused backward computes every input's gradient in one kernel call, run when tfjs
// calls gradFunc — inside the backward pass's own tidy, so gradients tfjs then does not ask for
// (inputs off the path to the loss: tape pruning) are disposed with it; the per-input thunks only
// hand out the results.
//   NasflowBatchNormTrain -> NasflowBatchNormGrad (dy of the y output; mean/variance carry none)
//   NasflowMix            -> NasflowMixGrad
import * as tf from '@tensorflow/tfjs-core';
import type { GradConfig, NamedAttrMap, NamedTensorMap } from '@tensorflow/tfjs-core';

const run = (name: string, inputs: tf.Tensor[] | Record<string, tf.Tensor>, attrs: NamedAttrMap): tf.Tensor[] =>
  tf.engine().runKernel(name, inputs as unknown as NamedTensorMap, attrs) as unknown as tf.Tensor[];

const first = (dy: tf.Tensor | tf.Tensor[]): tf.Tensor => (Array.isArray(dy) ? dy[0]! : dy);

export const trainGradients: GradConfig[] = [
  {
    kernelName: 'NasflowBatchNormTrain',
    inputsToSave: ['x', 'gamma'],
    outputsToSave: [true, true, true],
    gradFunc: (dy, saved, attrs) => {
      const [x, gamma, y, mean, variance] = saved as tf.Tensor[];
      const [dx, dgamma, dbeta] = run('NasflowBatchNormGrad', { dy: first(dy), y: y!, x: x!, gamma: gamma!, mean: mean!, variance: variance! }, attrs);
      return { x: () => dx!, gamma: () => dgamma!, beta: () => dbeta! };
    },
  },
  {
    kernelName: 'NasflowMix',
    saveAllInputs: true,
    gradFunc: (dy, saved, attrs) => {
      const g = run('NasflowMixGrad', [first(dy), ...saved], attrs);
      return Object.fromEntries(g.map((t, i) => [String(i), () => t]));
    },
  },
];
