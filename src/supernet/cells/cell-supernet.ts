// The DARTS cell supernet (quark0/darts model_search.py Network), NHWC:
//   stem      3x3 conv + BN (no ReLU: every cell preprocesses with ReLU first)
//   cell i    s0, s1 = outputs of the cells two and one back; pre0 = factorized reduce(s0) after a
//             reduction cell, else ReLU-1x1 conv-BN; pre1 = ReLU-1x1 conv-BN(s1); node j = Σ over
//             every earlier state i of MixedEdge(state_i) (stride 2 from the inputs in a reduction
//             cell); output = concat of the intermediate nodes. Reduction cells (the space's
//             positions) double the channels.
//   head      global average pool -> dense
// mixes: one LayerMix per choice (cellChoices order: normal edges then reduce edges), each shared
// by every cell of its type, as DARTS shares α. cost = fixed + Σ_choice m · costs[choice].
// Variables: stem.*, cells.<i>.pre0|pre1.*, cells.<i>.n<j>.e<i>.<op>.*, head.*.
import * as tf from '@tensorflow/tfjs-core';
import { loadVarState, varState } from '../var-state.js';
import type { NamedArray } from '../../arch/weights-file.js';
import { CellInput } from '../../arch/cells-model.js';
import { Rng } from '../../core/rng.js';
import type { CostTable } from '../../latency/table.js';
import { Head } from '../../ops/blocks/stem-head.js';
import { BatchNorm } from '../../ops/layers/batchnorm.js';
import { Conv } from '../../ops/layers/conv.js';
import { ParamStore } from '../../ops/layers/params.js';
import type { LayerMix } from '../mixing.js';
import type { TrainableNet } from '../net.js';
import type { SupernetVariable, VariableGroup } from '../supernet.js';
import { SpecError } from '../spec.js';
import { CELL_TYPES, type CellSearchSpec, edgeStride } from './spec.js';
import { MixedEdge } from './mixed-edge.js';
import { type PathCosts, tablePathCosts } from '../../train/path-costs.js';

interface SearchCell {
  pre0: CellInput;
  pre1: CellInput;
  /** edges[j][i]: the mixed edge from state i into node j, with its choice index. */
  edges: { edge: MixedEdge; choice: number }[][];
}

export class CellSupernet implements TrainableNet {
  private readonly stemStore: ParamStore;
  private readonly stem: { conv: Conv; bn: BatchNorm };
  readonly cells: SearchCell[];
  readonly head: Head;
  private readonly vars: SupernetVariable[];
  private readonly costColumns: tf.Tensor2D[];

  constructor(readonly spec: CellSearchSpec, readonly costs: CostTable, opts: { seed: number; file?: string }) {
    const file = opts.file ?? spec.name;
    const choices = CELL_TYPES.reduce((n, t) => n + spec.edges[t].length, 0);
    if (costs.costs.length !== choices) throw new SpecError(file, '/costs', `the cell supernet has ${choices} edge choices, the cost table ${costs.costs.length} rows`);
    const { seed } = opts;
    this.stemStore = new ParamStore(Rng.derived(seed, 'stem'));
    this.stem = { conv: new Conv(this.stemStore, 'conv', spec.stem.cIn, spec.stem.cOut, 3, 1), bn: new BatchNorm(this.stemStore, 'bn', spec.stem.cOut) };
    const vars: SupernetVariable[] = [];
    const add = (prefix: string, store: ParamStore): void => {
      for (const v of store.all()) vars.push({ name: `${prefix}.${v.name}`, variable: v.variable, group: v.trainable ? 'w' : 'stat' });
    };
    add('stem', this.stemStore);
    this.cells = spec.cells.map((c) => {
      const p = `cells.${c.index}`;
      const pre0 = new CellInput(c.pre0, Rng.derived(seed, `${p}.pre0`));
      const pre1 = new CellInput(c.pre1, Rng.derived(seed, `${p}.pre1`));
      add(`${p}.pre0`, pre0.store);
      add(`${p}.pre1`, pre1.store);
      const type = c.reduction ? 'reduce' : 'normal';
      const offset = type === 'normal' ? 0 : spec.edges.normal.length;
      const edges = Array.from({ length: spec.nodes }, (_, j) =>
        spec.edges[type]
          .map((e, k) => ({ e, k }))
          .filter(({ e }) => e.node === j)
          .map(({ e, k }) => {
            const edge = new MixedEdge(`${p}.n${j}.e${e.input}`, spec.ops, c.c, edgeStride(c, e.input), seed);
            vars.push(...edge.variables());
            return { edge, choice: offset + k };
          }),
      );
      return { pre0, pre1, edges };
    });
    this.head = new Head(spec.head.cIn, { cOut: null, norm: 'bn', relu: false, dropout: spec.head.dropout }, spec.classes, Rng.derived(seed, 'head'));
    add('head', this.head.store);
    this.vars = vars;
    this.costColumns = costs.costs.map((row) => tf.keep(tf.tensor2d(row, [row.length, 1])));
  }

  forward(x: tf.Tensor4D, mixes: readonly LayerMix[], training: boolean): { logits: tf.Tensor2D; cost: tf.Tensor1D } {
    let s0 = this.stem.bn.apply(this.stem.conv.apply(x), training);
    let s1 = s0;
    for (const cell of this.cells) {
      const states = [cell.pre0.apply(s0, training), cell.pre1.apply(s1, training)];
      for (const node of cell.edges) {
        let sum: tf.Tensor4D | null = null;
        node.forEach(({ edge, choice }, i) => {
          const y = edge.apply(states[i]!, mixes[choice]!, training);
          sum = sum ? (tf.add(sum, y) as tf.Tensor4D) : y;
        });
        states.push(sum!);
      }
      [s0, s1] = [s1, tf.concat4d(states.slice(2), 3)];
    }
    let cost: tf.Tensor = tf.scalar(this.costs.fixed);
    mixes.forEach((mix, k) => (cost = tf.add(cost, tf.reshape(tf.matMul(mix.m, this.costColumns[k]!), [mix.m.shape[0]]))));
    return { logits: this.head.apply(s1, training), cost: tf.reshape(cost, [-1]) as tf.Tensor1D };
  }

  get classes(): number {
    return this.spec.classes;
  }

  get pathCosts(): PathCosts {
    return tablePathCosts(this.costs);
  }

  variables(group?: VariableGroup): SupernetVariable[] {
    return group ? this.vars.filter((v) => v.group === group) : [...this.vars];
  }

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
    loadVarState(this.vars, arrays, file, `cell supernet ${this.spec.name}`, groups);
  }

  dispose(): void {
    this.stemStore.dispose();
    for (const c of this.cells) {
      c.pre0.store.dispose();
      c.pre1.store.dispose();
      c.edges.flat().forEach((e) => e.edge.dispose());
    }
    this.head.dispose();
    this.costColumns.forEach((t) => t.dispose());
  }
}
