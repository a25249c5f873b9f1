// skip: the identity when stride 1 and cIn = cOut; otherwise a projection 1x1 conv (stride, no
// bias) + BN + ReLU. The ReLU follows the FBNet reference (its Identity uses ConvBNRelu), so a
// skip that changes shape is a small conv layer, not a linear map.
import type * as tf from '@tensorflow/tfjs-core';
import { type Block, type BlockInit, initRng } from '../block.js';
import { BatchNorm } from '../layers/batchnorm.js';
import { Conv } from '../layers/conv.js';
import { ParamStore } from '../layers/params.js';
import { type CanonicalSkipOp, shapeProblems } from '../op.js';
import { BlockError } from '../errors.js';

export class SkipBlock implements Block {
  readonly name = 'skip';
  readonly store: ParamStore;
  readonly proj: { conv: Conv; bn: BatchNorm } | null;

  constructor(readonly cIn: number, readonly cOut: number, readonly stride: number, readonly op: CanonicalSkipOp, init?: BlockInit) {
    const problems = shapeProblems(cIn, cOut, stride, op);
    if (problems.length) throw new BlockError('skip', { cIn, cOut, stride }, problems);
    this.store = new ParamStore(initRng(init));
    const identity = stride === 1 && cIn === cOut;
    this.proj = identity ? null : { conv: new Conv(this.store, 'proj', cIn, cOut, 1, stride), bn: new BatchNorm(this.store, 'proj_bn', cOut, 'relu') };
  }

  apply(x: tf.Tensor4D, training: boolean): tf.Tensor4D {
    return this.proj ? this.proj.bn.apply(this.proj.conv.apply(x), training) : x;
  }

  dispose(): void {
    this.store.dispose();
  }
}
