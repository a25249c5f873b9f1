// One searchable layer of the supernet — the mixed op: every candidate block of the layer and the
// candidates' costs. It knows no policy: the weights and active set come in a LayerMix, from a
// sampling/mixing policy (src/methods/policies), which also owns any architecture parameters.
//   apply(x, mix, training) = Σ_{i in mix.active} m[:, i] · block_i(x)     [N, H', W', cOut]
//   cost(mix)               = m · costs                                     [rows]
// Candidates outside mix.active have m = 0 in the forward (hard mode) and are not run at all.
// Blocks come from a BlockSource (the shipped registry, or a test registry with extra blocks).
import * as tf from '@tensorflow/tfjs-core';
import { weightedSum } from '../backend/index.js';
import { Rng } from '../core/rng.js';
import type { Block, BlockInit } from '../ops/block.js';
import type { LayerMix } from './mixing.js';

/** What the supernet needs of a block registry (BLOCKS from src/ops/register-all.ts fits). */
export interface BlockSource {
  get(name: string): { create(cIn: number, cOut: number, stride: number, init?: BlockInit): Block };
}

export class MixedLayer {
  readonly blocks: Block[];
  private readonly costColumn: tf.Tensor2D;

  constructor(
    readonly index: number,
    shape: { cIn: number; cOut: number; stride: number },
    readonly candidates: string[],
    readonly costs: number[],
    source: BlockSource,
    seed: number,
  ) {
    if (costs.length !== candidates.length) throw new RangeError(`layer ${index}: ${costs.length} costs for ${candidates.length} candidates`);
    this.blocks = candidates.map((name) => source.get(name).create(shape.cIn, shape.cOut, shape.stride, { rng: Rng.derived(seed, `layers.${index}.${name}`) }));
    this.costColumn = tf.keep(tf.tensor2d(costs, [costs.length, 1]));
  }

  apply(x: tf.Tensor4D, mix: LayerMix, training: boolean): tf.Tensor4D {
    const rows = mix.m.shape[0];
    const ys = mix.active.map((i) => this.blocks[i]!.apply(x, training));
    // One fused kernel (forward and backward) where the backend has it; the loop is the reference.
    const fused = weightedSum(ys, mix.m, mix.active);
    if (fused) return fused as tf.Tensor4D;
    let out: tf.Tensor4D | null = null;
    for (const [j, i] of mix.active.entries()) {
      const y = ys[j]!;
      const w = tf.reshape(tf.slice(mix.m, [0, i], [rows, 1]), [rows, 1, 1, 1]);
      const term = tf.mul(y, w) as tf.Tensor4D;
      out = out ? (tf.add(out, term) as tf.Tensor4D) : term;
    }
    if (!out) throw new RangeError(`layer ${this.index}: no active candidate`);
    return out;
  }

  cost(mix: LayerMix): tf.Tensor1D {
    return tf.reshape(tf.matMul(mix.m, this.costColumn), [mix.m.shape[0]]) as tf.Tensor1D;
  }

  dispose(): void {
    this.blocks.forEach((b) => b.dispose());
    this.costColumn.dispose();
  }
}
