// The FBNetV2 (DMaskingNAS) supernet of a chain space: stem -> one masked layer per chain layer
// -> head, every layer built once at its largest width and expansion. forward(x, mixes, training)
// takes one LayerMix per op/int choice of the space (`choices`, in the space's order; recipe
// choices are not the supernet's), from a masking policy:
//   op choices          Σ_op m_op·block_op(x), blocks off mix.active not run (as MixedLayer)
//   width / expansion   distributions whose masks the blocks apply (masks.ts, masked-blocks.ts)
//   input.resolution    per active size r: subsample the input (spaced.ts), run stem, layers and
//                       the head's 1x1 conv+BN+ReLU, then spaced-zero-pad that final feature map
//                       to the largest size's grid and sum g_r·map pixel for pixel. THAT is the
//                       one place alignment happens: after the head conv, before global pooling.
//                       The pool divides the aligned sum by the effective pixel count Σ g_r·h_r·w_r,
//                       so a one-hot g gives exactly the narrow network's mean.
// Each active resolution's training forward updates the BN moving statistics once (with that
// size's batch statistics): validation with softmax mixes sees a blend; retrain re-learns them.
// Returns { logits [N, classes], cost [rows] } with cost the expected MFLOPs (effective-cost.ts).
// Variables: "stem.*", "layers.<i>.<op value>.*", "head.*" ('w' trainable, 'stat' BN moving stats).
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '../../core/rng.js';
import { Head, Stem } from '../../ops/blocks/stem-head.js';
import { type CanonicalOp, strided } from '../../ops/op.js';
import type { Choice } from '../../spaces/choices.js';
import { catalogOp, type NormalizedChain, type NormalizedSpace, type Slot } from '../../spaces/normalize.js';
import type { LayerMix } from '../mixing.js';
import type { SearchNet } from '../search-net.js';
import type { SupernetVariable, VariableGroup } from '../supernet.js';
import { effectivePixels, layerFlops } from './effective-cost.js';
import { type Dist, fixedDist } from './masks.js';
import { type MaskedBlock, maskedBlock } from './masked-blocks.js';
import { spacedPad, subsample } from './spaced.js';

interface LayerPlan {
  index: number;
  stride: number;
  cin: Slot<number>;
  width: Slot<number>;
  expansion: Slot<number> | null;
  ops: Slot<string>;
  canon: CanonicalOp[];
  blocks: MaskedBlock[];
  /** Per resolution value, input and output pixels. */
  pixIn: number[];
  pixOut: number[];
}

export class MaskedSupernet implements SearchNet {
  readonly stem: Stem;
  readonly layers: LayerPlan[];
  readonly head: Head;
  readonly body: NormalizedChain;
  /** The choices the supernet mixes (the space's op and int choices, in its order): one LayerMix each. */
  readonly choices: Choice[];
  private readonly at = new Map<string, number>();
  private readonly vars: SupernetVariable[];

