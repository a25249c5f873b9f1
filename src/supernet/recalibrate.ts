// BatchNorm recalibration (SPOS): a supernet's moving statistics mix every path that trained
// through a block, so before a path is scored its BN statistics are recomputed from scratch on a
// training subset — forwards in training mode (each BN normalises with the batch's statistics,
// as in training), while every BN on the path accumulates the EXACT cumulative mean and (biased)
// variance over all the subset's values (Σ rows·mean and Σ rows·(var + mean²) in float64; the
// official code's fix of momentum=None, which otherwise weights late batches more), and then
// replaces its moving statistics with them. BNs off the path are untouched.
import * as tf from '@tensorflow/tfjs-core';
import { type BatchNorm, setBnStatsSink } from '../ops/layers/batchnorm.js';

interface Moments {
  rows: number;
  s1: Float64Array;
  s2: Float64Array;
}

/** Runs `forward` (training mode) on every input and sets each BN it reaches to the exact moments. Returns how many BNs were set. */
export function recalibrateBn(inputs: Iterable<tf.Tensor4D>, forward: (x: tf.Tensor4D) => void): number {
  const acc = new Map<BatchNorm, Moments>();
  setBnStatsSink((bn, mean, variance, rows) => {
    const m = mean.dataSync();
    const v = variance.dataSync();
    let a = acc.get(bn);
    if (!a) acc.set(bn, (a = { rows: 0, s1: new Float64Array(bn.channels), s2: new Float64Array(bn.channels) }));
    a.rows += rows;
    for (let c = 0; c < bn.channels; c++) {
      a.s1[c] = a.s1[c]! + rows * m[c]!;
      a.s2[c] = a.s2[c]! + rows * (v[c]! + m[c]! * m[c]!);
    }
  });
  try {
    for (const x of inputs) tf.tidy(() => forward(x));
  } finally {
    setBnStatsSink(null);
  }
  for (const [bn, a] of acc) {
    const mean = Float32Array.from(a.s1, (s) => s / a.rows);
    const variance = Float32Array.from(a.s2, (s, c) => Math.max(0, s / a.rows - (a.s1[c]! / a.rows) ** 2));
    tf.tidy(() => {
      bn.movingMean.assign(tf.tensor1d(mean));
      bn.movingVar.assign(tf.tensor1d(variance));
    });
  }
  return acc.size;
}
