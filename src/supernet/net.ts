// What the method-neutral training loop, checkpoints and methods need of a supernet, whatever
// its body: the chain supernet (supernet.ts: one mixed layer per searchable layer) and the DARTS
// cell supernet (cells/cell-supernet.ts: a mixed op on every edge of every cell) both fit.
//   forward(x, mixes, training)  one LayerMix per choice (from the method's policy) -> logits and
//                                the mixes' expected cost [rows]
//   variables(group)             'w' trainable weights, 'stat' saved but never optimised
//   dropoutSeed                  advances per training forward: part of a resumable state
import type * as tf from '@tensorflow/tfjs-core';
import type { NamedArray } from '../arch/weights-file.js';
import type { CostTable } from '../latency/table.js';
import type { LayerMix } from './mixing.js';

export type VariableGroup = 'w' | 'stat';
export interface SupernetVariable {
  name: string;
  variable: tf.Variable;
  group: VariableGroup;
}

export interface SearchNet {
  readonly spec: { readonly name: string; readonly classes: number };
  readonly costs: CostTable;
  forward(x: tf.Tensor4D, mixes: LayerMix[], training: boolean): { logits: tf.Tensor2D; cost: tf.Tensor1D };
  variables(group?: VariableGroup): SupernetVariable[];
  dropoutSeed: number;
  state(groups?: VariableGroup[]): NamedArray[];
  loadState(arrays: NamedArray[], file: string, groups?: VariableGroup[]): void;
  dispose(): void;
}
