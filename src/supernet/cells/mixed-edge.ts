// One edge of the DARTS cell supernet — the mixed op of quark0/darts model_search.py: every op of
// the space on this edge, mixed by the LayerMix a policy gives (src/methods/policies), which also
// owns α. apply(x, mix) = Σ_{i in mix.active} m[:, i] · op_i(x), where a pool is followed by an
// affine-free BatchNorm (DARTS' search-time MixedOp), whose moving statistics are the only
// variables it saves. `none` contributes zeros and is not run (its term is 0 for any weight, so
// outputs and gradients are unchanged) unless it is the only active op.
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '../../core/rng.js';
import type { Block } from '../../ops/block.js';
import { BatchNorm } from '../../ops/layers/batchnorm.js';
import { ParamStore } from '../../ops/layers/params.js';
import { BLOCKS } from '../../ops/register-all.js';
import { catalogOp } from '../../spaces/normalize.js';
import type { LayerMix } from '../mixing.js';
import type { SupernetVariable } from '../supernet.js';

export class MixedEdge {
  readonly blocks: Block[];
  /** Per op: the affine-free BN after a pool (null for other ops). */
  readonly poolBn: (BatchNorm | null)[];
  private readonly bnStore: ParamStore;

  constructor(readonly prefix: string, readonly ops: readonly string[], c: number, stride: number, seed: number) {
    this.blocks = ops.map((name) => BLOCKS.build(catalogOp(name)!, c, c, stride, { rng: Rng.derived(seed, `${prefix}.${name}`) }));
    this.bnStore = new ParamStore(Rng.derived(seed, `${prefix}.bn`));
    this.poolBn = this.blocks.map((b, i) => (b.op.kind === 'pool' ? new BatchNorm(this.bnStore, `${ops[i]}.bn`, c) : null));
  }

  variables(): SupernetVariable[] {
    const own = this.blocks.flatMap((b, i) => b.store.all().map((v) => ({ name: `${this.prefix}.${this.ops[i]}.${v.name}`, variable: v.variable, group: v.trainable ? ('w' as const) : ('stat' as const) })));
    // Affine-free: gamma stays 1 and beta 0, so they are saved as state and never optimised.
    return [...own, ...this.bnStore.all().map((v) => ({ name: `${this.prefix}.${v.name}`, variable: v.variable, group: 'stat' as const }))];
  }

  apply(x: tf.Tensor4D, mix: LayerMix, training: boolean): tf.Tensor4D {
    const rows = mix.m.shape[0];
    const run = mix.active.length > 1 ? mix.active.filter((i) => this.blocks[i]!.op.kind !== 'none') : mix.active;
    let out: tf.Tensor4D | null = null;
    for (const i of run) {
      let y = this.blocks[i]!.apply(x, training);
      const bn = this.poolBn[i];
      if (bn) y = bn.apply(y, training);
      const term = tf.mul(y, tf.reshape(tf.slice(mix.m, [0, i], [rows, 1]), [rows, 1, 1, 1])) as tf.Tensor4D;
      out = out ? (tf.add(out, term) as tf.Tensor4D) : term;
    }
    if (!out) throw new RangeError(`${this.prefix}: no active op`);
    return out;
  }

  dispose(): void {
    this.blocks.forEach((b) => b.dispose());
    this.bnStore.dispose();
  }
}
