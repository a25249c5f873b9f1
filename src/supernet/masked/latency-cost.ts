// The masked supernet's expected latency from a width table (lut.json `widths`, built by
// build-lut for a width space): per resolution r, weighted by g_r,
//   stem_r + Σ_layers Σ_op m_op·box(r, layer, op)(C̄in, C̄out, Ē) + head_r(C̄last),   plus fixed,
// each box interpolated multilinearly at the EFFECTIVE widths (t_a = (C̄_a − lo)/(hi − lo)): a
// polynomial in the effective widths, so differentiable in every α — the same interpolation
// src/latency/width-model.ts applies to a frozen architecture, so at a one-hot path the two agree.
// Values in ms per inference of the table's batch, [rows]. Callers tidy.
import * as tf from '@tensorflow/tfjs-core';
import type { WidthLutBox } from '../../latency/width-model.js';
import type { NormalizedSpace } from '../../spaces/normalize.js';
import type { ChoiceMixes } from './choice-mixes.js';
import type { MaskedLayer } from './masked-layer.js';
import { effective } from './masks.js';

export interface WidthLatencyTable {
  boxes: readonly WidthLutBox[];
  /** The table's fixed term (ms). */
  fixedMs: number;
  /** The table's batch, for the unit. */
  batch: number;
}

/** Multilinear interpolation of a box at points p (one [rows] tensor per axis). */
function interpolateAt(box: WidthLutBox, p: readonly tf.Tensor1D[]): tf.Tensor1D {
  const t = box.axes.map(([lo, hi], a) => (hi === lo ? tf.zeros([1]) : tf.div(tf.sub(p[a]!, lo), hi - lo)));
  let sum: tf.Tensor = tf.zeros([1]);
  box.ms.forEach((ms, i) => {
    const w = t.reduce<tf.Tensor>((acc, ta, a) => tf.mul(acc, (i >> a) & 1 ? ta : tf.sub(1, ta)), tf.scalar(ms));
    sum = tf.add(sum, w);
  });
  return sum as tf.Tensor1D;
}

export function maskedLatency(space: NormalizedSpace, layers: readonly MaskedLayer[], mixes: ChoiceMixes, gRes: tf.Tensor2D, table: WidthLatencyTable): tf.Tensor1D {
  const byKey = new Map(table.boxes.map((b) => [`${b.part}/${b.resolution}/${b.layer ?? ''}/${b.op ?? ''}`, b]));
  const box = (part: string, r: number, layer: number | null, op: string | null): WidthLutBox => {
    const b = byKey.get(`${part}/${r}/${layer ?? ''}/${op ?? ''}`);
    if (!b) throw new RangeError(`width table: no ${part}${layer === null ? '' : ` ${layer}`}${op ? ` ${op}` : ''} box at resolution ${r}`);
    return b;
  };
  const widths = layers.map((l) => {
    const w = mixes.widths(l);
    return { cin: effective(w.cin), cout: effective(w.cout), e: w.expansion ? effective(w.expansion) : tf.zeros([1]), m: mixes.mix(l.ops.label, 1).m };
  });
  let total: tf.Tensor = tf.scalar(table.fixedMs);
  space.resolution.values.forEach((r, ri) => {
    let at: tf.Tensor = tf.scalar(box('stem', r, null, null).ms[0]!);
    layers.forEach((l, i) => {
      const w = widths[i]!;
      l.ops.values.forEach((op, k) => {
        const ms = interpolateAt(box('layer', r, l.index, op), [w.cin, w.cout, w.e as tf.Tensor1D]);
        at = tf.add(at, tf.mul(ms, tf.reshape(tf.slice(w.m, [0, k], [-1, 1]), [-1])));
      });
    });
    at = tf.add(at, interpolateAt(box('head', r, null, null), [widths[widths.length - 1]!.cout]));
    total = tf.add(total, tf.mul(at, tf.reshape(tf.slice(gRes, [0, ri], [-1, 1]), [-1])));
  });
  return total as tf.Tensor1D;
}
