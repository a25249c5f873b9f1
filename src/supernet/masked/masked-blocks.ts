// Masked blocks: one block per op candidate of a layer, built ONCE at the layer's largest shapes
// and run once per step whatever the number of width choices; the width distributions of the
// step arrive in a WidthContext and become masks (masks.ts):
//   ir    pw 1x1 -> BN+ReLU -> ×M_mid ; dw -> BN+ReLU -> ×M_mid ; pwl 1x1 -> BN -> ×M_out
//         [+ P(cIn = cOut)·x]  (stride 1: the narrow block has a residual only when widths match)
//         M_mid = Σ_ij g^in_i g^e_j M(round(c_in,i · e_j)): the expanded channels, masked the same way
//   skip  P(cIn = cOut)·x + (1 − P)·(proj 1x1 -> BN+ReLU -> ×M_out)   (identity only when widths match)
// Masking after BN is exact: BN is per channel, so the kept channels see the narrow network's
// values and statistics, and the masked ones are zeroed before the next conv reads them. Weight
// names are the narrow blocks' ("pw.kernel", "proj_bn.gamma"), so a narrow network's weights are
// the leading slices of these (export-slice.ts). Grouped and SE blocks are refused.
import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../../core/rng.js';
import { IrBlock } from '../../ops/blocks/ir.js';
import { BatchNorm } from '../../ops/layers/batchnorm.js';
import { Conv } from '../../ops/layers/conv.js';
import { ParamStore } from '../../ops/layers/params.js';
import { type CanonicalIrOp, type CanonicalOp, opName } from '../../ops/op.js';
import { asMap, type Dist, fitChannels, jointMask, matchProb, prefixMask } from './masks.js';

export interface WidthContext {
  cin: Dist;
  cout: Dist;
  /** Expansion choice of the layer (null: the op's own expansion). */
  expansion: Dist | null;
  /** cin and cout are the same choice (layers of one stage): their widths always match. */
  tied: boolean;
}

export interface MaskedBlock {
  readonly name: string;
  readonly store: ParamStore;
  apply(x: tf.Tensor4D, w: WidthContext, training: boolean): tf.Tensor4D;
  dispose(): void;
}

const mid = (c: number, e: number): number => Math.max(1, Math.round(c * e));

function identityWeight(w: WidthContext, stride: number): tf.Tensor4D | null {
  if (stride !== 1) return null;
  if (w.tied) return tf.ones([1, 1, 1, 1]);
  const p = matchProb(w.cin, w.cout);
  return tf.reshape(p, [p.shape[0], 1, 1, 1]);
}

export class MaskedIr implements MaskedBlock {
  readonly name: string;
  readonly block: IrBlock;
  constructor(readonly op: CanonicalIrOp, cInMax: number, readonly cOutMax: number, readonly stride: number, rng: Rng) {
    if (op.groups !== 1 || op.se) throw new RangeError(`${opName(op)}: masked width search supports ungrouped blocks without SE`);
    this.name = opName(op);
    this.block = new IrBlock(cInMax, cOutMax, stride, op, { rng });
  }
  get store(): ParamStore {
    return this.block.store;
  }
  apply(x: tf.Tensor4D, w: WidthContext, training: boolean): tf.Tensor4D {
    const b = this.block;
    const e = w.expansion ?? { g: tf.ones([1, 1]) as tf.Tensor2D, values: [this.op.expansion] };
    const mMid = asMap(jointMask(w.cin, e, mid, b.mid));
    let y = x;
    if (b.pw) y = tf.mul(b.pw.bn.apply(b.pw.conv.apply(y), training), mMid);
    y = tf.mul(b.dw.bn.apply(b.dw.conv.apply(y), training), mMid);
    y = tf.mul(b.pwl.bn.apply(b.pwl.conv.apply(y), training), asMap(prefixMask(w.cout, this.cOutMax)));
    const r = identityWeight(w, this.stride);
    return r ? tf.add(y, tf.mul(fitChannels(x, this.cOutMax), r)) : y;
  }
  dispose(): void {
    this.block.dispose();
  }
}

export class MaskedSkip implements MaskedBlock {
  readonly name = 'skip';
  readonly store: ParamStore;
  readonly proj: { conv: Conv; bn: BatchNorm };
  constructor(cInMax: number, readonly cOutMax: number, readonly stride: number, rng: Rng) {
    this.store = new ParamStore(rng);
    this.proj = { conv: new Conv(this.store, 'proj', cInMax, cOutMax, 1, stride), bn: new BatchNorm(this.store, 'proj_bn', cOutMax, 'relu') };
  }
  apply(x: tf.Tensor4D, w: WidthContext, training: boolean): tf.Tensor4D {
    if (this.stride === 1 && w.tied) return x;
    const p = tf.mul(this.proj.bn.apply(this.proj.conv.apply(x), training), asMap(prefixMask(w.cout, this.cOutMax))) as tf.Tensor4D;
    const r = identityWeight(w, this.stride);
    return r ? (tf.add(tf.mul(fitChannels(x, this.cOutMax), r), tf.mul(p, tf.sub(1, r))) as tf.Tensor4D) : p;
  }
  dispose(): void {
    this.store.dispose();
  }
}

export function maskedBlock(op: CanonicalOp, cInMax: number, cOutMax: number, stride: number, rng: Rng): MaskedBlock {
  if (op.kind === 'ir') return new MaskedIr(op, cInMax, cOutMax, stride, rng);
  if (op.kind === 'skip') return new MaskedSkip(cInMax, cOutMax, stride, rng);
  throw new RangeError(`${opName(op)}: the masked chain supernet builds ir and skip blocks`);
}
