// What the method-neutral training step needs of a supernet: the FBNet/SPOS mixed-op supernet
// (supernet.ts) and FBNetV2's masked supernet (masked/masked-supernet.ts) both fit.
//   forward(x, mixes, training)  one LayerMix per choice of the net, in the policy's choice order
//                                -> logits [N, classes] and the step's cost [rows]
//   variables(group)             'w' (what an optimiser updates) and 'stat' (BN moving statistics)
//   dropoutSeed                  the head's dropout seed: part of a resumable state
import type * as tf from '@tensorflow/tfjs-core';
import type { LayerMix } from './mixing.js';
import type { SupernetVariable, VariableGroup } from './supernet.js';

export interface SearchNet {
  readonly classes: number;
  forward(x: tf.Tensor4D, mixes: readonly LayerMix[], training: boolean): { logits: tf.Tensor2D; cost: tf.Tensor1D };
  variables(group?: VariableGroup): SupernetVariable[];
  dropoutSeed: number;
}
