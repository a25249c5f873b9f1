// The DARTS op set as registry blocks (quark0/darts operations.py, NHWC, 'same' padding), each
// built by the one block signature (cIn, cOut, stride, op, init):
//   none           zeros of the strided shape (x x 0, as DARTS' Zero); cIn = cOut
//   max/avg_pool   3x3 pooling (stride), 'same' padding, avg excluding the padding (DARTS'
//                  count_include_pad=False; primitives/pool.ts, whose gradient is right); cIn = cOut. DARTS' search-time BN after pools is the
//                  mixed op's business (the DARTS method), not the op's.
//   skip_connect   identity at stride 1; factorized reduce at stride 2
//   sep_conv_kxk   ReLU, dw k (stride), 1x1 cIn->cIn, BN, ReLU, dw k, 1x1 cIn->cOut, BN
//   dil_conv_kxk   ReLU, dw k dilation 2, 1x1 cIn->cOut, BN; at stride 2 the dilated dw runs at
//                  stride 1 and every second pixel is kept from the first (TF refuses stride and
//                  dilation together; these are the positions PyTorch's symmetric padding gives)
// Forward and export here; the gradients DARTS training needs (dilated depthwise on wasm) come
// with the DARTS method.
import * as tf from '@tensorflow/tfjs-core';
import { type Block, type BlockInit, initRng } from '../block.js';
import { BlockError } from '../errors.js';
import { BatchNorm } from '../layers/batchnorm.js';
import { Conv, Depthwise } from '../layers/conv.js';
import { avgPoolSame } from '../primitives/pool.js';
import { ParamStore } from '../layers/params.js';
import { type CanonicalDartsOp, type CanonicalOp, opName, shapeProblems } from '../op.js';

abstract class DartsBlock implements Block {
  readonly name: string;
  readonly store: ParamStore;
  constructor(readonly cIn: number, readonly cOut: number, readonly stride: number, readonly op: CanonicalOp, init?: BlockInit) {
    this.name = opName(op);
    const problems = shapeProblems(cIn, cOut, stride, op);
    if (problems.length) throw new BlockError(this.name, { cIn, cOut, stride }, problems);
    this.store = new ParamStore(initRng(init));
  }
  abstract apply(x: tf.Tensor4D, training: boolean): tf.Tensor4D;
  dispose(): void {
    this.store.dispose();
  }
}

export class NoneBlock extends DartsBlock {
  apply(x: tf.Tensor4D): tf.Tensor4D {
    // x x 0 (subsampled at stride 2), as DARTS' Zero: the zeros stay connected to x for autodiff.
    return tf.mul(this.stride === 1 ? x : tf.avgPool(x, 1, this.stride, 'valid'), 0);
  }
}

export class PoolBlock extends DartsBlock {
  apply(x: tf.Tensor4D): tf.Tensor4D {
    const op = this.op as Extract<CanonicalDartsOp, { kind: 'pool' }>;
    return op.pool === 'max' ? tf.maxPool(x, op.kernel, this.stride, 'same') : avgPoolSame(x, op.kernel, this.stride);
  }
}

/** ReLU, then two 1x1 stride-2 convs to cOut/2 — on x and on x shifted by one pixel — concatenated, BN. */
export class FactorizedReduce {
  readonly conv1: Conv;
  readonly conv2: Conv;
  readonly bn: BatchNorm;
  constructor(store: ParamStore, prefix: string, cIn: number, cOut: number) {
    this.conv1 = new Conv(store, `${prefix}conv1`, cIn, cOut / 2, 1, 2);
    this.conv2 = new Conv(store, `${prefix}conv2`, cIn, cOut / 2, 1, 2);
    this.bn = new BatchNorm(store, `${prefix}bn`, cOut);
  }
  apply(x: tf.Tensor4D, training: boolean): tf.Tensor4D {
    const r = tf.relu(x);
    // x[1:, 1:] padded back to H x W at the bottom/right: the stride-2 1x1 conv then reads the odd pixels.
    const shifted = tf.pad(tf.slice(r, [0, 1, 1, 0], [-1, -1, -1, -1]), [[0, 0], [0, 1], [0, 1], [0, 0]]) as tf.Tensor4D;
    return this.bn.apply(tf.concat4d([this.conv1.apply(r), this.conv2.apply(shifted)], 3), training);
  }
}

export class SkipConnectBlock extends DartsBlock {
  readonly reduce: FactorizedReduce | null;
  constructor(cIn: number, cOut: number, stride: number, op: CanonicalOp, init?: BlockInit) {
    super(cIn, cOut, stride, op, init);
    this.reduce = stride === 1 ? null : new FactorizedReduce(this.store, 'fr_', cIn, cOut);
  }
  apply(x: tf.Tensor4D, training: boolean): tf.Tensor4D {
    return this.reduce ? this.reduce.apply(x, training) : x;
  }
}

export class SepConvBlock extends DartsBlock {
  readonly dw1: Depthwise;
  readonly pw1: Conv;
  readonly bn1: BatchNorm;
  readonly dw2: Depthwise;
  readonly pw2: Conv;
  readonly bn2: BatchNorm;
  constructor(cIn: number, cOut: number, stride: number, op: CanonicalOp, init?: BlockInit) {
    super(cIn, cOut, stride, op, init);
    const k = (op as Extract<CanonicalDartsOp, { kind: 'sep_conv' }>).kernel;
    const s = this.store;
    this.dw1 = new Depthwise(s, 'dw1', cIn, k, stride);
    this.pw1 = new Conv(s, 'pw1', cIn, cIn, 1, 1);
    this.bn1 = new BatchNorm(s, 'bn1', cIn, 'relu');
    this.dw2 = new Depthwise(s, 'dw2', cIn, k, 1);
    this.pw2 = new Conv(s, 'pw2', cIn, cOut, 1, 1);
    this.bn2 = new BatchNorm(s, 'bn2', cOut);
  }
  apply(x: tf.Tensor4D, training: boolean): tf.Tensor4D {
    const y = this.bn1.apply(this.pw1.apply(this.dw1.apply(tf.relu(x))), training);
    return this.bn2.apply(this.pw2.apply(this.dw2.apply(y)), training);
  }
}

export class DilConvBlock extends DartsBlock {
  readonly dw: Depthwise;
  readonly pw: Conv;
  readonly bn: BatchNorm;
  constructor(cIn: number, cOut: number, stride: number, op: CanonicalOp, init?: BlockInit) {
    super(cIn, cOut, stride, op, init);
    const k = (op as Extract<CanonicalDartsOp, { kind: 'dil_conv' }>).kernel;
    this.dw = new Depthwise(this.store, 'dw', cIn, k, 1, 2);
    this.pw = new Conv(this.store, 'pw', cIn, cOut, 1, 1);
    this.bn = new BatchNorm(this.store, 'bn', cOut);
  }
  apply(x: tf.Tensor4D, training: boolean): tf.Tensor4D {
    let y = this.dw.apply(tf.relu(x));
    if (this.stride === 2) y = tf.avgPool(y, 1, 2, 'valid');
    return this.bn.apply(this.pw.apply(y), training);
  }
}
