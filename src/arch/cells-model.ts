// The cells half of the model builder: a DARTS network from a NormalizedCellsArch.
//   stem      3x3 conv + BN (no ReLU: every cell preprocesses with ReLU first, as DARTS)
//   cell i    s0, s1 = the outputs of the cells two and one back (the stem for the first);
//             pre0 = factorized reduce(s0) after a reduction cell, else ReLU-1x1 conv-BN; pre1 =
//             ReLU-1x1 conv-BN(s1); node j = edge0(state[in0]) + edge1(state[in1]), every edge a
//             registry block (C -> C, stride 2 on the cell's inputs in a reduction cell); output =
//             concat of the `concat` states along channels
//   head      global average pool -> dropout -> dense (Head with no 1x1 conv)
// Variables are named cells.<i>.pre0.*, cells.<i>.n<j>.e<k>.*. Drop-path (training only, every
// edge but an identity, per image) is DARTS' evaluation regulariser; applyTap hands the training
// loop a cell's output for the auxiliary head (src/retrain/aux-head.ts), which is not part of the model.
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '../core/rng.js';
import type { Block } from '../ops/block.js';
import { FactorizedReduce } from '../ops/blocks/darts.js';
import { Head } from '../ops/blocks/stem-head.js';
import { BatchNorm } from '../ops/layers/batchnorm.js';
import { Conv } from '../ops/layers/conv.js';
import { ParamStore } from '../ops/layers/params.js';
import { BLOCKS } from '../ops/register-all.js';
import { type ModelCore, modelCore } from './model.js';
import type { NormalizedCellsArch, Preprocess } from './normalize-cells.js';

/** ReLU -> 1x1 conv -> BN, or factorized reduce: a cell's input preprocessing. */
export class CellInput {
  readonly store: ParamStore;
  readonly conv: { conv: Conv; bn: BatchNorm } | null;
  readonly reduce: FactorizedReduce | null;
  constructor(readonly spec: Preprocess, rng: Rng) {
    this.store = new ParamStore(rng);
    this.conv = spec.kind === 'relu_conv_bn' ? { conv: new Conv(this.store, 'conv', spec.cIn, spec.cOut, 1, 1), bn: new BatchNorm(this.store, 'bn', spec.cOut) } : null;
    this.reduce = spec.kind === 'factorized_reduce' ? new FactorizedReduce(this.store, 'fr_', spec.cIn, spec.cOut) : null;
  }
  apply(x: tf.Tensor4D, training: boolean): tf.Tensor4D {
    return this.conv ? this.conv.bn.apply(this.conv.conv.apply(tf.relu(x)), training) : this.reduce!.apply(x, training);
  }
}

export interface BuiltCell {
  pre0: CellInput;
  pre1: CellInput;
  /** edges[j][k]: block and input state of edge k of node j. */
  edges: { block: Block; input: number }[][];
  concat: number[];
}

export interface CellsModel extends ModelCore {
  readonly kind: 'cells';
  readonly arch: NormalizedCellsArch;
  readonly stem: { store: ParamStore; conv: Conv; bn: BatchNorm };
  readonly cells: readonly BuiltCell[];
  /** Drop-path probability while training (DARTS' evaluation recipe; 0: off). Not part of the weights. */
  dropPath: number;
  /** apply, also returning the output of cell `cell` (the auxiliary head's input). */
  applyTap(x: tf.Tensor4D, training: boolean, cell: number): { logits: tf.Tensor2D; feature: tf.Tensor4D };
}

export function buildCellsModel(arch: NormalizedCellsArch, seed: number): CellsModel {
  const stemStore = new ParamStore(Rng.derived(seed, 'stem'));
  const stem = { store: stemStore, conv: new Conv(stemStore, 'conv', arch.stem.cIn, arch.stem.cOut, 3, 1), bn: new BatchNorm(stemStore, 'bn', arch.stem.cOut) };
  const scoped: [string, ParamStore][] = [['stem', stemStore]];
  const cells: BuiltCell[] = arch.cells.map((c) => {
    const p = `cells.${c.index}`;
    const pre0 = new CellInput(c.pre0, Rng.derived(seed, `${p}.pre0`));
    const pre1 = new CellInput(c.pre1, Rng.derived(seed, `${p}.pre1`));
    scoped.push([`${p}.pre0`, pre0.store], [`${p}.pre1`, pre1.store]);
    const edges = c.nodes.map((node) =>
      node.map((e) => {
        const name = `${p}.n${e.node}.e${e.k}`;
        const block = BLOCKS.build(e.op, c.c, c.c, e.stride, { rng: Rng.derived(seed, name) });
        scoped.push([name, block.store]);
        return { block, input: e.input };
      }),
    );
    return { pre0, pre1, edges, concat: c.concat };
  });
  const h = arch.head;
  const head = new Head(h.cIn, { cOut: null, norm: 'bn', relu: false, dropout: h.dropout }, arch.classes, Rng.derived(seed, 'head'));
  scoped.push(['head', head.store]);
  const run = (x: tf.Tensor4D, training: boolean, tap: number | null): { logits: tf.Tensor2D; feature: tf.Tensor4D | null } => {
    let s0 = stem.bn.apply(stem.conv.apply(x), training);
    let feature: tf.Tensor4D | null = null;
    let s1 = s0;
    // Drop-path masks are seeded from the head's dropout seed (resumable state) and the edge's
    // position, so a resumed run draws the same masks.
    const p = training ? model.dropPath : 0;
    // a fresh seed per training forward (the head's counter, saved with the checkpoint)
    const base = p > 0 ? head.dropoutSeed++ : 0;
    let k = 0;
    const edge = (e: { block: Block; input: number }, states: tf.Tensor4D[]): tf.Tensor4D => {
      const y = e.block.apply(states[e.input]!, training);
      const identity = e.block.op.kind === 'skip_connect' && e.block.stride === 1;
      k++;
      if (p <= 0 || identity) return y;
      const n = y.shape[0];
      const mask = tf.floor(tf.add(tf.randomUniform([n, 1, 1, 1], 0, 1, 'float32', (base * 1009 + k) % 2147483647), 1 - p));
      return tf.mul(y, tf.div(mask, 1 - p)) as tf.Tensor4D;
    };
    cells.forEach((cell, i) => {
      const states = [cell.pre0.apply(s0, training), cell.pre1.apply(s1, training)];
      for (const node of cell.edges) states.push(tf.add(edge(node[0]!, states), edge(node[1]!, states)));
      [s0, s1] = [s1, tf.concat4d(cell.concat.map((j) => states[j]!), 3)];
      if (i === tap) feature = s1;
    });
    return { logits: head.apply(s1, training), feature };
  };
  const apply = (x: tf.Tensor4D, training: boolean): tf.Tensor2D => run(x, training, null).logits;
  const applyTap = (x: tf.Tensor4D, training: boolean, cell: number): { logits: tf.Tensor2D; feature: tf.Tensor4D } => {
    const r = run(x, training, cell);
    if (!r.feature) throw new RangeError(`${arch.name}: no cell ${cell} to tap (${cells.length} cells)`);
    return { logits: r.logits, feature: r.feature };
  };
  const dispose = (): void => {
    for (const [, store] of scoped) store.dispose();
  };
  const model: CellsModel = { kind: 'cells', arch, stem, cells, dropPath: 0, applyTap, ...modelCore(arch.name, scoped, arch, head, apply, dispose) };
  return model;
}
