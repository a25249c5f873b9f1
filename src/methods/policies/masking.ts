// Masking policy (FBNetV2 / DMaskingNAS): one α vector per choice of the space — op, width
// (`layers.<i>.width`, `stages.<j>.width`), expansion, `input.resolution` — and per training step
// g = GumbelSoftmax(α, τ) for each (noise drawn in JS from the checkpointed stream, per batch or
// per sample; soft, or hard = straight-through). The masked supernet (src/supernet/masked) turns
// a width or expansion g into the channel mask Σ_i g_i·M_i and a resolution g into the weights of
// the aligned feature maps; op g mixes blocks as FBNet does. The policy knows no masks and the
// op knows no α. Validation: softmax(α) or onehot(argmax α); exports argmax α per choice.
import * as tf from '@tensorflow/tfjs-core';
import type { LayerMix } from '../../supernet/mixing.js';
import type { Choice } from '../choices.js';
import { GumbelPolicy, type GumbelOptions } from './gumbel.js';

export type MaskingOptions = GumbelOptions;

// The same Gumbel-softmax machinery as FBNet's θ; what differs is the choices it drives (and
// their parameter names, by label): the masked op turns width/resolution g into masks.
export class MaskingPolicy extends GumbelPolicy {
  override readonly kind: string = 'gumbel-masks';

  constructor(choices: readonly Choice[], o: MaskingOptions) {
    const bad = choices.find((c) => c.kind !== 'op' && c.kind !== 'int');
    if (bad) throw new RangeError(`masking policy: choice ${bad.label} is ${bad.kind}; it drives op and int choices`);
    super(choices, o, (c) => `alpha.${c.label}`);
  }
}

/** One-hot mixes of a sample's value indices (tests, export checks): what argmax α would run. */
export function oneHotMixes(choices: readonly Choice[], picks: readonly number[]): LayerMix[] {
  return choices.map((c, i) => {
    const v = new Float32Array(c.values.length);
    v[picks[i]!] = 1;
    return { m: tf.tensor2d(v, [1, c.values.length]), active: [picks[i]!] };
  });
}