  constructor(readonly space: NormalizedSpace, opts: { seed: number }) {
    if (space.body.kind !== 'chain') throw new RangeError(`space ${space.name}: the masked supernet needs a chain body`);
    const b = (this.body = space.body);
    this.choices = space.choices.filter((ch) => ch.kind === 'op' || ch.kind === 'int');
    this.choices.forEach((ch, i) => this.at.set(ch.label, i));
    const c = space.input[2];
    this.stem = new Stem(c, b.stem.cOut, b.stem.kernel, b.stem.stride, Rng.derived(opts.seed, 'stem'));
    let hw = space.resolution.values.map((r) => strided(r, b.stem.stride));
    let cin: Slot<number> = { label: null, values: [b.stem.cOut] };
    this.layers = b.layers.map((l) => {
      const out = hw.map((h) => strided(h, l.stride));
      const canon = l.ops.values.map((name) => {
        const op = catalogOp(name);
        if (!op) throw new RangeError(`layer ${l.index}: unknown op ${name}`);
        // An expansion choice builds the block at the largest expansion (freeze does the same per value);
        // expansion 1 on an op without expand conv would freeze to a block without it: not maskable.
        if (op.kind === 'ir' && l.expansion?.values.includes(1) && !op.expandConv) throw new RangeError(`layer ${l.index}: expansion choice 1 with ${name} (no expand conv) cannot share the expanded block's weights`);
        return op.kind === 'ir' && l.expansion ? { ...op, expansion: Math.max(...l.expansion.values), expandConv: true } : op;
      });
      const cInMax = Math.max(...cin.values);
      const cOutMax = Math.max(...l.width.values);
      const blocks = canon.map((op, i) => maskedBlock(op, cInMax, cOutMax, l.stride, Rng.derived(opts.seed, `layers.${l.index}.${l.ops.values[i]}`)));
      const plan: LayerPlan = { index: l.index, stride: l.stride, cin, width: l.width, expansion: l.expansion, ops: l.ops, canon, blocks, pixIn: hw.map((h) => h * h), pixOut: out.map((h) => h * h) };
      [cin, hw] = [l.width, out];
      return plan;
    });
    const h = b.head;
    this.head = new Head(Math.max(...cin.values), { cOut: h.cOut, norm: h.norm, relu: h.relu, dropout: h.dropout }, space.classes, Rng.derived(opts.seed, 'head'));
    const group = (t: boolean): VariableGroup => (t ? 'w' : 'stat');
    this.vars = [
      ...this.stem.store.all().map((v) => ({ name: `stem.${v.name}`, variable: v.variable, group: group(v.trainable) })),
      ...this.layers.flatMap((l) => l.blocks.flatMap((blk, i) => blk.store.all().map((v) => ({ name: `layers.${l.index}.${l.ops.values[i]}.${v.name}`, variable: v.variable, group: group(v.trainable) })))),
      ...this.head.store.all().map((v) => ({ name: `head.${v.name}`, variable: v.variable, group: group(v.trainable) })),
    ];
  }

  private mix(label: string | null, k: number, mixes: readonly LayerMix[]): LayerMix {
    if (label === null) return { m: tf.ones([1, k]) as tf.Tensor2D, active: [0] };
    const m = mixes[this.at.get(label)!];
    if (!m) throw new RangeError(`no mix for choice ${label}`);
    return m;
  }

  private dist(s: Slot<number>, mixes: readonly LayerMix[]): Dist {
    return s.label === null ? fixedDist(s.values[0]!) : { g: this.mix(s.label, s.values.length, mixes).m, values: s.values };
  }

  forward(x: tf.Tensor4D, mixes: readonly LayerMix[], training: boolean): { logits: tf.Tensor2D; cost: tf.Tensor1D } {
    const res = this.mix(this.space.resolution.label, 1, mixes);
    const sizes = this.space.resolution.values;
    const finals = sizes.map((r) => this.layers.reduce((h, l) => strided(h, l.stride), strided(r, this.body.stem.stride)));
    const H = Math.max(...finals);
    let sum: tf.Tensor4D | null = null;
    for (const ri of res.active) {
      let y = this.stem.apply(subsample(x, sizes[ri]!), training);
      for (const l of this.layers) y = this.layerApply(l, y, mixes, training);
      const g = tf.reshape(tf.slice(res.m, [0, ri], [-1, 1]), [-1, 1, 1, 1]);
      const term = tf.mul(spacedPad(this.headFeatures(y, training), H, H), g) as tf.Tensor4D;
      sum = sum ? (tf.add(sum, term) as tf.Tensor4D) : term;
    }
    if (!sum) throw new RangeError('no active resolution');
    const pixels = effectivePixels(res.m, finals.map((f) => f * f));
    const pooled = tf.div(tf.sum(sum, [1, 2]), tf.reshape(pixels, [-1, 1])) as tf.Tensor2D;
    return { logits: this.classify(pooled, training), cost: this.cost(mixes, res.m) };
  }

