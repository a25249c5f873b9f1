// From a trained masked supernet to the real, narrower network of one sample (no masks): the
// architecture is freeze(space, sample) (chosen widths, expansions and input size as rows), and
// each of its variables is the leading slice of the supernet variable it came from — masks keep
// the FIRST c channels, so channel j of the narrow layer is channel j of the shared one:
//   stem.*           -> stem.*                           (fixed width)
//   blocks.<i>.<v>   -> layers.<i>.<chosen op>.<v>[:d0, :d1, …]
//   head.*           -> head.*[:…]                        (head conv / dense rows cut to the last width)
import * as tf from '@tensorflow/tfjs-core';
import type { NamedArray } from '../../arch/weights-file.js';
import type { Sample } from '../../spaces/choices.js';
import type { MaskedSupernet } from './masked-supernet.js';

/** The supernet variable a narrow chain model's variable is sliced from. */
export function sourceName(net: MaskedSupernet, sample: Sample, name: string): string {
  const m = /^blocks\.(\d+)\.(.+)$/.exec(name);
  if (!m) return name;
  const l = net.layers[Number(m[1])];
  if (!l) throw new RangeError(`${name}: the supernet has no layer ${m[1]}`);
  const op = l.ops.label === null ? l.ops.values[0]! : String(sample[l.ops.label]);
  return `layers.${l.index}.${op}.${m[2]}`;
}

/** Arrays for every variable of the narrow model (its names and shapes), sliced from the supernet. */
export function narrowWeights(net: MaskedSupernet, sample: Sample, want: readonly { name: string; shape: readonly number[]; trainable: boolean }[]): NamedArray[] {
  const byName = new Map(net.variables().map((v) => [v.name, v.variable]));
  return want.map((w) => {
    const src = sourceName(net, sample, w.name);
    const v = byName.get(src);
    if (!v) throw new RangeError(`${w.name}: no supernet variable ${src}`);
    if (v.shape.length !== w.shape.length || v.shape.some((d, i) => d < w.shape[i]!)) throw new RangeError(`${w.name}: shape [${w.shape}] is not a slice of ${src} [${v.shape}]`);
    const data = tf.tidy(() => tf.slice(v, v.shape.map(() => 0), [...w.shape]).dataSync() as Float32Array);
    return { name: w.name, shape: [...w.shape], trainable: w.trainable, data: data.slice() };
  });
}
