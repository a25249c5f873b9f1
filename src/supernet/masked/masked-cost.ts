// The masked supernet's expected cost: MFLOPs per image [rows] of stem, layers and head over the
// step's effective shapes (FBNetV2 eq. 10; per-op rules in effective-cost.ts): the stem and every
// layer at the effective pixel count Σ_r g_r·h_r·w_r, the layers at their effective widths, the
// head's 1x1 conv at the last effective width and pixels, the classifier at the head's width.
// maskedPathCosts: the net's cost (this, or latency-cost.ts) of a one-hot path or under
// per-choice probabilities (history, search.json).
import * as tf from '@tensorflow/tfjs-core';
import { strided } from '../../ops/op.js';
import type { Choice } from '../../spaces/choices.js';
import type { NormalizedSpace } from '../../spaces/normalize.js';
import type { PathCosts } from '../../train/path-costs.js';
import type { LayerMix } from '../mixing.js';
import { type ChoiceMixes, probabilityMixes } from './choice-mixes.js';
import { effectivePixels, layerFlops } from './effective-cost.js';
import type { MaskedLayer } from './masked-layer.js';
import { effective } from './masks.js';

export function maskedCost(space: NormalizedSpace, layers: readonly MaskedLayer[], mixes: ChoiceMixes, gRes: tf.Tensor2D): tf.Tensor1D {
  if (space.body.kind !== 'chain') throw new RangeError(`space ${space.name}: a chain space`);
  const b = space.body;
  const c = space.input[2];
  const stemPix = space.resolution.values.map((r) => strided(r, b.stem.stride) ** 2);
  let total: tf.Tensor = tf.mul(effectivePixels(gRes, stemPix), 2e-6 * b.stem.kernel ** 2 * c * b.stem.cOut);
  for (const l of layers) {
    const shape = { ...mixes.widths(l), stride: l.stride, pixIn: effectivePixels(gRes, l.pixIn), pixOut: effectivePixels(gRes, l.pixOut) };
    total = tf.add(total, layerFlops(l.canon, mixes.mix(l.ops.label, 1).m, shape));
  }
  const last = layers[layers.length - 1]!;
  const cLast = effective(mixes.dist(last.width));
  const h = b.head;
  const finalPix = effectivePixels(gRes, last.pixOut);
  const headConv = h.cOut === null ? tf.zeros([1]) : tf.mul(tf.mul(cLast, finalPix), 2e-6 * h.cOut);
  const dense = h.cOut === null ? tf.mul(cLast, 2e-6 * space.classes) : tf.scalar(2e-6 * h.cOut * space.classes);
  return tf.add(tf.add(total, headConv), dense) as tf.Tensor1D;
}

export function maskedPathCosts(net: { choices: readonly Choice[]; space: NormalizedSpace; metric: 'flops' | 'latency'; unit: string; cost(mixes: readonly LayerMix[], gRes: tf.Tensor2D): tf.Tensor1D }): PathCosts {
  const resAt = net.choices.findIndex((c) => c.label === net.space.resolution.label);
  const at = (probs: readonly (readonly number[])[]): number =>
    tf.tidy(() => {
      const mixes = probabilityMixes(net.choices, probs);
      return net.cost(mixes, resAt < 0 ? (tf.ones([1, 1]) as tf.Tensor2D) : mixes[resAt]!.m).dataSync()[0]!;
    });
  const oneHot = (picks: readonly number[]) => net.choices.map((c, i) => c.values.map((_, j) => (j === picks[i] ? 1 : 0)));
  return { metric: net.metric, unit: net.unit, path: (picks) => at(oneHot(picks)), expected: (probs) => at(probs) };
}
