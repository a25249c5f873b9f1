// Inverted residual block (FBNet IRFBlock), NHWC:
//   [pw: 1x1 conv cIn -> mid (groups g) + BN + ReLU]   only when op.expandConv
//   [channel shuffle with g groups]                    only when g > 1 (FBNet shuffle_type "mid")
//   dw: k x k depthwise conv (stride) + BN + ReLU
//   pwl: 1x1 conv mid -> cOut (groups g) + BN          linear
//   + x                                                when stride 1 and cIn = cOut
//   [SE on the output]                                 when op.se (where the FBNet reference puts it)
// mid = cIn * expansion. The shuffle moves no activations: the depthwise conv and BNs are
// per-channel, so shuffling their input only relabels their parameters, and the shuffle's effect
// on which channels reach which pwl group is folded into the pwl kernel's row-to-group assignment
// (Pointwise rowGroup). Parameters of dw, dw_bn and pwl rows are indexed in pre-shuffle order.
import type * as tf from '@tensorflow/tfjs-core';
import { add } from '@tensorflow/tfjs-core';
import { type Block, type BlockInit, initRng } from '../block.js';
import { BlockError } from '../errors.js';
import { BatchNorm } from '../layers/batchnorm.js';
import { Depthwise, Pointwise } from '../layers/conv.js';
import { ParamStore } from '../layers/params.js';
import { type CanonicalIrOp, midChannels, opName, shapeProblems } from '../op.js';
import { SqueezeExcite } from './se.js';

/** Where the reference channel shuffle sends channel m: i*(C/g)+c -> c*g+i (PyTorch ChannelShuffle). */
export function shufflePosition(channels: number, groups: number): Int32Array {
  const per = channels / groups;
  return Int32Array.from({ length: channels }, (_, m) => (m % per) * groups + Math.floor(m / per));
}

/** The pwl group each pre-shuffle channel feeds: the group of the position the shuffle sends it to. */
export function shuffledRowGroups(channels: number, groups: number): Int32Array {
  const per = channels / groups;
  return shufflePosition(channels, groups).map((n) => Math.floor(n / per));
}

export class IrBlock implements Block {
  readonly name: string;
  readonly store: ParamStore;
  readonly mid: number;
  readonly residual: boolean;
  readonly pw: { conv: Pointwise; bn: BatchNorm } | null;
  readonly dw: { conv: Depthwise; bn: BatchNorm };
  readonly pwl: { conv: Pointwise; bn: BatchNorm };
  readonly se: SqueezeExcite | null;

  constructor(readonly cIn: number, readonly cOut: number, readonly stride: number, readonly op: CanonicalIrOp, init?: BlockInit) {
    const problems = shapeProblems(cIn, cOut, stride, op);
    if (problems.length) throw new BlockError(opName(op), { cIn, cOut, stride }, problems);
    this.name = opName(op);
    this.store = new ParamStore(initRng(init));
    const s = this.store;
    const g = op.groups;
    const mid = (this.mid = midChannels(cIn, op));
    this.residual = stride === 1 && cIn === cOut;
    this.pw = op.expandConv ? { conv: new Pointwise(s, 'pw', cIn, mid, g), bn: new BatchNorm(s, 'pw_bn', mid, 'relu') } : null;
    this.dw = { conv: new Depthwise(s, 'dw', mid, op.kernel, stride), bn: new BatchNorm(s, 'dw_bn', mid, 'relu') };
    const rowGroups = g > 1 ? shuffledRowGroups(mid, g) : null;
    this.pwl = { conv: new Pointwise(s, 'pwl', mid, cOut, g, 1, rowGroups), bn: new BatchNorm(s, 'pwl_bn', cOut) };
    this.se = op.se ? new SqueezeExcite(s, 'se', cOut) : null;
  }

  apply(x: tf.Tensor4D, training: boolean): tf.Tensor4D {
    let y = x;
    if (this.pw) y = this.pw.bn.apply(this.pw.conv.apply(y), training);
    y = this.dw.bn.apply(this.dw.conv.apply(y), training);
    y = this.pwl.bn.apply(this.pwl.conv.apply(y), training);
    if (this.residual) y = add(y, x);
    return this.se ? this.se.apply(y) : y;
  }

  dispose(): void {
    this.pw?.conv.dispose();
    this.pwl.conv.dispose();
    this.store.dispose();
  }
}
