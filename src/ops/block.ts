// The contract every registry block meets. A block is built from ONE signature
//   (cIn, cOut, stride, op, init?) => Block
// where op is the block's structured attributes (src/ops/op.ts) and init only seeds the initial
// weights. A block owns its variables (in `store`, under logical names such as "pw.kernel",
// "dw_bn.moving_mean") and computes NHWC -> NHWC with apply(x, training): BatchNorm uses batch
// statistics and updates its moving averages when training, and the moving averages otherwise.
// apply() does not tidy: callers run it inside their own tf.tidy / tf.variableGrads.
import type * as tf from '@tensorflow/tfjs-core';
import { Rng } from '../core/rng.js';
import type { CanonicalOp } from './op.js';
import type { ParamStore } from './layers/params.js';

export interface Block {
  /** Derived from op (opName), e.g. "ir_k5_e6_g2_se". */
  readonly name: string;
  readonly op: CanonicalOp;
  readonly cIn: number;
  readonly cOut: number;
  readonly stride: number;
  readonly store: ParamStore;
  apply(x: tf.Tensor4D, training: boolean): tf.Tensor4D;
  dispose(): void;
}

/** Seeds a block's initial weights: an explicit Rng stream, or a seed (default 0). */
export interface BlockInit {
  rng?: Rng;
  seed?: number;
}

export type BlockCtor = (cIn: number, cOut: number, stride: number, op: CanonicalOp, init?: BlockInit) => Block;

export function initRng(init: BlockInit | undefined): Rng {
  return init?.rng ?? Rng.seeded(init?.seed ?? 0);
}
