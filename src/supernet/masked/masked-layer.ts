// One layer of the masked chain supernet: its slots (input width = the previous layer's output
// slot, output width, expansion, ops), one masked block per op candidate built ONCE at the
// largest width and expansion, and its input/output pixel counts per resolution (for the cost).
//   apply   Σ_op m_op·block_op(x) over the op mix's active candidates (a fixed op: just the block),
//           every block masked by the layer's width context (masked-blocks.ts)
// Variables of block op `v` are named "layers.<i>.<v>.*", as the FBNet supernet names them.
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '../../core/rng.js';
import { type CanonicalOp, strided } from '../../ops/op.js';
import { catalogOp, type NormalizedChain, type Slot } from '../../spaces/normalize.js';
import type { ChoiceMixes } from './choice-mixes.js';
import { type MaskedBlock, maskedBlock } from './masked-blocks.js';

export interface MaskedLayer {
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

/** The op of a layer as its masked block is built: an expansion choice builds the largest expansion. */
function canonicalOp(name: string, l: NormalizedChain['layers'][number]): CanonicalOp {
  const op = catalogOp(name);
  if (!op) throw new RangeError(`layer ${l.index}: unknown op ${name}`);
  // expansion 1 on an op without expand conv would freeze to a block without it: not maskable.
  if (op.kind === 'ir' && l.expansion?.values.includes(1) && !op.expandConv) throw new RangeError(`layer ${l.index}: expansion choice 1 with ${name} (no expand conv) cannot share the expanded block's weights`);
  return op.kind === 'ir' && l.expansion ? { ...op, expansion: Math.max(...l.expansion.values), expandConv: true } : op;
}

/** Every layer of the chain, given the stem's output sizes (one per resolution value). */
export function buildLayers(body: NormalizedChain, stemHW: number[], seed: number): MaskedLayer[] {
  let hw = stemHW;
  let cin: Slot<number> = { label: null, values: [body.stem.cOut] };
  return body.layers.map((l) => {
    const out = hw.map((h) => strided(h, l.stride));
    const canon = l.ops.values.map((name) => canonicalOp(name, l));
    const cInMax = Math.max(...cin.values);
    const cOutMax = Math.max(...l.width.values);
    const blocks = canon.map((op, i) => maskedBlock(op, cInMax, cOutMax, l.stride, Rng.derived(seed, `layers.${l.index}.${l.ops.values[i]}`)));
    const layer: MaskedLayer = { index: l.index, stride: l.stride, cin, width: l.width, expansion: l.expansion, ops: l.ops, canon, blocks, pixIn: hw.map((h) => h * h), pixOut: out.map((h) => h * h) };
    [cin, hw] = [l.width, out];
    return layer;
  });
}

export function applyLayer(l: MaskedLayer, x: tf.Tensor4D, mixes: ChoiceMixes, training: boolean): tf.Tensor4D {
  const op = mixes.mix(l.ops.label, 1);
  const w = mixes.widths(l);
  let out: tf.Tensor4D | null = null;
  for (const i of op.active) {
    const y = l.blocks[i]!.apply(x, w, training);
    const term = l.ops.label === null ? y : (tf.mul(y, tf.reshape(tf.slice(op.m, [0, i], [-1, 1]), [-1, 1, 1, 1])) as tf.Tensor4D);
    out = out ? (tf.add(out, term) as tf.Tensor4D) : term;
  }
  if (!out) throw new RangeError(`layer ${l.index}: no active op`);
  return out;
}
