// The FBNet stochastic supernet: stem -> one MixedLayer per searchable layer -> head.
//   forward(x, mixes, training) -> { logits [N, classes], cost [rows] = fixed + Σ_l m_l · cost_l }
//   variables()   every variable with a stable logical name and its group:
//                   'w'     trainable weights ("stem.conv.kernel", "layers.3.ir_k3_e6.pw.kernel")
//                   'stat'  BN moving statistics (saved, never optimised)
//                 (architecture parameters belong to the method's policy, not to the supernet)
//   state()/loadState()  all of them as named Float32Arrays (checkpoints, weights files)
// Initial weights depend only on the seed and the spec (one derived Rng stream per part).
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '../core/rng.js';
import type { CostTable } from '../latency/table.js';
import { Head, Stem } from '../ops/blocks/stem-head.js';
import { BLOCKS } from '../ops/register-all.js';
import { loadVarState, varState } from './var-state.js';
import type { NamedArray } from '../arch/weights-file.js';
import { type BlockSource, MixedLayer } from './mixed-layer.js';
import type { LayerMix } from './mixing.js';
import { checkCosts, checkSpec, type SupernetSpec } from './spec.js';

import type { TrainableNet } from './net.js';
import { type PathCosts, tablePathCosts } from '../train/path-costs.js';

export type VariableGroup = 'w' | 'stat';
export interface SupernetVariable {
  name: string;
  variable: tf.Variable;
  group: VariableGroup;
}

export class Supernet implements TrainableNet {
  readonly stem: Stem;
  readonly layers: MixedLayer[];
  readonly head: Head;
  readonly fixedCost: number;
  private readonly vars: SupernetVariable[];

  constructor(readonly spec: SupernetSpec, readonly costs: CostTable, opts: { seed: number; blocks?: BlockSource; file?: string }) {
    const file = opts.file ?? spec.name;
    checkSpec(spec, file);
    checkCosts(spec, costs, file);
    const { seed } = opts;
    const s = spec.stem;
    this.stem = new Stem(s.cIn, s.cOut, s.kernel, s.stride, Rng.derived(seed, 'stem'));
    this.layers = spec.layers.map((l, i) => new MixedLayer(i, l, spec.candidates, costs.costs[i]!, opts.blocks ?? BLOCKS, seed));
    const h = spec.head;
    this.head = new Head(h.cIn, { cOut: h.cOut, norm: h.norm, relu: h.relu, dropout: h.dropout }, spec.classes, Rng.derived(seed, 'head'));
    this.fixedCost = costs.fixed;
    const group = (trainable: boolean): VariableGroup => (trainable ? 'w' : 'stat');
    this.vars = [
      ...this.stem.store.all().map((v) => ({ name: `stem.${v.name}`, variable: v.variable, group: group(v.trainable) })),
      ...this.layers.flatMap((l) =>
        l.blocks.flatMap((b, i) => b.store.all().map((v) => ({ name: `layers.${l.index}.${spec.candidates[i]}.${v.name}`, variable: v.variable, group: group(v.trainable) }))),
      ),
      ...this.head.store.all().map((v) => ({ name: `head.${v.name}`, variable: v.variable, group: group(v.trainable) })),
    ];
  }

  get classes(): number {
    return this.spec.classes;
  }

  get pathCosts(): PathCosts {
    return tablePathCosts(this.costs);
  }

  forward(x: tf.Tensor4D, mixes: readonly LayerMix[], training: boolean): { logits: tf.Tensor2D; cost: tf.Tensor1D } {
    let y = this.stem.apply(x, training);
    let cost: tf.Tensor = tf.scalar(this.fixedCost);
    this.layers.forEach((layer, l) => {
      const mix = mixes[l]!;
      y = layer.apply(y, mix, training);
      cost = tf.add(cost, layer.cost(mix));
    });
    return { logits: this.head.apply(y, training), cost: cost as tf.Tensor1D };
  }

  variables(group?: VariableGroup): SupernetVariable[] {
    return group ? this.vars.filter((v) => v.group === group) : [...this.vars];
  }

  /** The head's dropout seed advances once per training forward: part of a resumable state. */
  get dropoutSeed(): number {
    return this.head.dropoutSeed;
  }
  set dropoutSeed(v: number) {
    this.head.dropoutSeed = v;
  }

  state(groups: VariableGroup[] = ['w', 'stat']): NamedArray[] {
    return varState(this.vars, groups);
  }

  /** Loads every variable of `groups`; checks all names and shapes first, so a bad file changes nothing. */
  loadState(arrays: NamedArray[], file: string, groups: VariableGroup[] = ['w', 'stat']): void {
    loadVarState(this.vars, arrays, file, `supernet ${this.spec.name}`, groups);
  }

  dispose(): void {
    this.stem.dispose();
    this.layers.forEach((l) => l.dispose());
    this.head.dispose();
  }
}
