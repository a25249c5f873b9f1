// One step's mixes of a masked supernet, read by label: each op or int choice of the space has one
// LayerMix (from the masking policy, in the supernet's choice order); a fixed slot (label null)
// reads as a one-hot of its one value. Widths become distributions (masks.ts) and a layer's width
// context says which distributions feed its input, output and expansion. Callers tidy.
import * as tf from '@tensorflow/tfjs-core';
import type { Choice } from '../../spaces/choices.js';
import type { Slot } from '../../spaces/normalize.js';
import type { LayerMix } from '../mixing.js';
import type { WidthContext } from './masked-blocks.js';
import { type Dist, fixedDist } from './masks.js';

export interface WidthSlots {
  cin: Slot<number>;
  width: Slot<number>;
  expansion: Slot<number> | null;
}

export class ChoiceMixes {
  constructor(private readonly at: ReadonlyMap<string, number>, private readonly mixes: readonly LayerMix[]) {}

  /** The mix of a choice; a fixed slot of k values is [[1, …]] over its only value. */
  mix(label: string | null, k: number): LayerMix {
    if (label === null) return { m: tf.ones([1, k]) as tf.Tensor2D, active: [0] };
    const m = this.mixes[this.at.get(label) ?? -1];
    if (!m) throw new RangeError(`no mix for choice ${label}`);
    return m;
  }

  dist(s: Slot<number>): Dist {
    return s.label === null ? fixedDist(s.values[0]!) : { g: this.mix(s.label, s.values.length).m, values: s.values };
  }

  /** A layer's input width (the previous layer's output), output width and expansion, as masks read them. */
  widths(l: WidthSlots): WidthContext {
    return { cin: this.dist(l.cin), cout: this.dist(l.width), expansion: l.expansion ? this.dist(l.expansion) : null, tied: l.cin.label !== null && l.cin.label === l.width.label };
  }
}

/** Mixes of per-choice probabilities (expected cost) or of a one-hot path (path cost): every value active. */
export function probabilityMixes(choices: readonly Choice[], probs: readonly (readonly number[])[]): LayerMix[] {
  return choices.map((c, i) => {
    const p = probs[i];
    if (!p || p.length !== c.values.length) throw new RangeError(`choice ${c.label}: expects ${c.values.length} probabilities, found ${p?.length ?? 0}`);
    return { m: tf.tensor2d([...p], [1, p.length]), active: p.map((_, j) => j) };
  });
}
