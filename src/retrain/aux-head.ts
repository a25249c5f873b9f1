// DARTS' auxiliary head (quark0/darts model.py AuxiliaryHeadCIFAR), a training-only classifier on
// the output of the cell at 2/3 of the depth whose cross-entropy is added to the loss with a
// weight (the paper: 0.4): ReLU -> 5x5 average pool, stride 3 ('valid'; skipped on a map under
// 5x5) -> 1x1 conv to 128 + BN + ReLU -> global average pool -> dense. (The paper's 2x2 conv to 768
// fits CIFAR's 8x8 map only; a global pool fits any size.) It belongs to the training run, not to
// the architecture: its weights live in the retrain checkpoint and never in weights.bin or the
// exported model.
import * as tf from '@tensorflow/tfjs-core';
import type { NamedArray } from '../arch/weights-file.js';
import { Rng } from '../core/rng.js';
import { Head } from '../ops/blocks/stem-head.js';

export const AUX_PREFIX = 'aux.';

/** The cell whose output feeds the auxiliary head: DARTS' 2 * cells // 3. */
export const auxCell = (cells: number): number => Math.floor((2 * cells) / 3);

export class AuxHead {
  readonly head: Head;
  constructor(cIn: number, classes: number, seed: number) {
    this.head = new Head(cIn, { cOut: 128, norm: 'bn', relu: true, dropout: 0 }, classes, Rng.derived(seed, 'retrain/aux-head'));
  }

  apply(x: tf.Tensor4D, training: boolean): tf.Tensor2D {
    let y = tf.relu(x);
    if (y.shape[1] >= 5 && y.shape[2] >= 5) y = tf.avgPool(y, 5, 3, 'valid');
    return this.head.apply(y, training);
  }

  trainable(): { name: string; variable: tf.Variable }[] {
    return this.head.store.all().filter((v) => v.trainable).map((v) => ({ name: `${AUX_PREFIX}${v.name}`, variable: v.variable }));
  }

  state(): NamedArray[] {
    return this.head.store.all().map((v) => ({ name: `${AUX_PREFIX}${v.name}`, shape: [...v.variable.shape], trainable: v.trainable, data: (v.variable.dataSync() as Float32Array).slice() }));
  }

  load(arrays: NamedArray[]): void {
    const byName = new Map(arrays.map((a) => [a.name, a]));
    for (const v of this.head.store.all()) {
      const a = byName.get(`${AUX_PREFIX}${v.name}`);
      if (!a) throw new RangeError(`auxiliary head: checkpoint lacks ${AUX_PREFIX}${v.name}`);
      const t = tf.tensor(a.data, a.shape, 'float32');
      v.variable.assign(t);
      t.dispose();
    }
  }

  dispose(): void {
    this.head.dispose();
  }
}
