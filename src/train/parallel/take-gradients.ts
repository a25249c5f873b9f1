// A pool step's summed values put back on the caller's variables: BatchNorm moving statistics
// ('stat') are assigned in place, the target group's gradients come back as tensors (the caller
// steps its optimiser and disposes them), other groups' values are not touched.
import * as tf from '@tensorflow/tfjs-core';
import type { PoolResult } from './pool.js';

export function takeGradients(vars: { group: string; variable: tf.Variable }[], values: PoolResult['values'], target: string): Record<string, tf.Tensor> {
  const grads: Record<string, tf.Tensor> = {};
  vars.forEach((v, i) => {
    const value = values[i];
    if (!value || (v.group !== 'stat' && v.group !== target)) return;
    const t = tf.tensor(value, v.variable.shape, 'float32');
    if (v.group === 'stat') {
      v.variable.assign(t);
      t.dispose();
    } else grads[v.variable.name] = t;
  });
  return grads;
}
