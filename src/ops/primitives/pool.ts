// Contract: k x k average pooling with 'same' padding that EXCLUDES the padding from each window's
// count (PyTorch's count_include_pad=False, DARTS' avg_pool_3x3), with a correct gradient.
// tf.avgPool(.., 'same') computes that forward, but TF.js 4.22's AvgPoolGrad (cpu and wasm)
// divides by k·k everywhere, as if the padding counted: border gradients are too small (a 3x3
// corner pixel gets 4/9 instead of 1/4 + 1/6 + 1/6 + 1/9). Here: the stock forward, and a custom
// gradient that scales dy by k·k / count per output pixel before the stock AvgPoolGrad.
import * as tf from '@tensorflow/tfjs-core';

const scales = new Map<string, tf.Tensor4D>();

function padding(size: number, k: number, s: number): [number, number, number] {
  const out = Math.ceil(size / s);
  const total = Math.max((out - 1) * s + k - size, 0);
  return [Math.floor(total / 2), total - Math.floor(total / 2), out];
}

/** k·k / (in-bounds pixels of each output's window), [1, OH, OW, 1]; cached per shape, kept. */
function scaleMap(h: number, w: number, k: number, s: number): tf.Tensor4D {
  const key = `${h}x${w}/${k}/${s}`;
  let t = scales.get(key);
  if (t) return t;
  const [top, , oh] = padding(h, k, s);
  const [left, , ow] = padding(w, k, s);
  const v = new Float32Array(oh * ow);
  for (let i = 0; i < oh; i++) {
    for (let j = 0; j < ow; j++) {
      const rows = Math.min(h, i * s - top + k) - Math.max(0, i * s - top);
      const cols = Math.min(w, j * s - left + k) - Math.max(0, j * s - left);
      v[i * ow + j] = (k * k) / (rows * cols);
    }
  }
  t = tf.keep(tf.tensor4d(v, [1, oh, ow, 1]));
  scales.set(key, t);
  return t;
}

export function avgPoolSame(x: tf.Tensor4D, k: number, stride: number): tf.Tensor4D {
  const [, h, w] = x.shape;
  const scale = scaleMap(h, w, k, stride);
  // The stock 'same' forward (already padding-excluded); the backward rescales dy by k·k / count
  // before the stock AvgPoolGrad (which divides by k·k), giving Σ dy / count per window. One kernel
  // forward, two backward: no padded copy of x forward and no slice of its gradient backward.
  const f = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [xi, save] = args as [tf.Tensor4D, tf.GradSaveFunc];
    save([xi]);
    return {
      value: tf.avgPool(xi, k, stride, 'same'),
      gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) =>
        tf.engine().runKernel('AvgPoolGrad', { dy: tf.mul(dy as tf.Tensor4D, scale), input: saved[0]! }, { filterSize: k, strides: stride, pad: 'same' } as never) as tf.Tensor4D,
    };
  });
  return f(x) as tf.Tensor4D;
}