  private widths(l: LayerPlan, mixes: readonly LayerMix[]) {
    return { cin: this.dist(l.cin, mixes), cout: this.dist(l.width, mixes), expansion: l.expansion ? this.dist(l.expansion, mixes) : null, tied: l.cin.label !== null && l.cin.label === l.width.label };
  }

  private layerApply(l: LayerPlan, x: tf.Tensor4D, mixes: readonly LayerMix[], training: boolean): tf.Tensor4D {
    const op = this.mix(l.ops.label, 1, mixes);
    const w = this.widths(l, mixes);
    let out: tf.Tensor4D | null = null;
    for (const i of op.active) {
      const y = l.blocks[i]!.apply(x, w, training);
      const term = l.ops.label === null ? y : (tf.mul(y, tf.reshape(tf.slice(op.m, [0, i], [-1, 1]), [-1, 1, 1, 1])) as tf.Tensor4D);
      out = out ? (tf.add(out, term) as tf.Tensor4D) : term;
    }
    if (!out) throw new RangeError(`layer ${l.index}: no active op`);
    return out;
  }

  /** Expected MFLOPs per image [rows]: stem, layers, head (eq. 10 over effective shapes). */
  cost(mixes: readonly LayerMix[], gRes: tf.Tensor2D): tf.Tensor1D {
    const b = this.body;
    const [, , c] = this.space.input;
    const stemPix = this.space.resolution.values.map((r) => strided(r, b.stem.stride) ** 2);
    let total: tf.Tensor = tf.mul(effectivePixels(gRes, stemPix), 2e-6 * b.stem.kernel ** 2 * c * b.stem.cOut);
    let last = this.layers[0]!.cin;
    for (const l of this.layers) {
      const shape = { ...this.widths(l, mixes), stride: l.stride, pixIn: effectivePixels(gRes, l.pixIn), pixOut: effectivePixels(gRes, l.pixOut) };
      total = tf.add(total, layerFlops(l.canon, this.mix(l.ops.label, 1, mixes).m, shape));
      last = l.width;
    }
    const cLast = tf.reshape(tf.matMul(this.dist(last, mixes).g, tf.tensor2d([...last.values], [last.values.length, 1])), [-1]);
    const h = b.head;
    const finalPix = effectivePixels(gRes, this.layers[this.layers.length - 1]!.pixOut);
    const headConv = h.cOut === null ? tf.zeros([1]) : tf.mul(tf.mul(cLast, finalPix), 2e-6 * h.cOut);
    const dense = h.cOut === null ? tf.mul(cLast, 2e-6 * this.space.classes) : tf.scalar(2e-6 * h.cOut * this.space.classes);
    return tf.add(tf.add(total, headConv), dense) as tf.Tensor1D;
  }

  /** The head up to its global pool: 1x1 conv + (BN | bias) + optional ReLU. */
  private headFeatures(y: tf.Tensor4D, training: boolean): tf.Tensor4D {
    const c = this.head.conv;
    if (!c) return y;
    let f = c.conv.apply(y);
    if (c.bn) f = c.bn.apply(f, training);
    if (c.bias) f = tf.add(f, c.bias);
    if (!c.bn && this.head.opts.relu) f = tf.relu(f);
    return f;
  }

  private classify(f: tf.Tensor2D, training: boolean): tf.Tensor2D {
    const h = this.head;
    if (training && h.opts.dropout > 0) f = tf.dropout(f, h.opts.dropout, undefined, h.dropoutSeed++) as tf.Tensor2D;
    return tf.add(tf.matMul(f, h.dense.kernel as tf.Tensor2D), h.dense.bias) as tf.Tensor2D;
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

  dispose(): void {
    this.stem.dispose();
    this.layers.forEach((l) => l.blocks.forEach((b) => b.dispose()));
    this.head.dispose();
  }
}
