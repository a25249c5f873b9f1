// Effective-shape cost (FBNetV2 eq. 5–10): expected FLOPs of a masked chain supernet from the
// effective widths C̄ = Σ g_i·c_i and effective pixel counts P̄ = Σ_r g_r·h_r·w_r, differentiable
// in every g. Per layer and op candidate, FLOPs = 2 × multiply-adds as src/ops/cost.ts counts them:
//   ir    pw 2·C̄in·M̄·P̄in (when it has an expand conv) + dw 2·k²·M̄·P̄out + pwl 2·M̄·C̄out·P̄out
//         M̄ = Σ_ij g^in_i g^e_j round(c_i·e_j), the expected mid width (the sum of its mask)
//   skip  (1 − P(cIn = cOut))·2·C̄in·C̄out·P̄out   (a projection only when widths differ or stride 2)
// and a layer's cost is Σ_op m_op·FLOPs_op. Products of effective factors, as in the paper (not
// the expectation of the products). Values in MFLOPs per image, [rows].
import * as tf from '@tensorflow/tfjs-core';
import type { CanonicalOp } from '../../ops/op.js';
import { type Dist, effective, jointMask, matchProb } from './masks.js';

export interface EffectiveShape {
  cin: Dist;
  cout: Dist;
  expansion: Dist | null;
  tied: boolean;
  stride: number;
  /** Effective input / output pixels per image [rows]. */
  pixIn: tf.Tensor1D;
  pixOut: tf.Tensor1D;
}

const M = 1e-6;

export function opFlops(op: CanonicalOp, s: EffectiveShape): tf.Tensor1D {
  const cin = effective(s.cin);
  const cout = effective(s.cout);
  if (op.kind === 'skip') {
    if (s.stride === 1 && s.tied) return tf.zeros([1]);
    const proj = tf.mul(tf.mul(tf.mul(cin, cout), s.pixOut), 2 * M);
    return (s.stride === 1 ? tf.mul(proj, tf.sub(1, matchProb(s.cin, s.cout))) : proj) as tf.Tensor1D;
  }
  if (op.kind !== 'ir') throw new RangeError(`effective cost: no rule for op kind ${op.kind}`);
  const e = s.expansion ?? { g: tf.ones([1, 1]) as tf.Tensor2D, values: [op.expansion] };
  const maxMid = Math.max(...s.cin.values.flatMap((c) => e.values.map((x) => Math.max(1, Math.round(c * x)))));
  const mid = tf.sum(jointMask(s.cin, e, (c, x) => Math.max(1, Math.round(c * x)), maxMid), 1);
  let f = tf.add(tf.mul(tf.mul(mid, s.pixOut), op.kernel * op.kernel), tf.mul(tf.mul(mid, cout), s.pixOut));
  if (op.expandConv) f = tf.add(f, tf.mul(tf.mul(cin, mid), s.pixIn));
  return tf.mul(f, 2 * M) as tf.Tensor1D;
}

/** Σ_op m_op·FLOPs_op over a layer's candidates (m [rows, K]; fixed op: m = [[1]]). */
export function layerFlops(ops: readonly CanonicalOp[], m: tf.Tensor2D, s: EffectiveShape): tf.Tensor1D {
  const per = tf.stack(ops.map((op) => tf.broadcastTo(opFlops(op, s), [Math.max(m.shape[0], rowsOf(s))])), 1) as tf.Tensor2D;
  return tf.sum(tf.mul(per, m), 1) as tf.Tensor1D;
}

function rowsOf(s: EffectiveShape): number {
  return Math.max(s.cin.g.shape[0], s.cout.g.shape[0], s.expansion?.g.shape[0] ?? 1, s.pixIn.shape[0], s.pixOut.shape[0]);
}

/** Effective pixels of a layer: g_res [rows, R] · pixels per resolution. */
export function effectivePixels(gRes: tf.Tensor2D, pixels: readonly number[]): tf.Tensor1D {
  return tf.reshape(tf.matMul(gRes, tf.tensor2d([...pixels], [pixels.length, 1])), [-1]);
}
