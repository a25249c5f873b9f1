// The FBNetV2 (DMaskingNAS) supernet of a chain space: stem -> one masked layer per chain layer
// (masked-layer.ts) -> head, every layer built once at its largest width and expansion.
// forward(x, mixes, training) takes one LayerMix per op/int choice of the space (`choices`, in the
// space's order; recipe choices are not the supernet's), from a masking policy:
//   op choices          Σ_op m_op·block_op(x), blocks off mix.active not run (as MixedLayer)
//   width / expansion   distributions whose masks the blocks apply (masks.ts, masked-blocks.ts)
//   input.resolution    per active size r: subsample the input (spaced.ts), run stem, layers and
//                       the head's 1x1 conv+BN+ReLU, then spaced-zero-pad that final feature map
//                       to the largest size's grid and sum g_r·map pixel for pixel. THAT is the
//                       one place alignment happens: after the head conv, before global pooling
//                       (aligned-pool.ts, which also divides by the effective pixel count).
// Each active resolution's training forward updates the BN moving statistics once (with that
// size's batch statistics): validation with softmax mixes sees a blend; retrain re-learns them.
// Returns { logits [N, classes], cost [rows] }: cost the expected MFLOPs of the effective shapes
// (masked-cost.ts), or, built with a width table, the expected latency (latency-cost.ts).
// Variables: "stem.*", "layers.<i>.<op value>.*", "head.*" ('w' trainable, 'stat' BN moving stats).
import * as tf from '@tensorflow/tfjs-core';
import type { NamedArray } from '../../arch/weights-file.js';
import { Rng } from '../../core/rng.js';
import { Head, Stem } from '../../ops/blocks/stem-head.js';
import { strided } from '../../ops/op.js';
import type { Choice } from '../../spaces/choices.js';
import type { NormalizedChain, NormalizedSpace } from '../../spaces/normalize.js';
import { maskedChoices } from '../../spaces/widths.js';
import type { PathCosts } from '../../train/path-costs.js';
import type { LayerMix } from '../mixing.js';
import type { TrainableNet } from '../net.js';
import type { SupernetVariable, VariableGroup } from '../supernet.js';
import { loadVarState, varState } from '../var-state.js';
import { ChoiceMixes } from './choice-mixes.js';
import { alignedPool } from './aligned-pool.js';
import { maskedCost, maskedPathCosts } from './masked-cost.js';
import { maskedLatency, type WidthLatencyTable } from './latency-cost.js';
import { classify, headFeatures } from './masked-head.js';
import { applyLayer, buildLayers, type MaskedLayer } from './masked-layer.js';

export class MaskedSupernet implements TrainableNet {
  readonly stem: Stem;
  readonly layers: MaskedLayer[];
  readonly head: Head;
  readonly body: NormalizedChain;
  /** The choices the supernet mixes (the space's op and int choices, in its order): one LayerMix each. */
  readonly choices: Choice[];
  readonly spec: { name: string; classes: number };
  /** What `cost` prices: effective-shape MFLOPs, or expected latency from a width table. */
  readonly metric: 'flops' | 'latency';
  readonly unit: string;
  private readonly latency: WidthLatencyTable | null;
  private readonly at = new Map<string, number>();
  private readonly vars: SupernetVariable[];

  constructor(readonly space: NormalizedSpace, opts: { seed: number; latency?: WidthLatencyTable }) {
    if (space.body.kind !== 'chain') throw new RangeError(`space ${space.name}: the masked supernet needs a chain body`);
    const b = (this.body = space.body);
    this.spec = { name: space.name, classes: space.classes };
    this.latency = opts.latency ?? null;
    this.metric = this.latency ? 'latency' : 'flops';
    this.unit = this.latency ? `ms per batch of ${this.latency.batch} (width model, effective widths)` : 'MFLOPs per image (effective shapes)';
    this.choices = maskedChoices(space);
    this.choices.forEach((ch, i) => this.at.set(ch.label, i));
    this.stem = new Stem(space.input[2], b.stem.cOut, b.stem.kernel, b.stem.stride, Rng.derived(opts.seed, 'stem'));
    this.layers = buildLayers(b, space.resolution.values.map((r) => strided(r, b.stem.stride)), opts.seed);
    const h = b.head;
    const last = this.layers[this.layers.length - 1]!.width;
    this.head = new Head(Math.max(...last.values), { cOut: h.cOut, norm: h.norm, relu: h.relu, dropout: h.dropout }, space.classes, Rng.derived(opts.seed, 'head'));
    const group = (t: boolean): VariableGroup => (t ? 'w' : 'stat');
    this.vars = [
      ...this.stem.store.all().map((v) => ({ name: `stem.${v.name}`, variable: v.variable, group: group(v.trainable) })),
      ...this.layers.flatMap((l) => l.blocks.flatMap((blk, i) => blk.store.all().map((v) => ({ name: `layers.${l.index}.${l.ops.values[i]}.${v.name}`, variable: v.variable, group: group(v.trainable) })))),
      ...this.head.store.all().map((v) => ({ name: `head.${v.name}`, variable: v.variable, group: group(v.trainable) })),
    ];
  }

  forward(x: tf.Tensor4D, mixes: readonly LayerMix[], training: boolean): { logits: tf.Tensor2D; cost: tf.Tensor1D } {
    const mx = new ChoiceMixes(this.at, mixes);
    const res = mx.mix(this.space.resolution.label, 1);
    const sizes = this.space.resolution.values;
    const finals = sizes.map((r) => this.layers.reduce((h, l) => strided(h, l.stride), strided(r, this.body.stem.stride)));
    const pooled = alignedPool(x, sizes, finals, res, (xr) => {
      let y = this.stem.apply(xr, training);
      for (const l of this.layers) y = applyLayer(l, y, mx, training);
      return headFeatures(this.head, y, training);
    });
    return { logits: classify(this.head, pooled, training), cost: this.costOf(mx, res.m) };
  }

  /** Expected cost [rows] under the step's mixes (gRes: the resolution mix, [[1]] when fixed), in `unit`. */
  cost(mixes: readonly LayerMix[], gRes: tf.Tensor2D): tf.Tensor1D {
    return this.costOf(new ChoiceMixes(this.at, mixes), gRes);
  }

  private costOf(mx: ChoiceMixes, gRes: tf.Tensor2D): tf.Tensor1D {
    return this.latency ? maskedLatency(this.space, this.layers, mx, gRes, this.latency) : maskedCost(this.space, this.layers, mx, gRes);
  }

  /** The cost of a path (one-hot) or in expectation over per-choice probabilities. */
  get pathCosts(): PathCosts {
    return maskedPathCosts(this);
  }

  get classes(): number {
    return this.space.classes;
  }

  /** The head's dropout seed (advances once per training forward): part of a resumable state. */
  get dropoutSeed(): number {
    return this.head.dropoutSeed;
  }
  set dropoutSeed(v: number) {
    this.head.dropoutSeed = v;
  }

  variables(group?: VariableGroup): SupernetVariable[] {
    return group ? this.vars.filter((v) => v.group === group) : [...this.vars];
  }

  state(groups: VariableGroup[] = ['w', 'stat']): NamedArray[] {
    return varState(this.vars, groups);
  }

  loadState(arrays: NamedArray[], file: string, groups: VariableGroup[] = ['w', 'stat']): void {
    loadVarState(this.vars, arrays, file, `masked supernet ${this.space.name}`, groups);
  }

  dispose(): void {
    this.stem.dispose();
    this.layers.forEach((l) => l.blocks.forEach((b) => b.dispose()));
    this.head.dispose();
  }
}
