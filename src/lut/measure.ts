// Measures the latency table of a space's grid (src/spaces/grid.ts): every (layer, candidate) built from
// the block registry at the layer's real input shape and timed at inference (BatchNorm with moving
// statistics), plus the fixed stem and head. FLOPs and params are the analytic counts.
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '../core/rng.js';
import { phaseProgress } from '../core/progress.js';
import { Head, Stem } from '../ops/blocks/stem-head.js';
import { blockCost, headCost, stemCost } from '../ops/cost.js';
import { BLOCKS } from '../ops/register-all.js';
import type { Grid } from '../spaces/grid.js';
import type { FixedCost, LutEntry } from '../types/generated.js';
import { type TimerSettings, timeForward } from './timer.js';

interface Disposable {
  apply(x: tf.Tensor4D, training: boolean): tf.Tensor;
  dispose(): void;
}

/** Times `part` on a seeded random input of shape [batch, h, w, c], then disposes both. */
function timePart(part: Disposable, batch: number, shape: [number, number, number], s: TimerSettings, seed: number) {
  const x = tf.randomNormal([batch, ...shape], 0, 1, 'float32', seed) as tf.Tensor4D;
  try {
    const t = timeForward(() => part.apply(x, false), s, x);
    return { median: t.median, p10: t.p10, p90: t.p90, runs: t.runs, remeasured: t.remeasured };
  } finally {
    x.dispose();
    part.dispose();
  }
}

export function measureFixed(space: Grid, batch: number, s: TimerSettings, seed: number): { stem: FixedCost; head: FixedCost } {
  const st = space.stem;
  const stemC = stemCost(st.cIn, st.cOut, st.kernel, st.stride, st.inHW[0], st.inHW[1]);
  const stem = new Stem(st.cIn, st.cOut, st.kernel, st.stride, Rng.derived(seed, 'lut/stem'));
  const h = space.head;
  const headC = headCost(h.cIn, h.cOut, h.norm, space.classes, h.inHW[0], h.inHW[1]);
  const head = new Head(h.cIn, { cOut: h.cOut, norm: h.norm, relu: h.relu, dropout: h.dropout }, space.classes, Rng.derived(seed, 'lut/head'));
  return {
    stem: { latency: timePart(stem, batch, [...st.inHW, st.cIn], s, seed), flops: stemC.flops, params: stemC.params },
    head: { latency: timePart(head, batch, [...h.inHW, h.cIn], s, seed), flops: headC.flops, params: headC.params },
  };
}

export function measureEntries(space: Grid, batch: number, s: TimerSettings, seed: number): LutEntry[] {
  const entries: LutEntry[] = [];
  const bar = phaseProgress('build-lut: measuring', space.layers.reduce((n, l) => n + l.candidates.length, 0));
  for (const layer of space.layers) {
    for (const name of layer.candidates) {
      const reg = BLOCKS.get(name);
      const input: [number, number, number] = [layer.inHW[0], layer.inHW[1], layer.cIn];
      const cost = blockCost(layer.cIn, layer.cOut, layer.stride, reg.op, input[0], input[1]);
      const block = reg.create(layer.cIn, layer.cOut, layer.stride, { rng: Rng.derived(seed, `lut/${layer.index}/${name}`) });
      const latency = timePart(block, batch, input, s, seed + layer.index);
      entries.push({ layer: layer.index, block: name, op: { ...reg.op } as LutEntry['op'], input, cOut: layer.cOut, stride: layer.stride, latency, flops: cost.flops, params: cost.params });
      bar.tick(`layer ${layer.index} ${name} ${latency.median.toFixed(3)} ms`);
    }
  }
  bar.stop();
  return entries;
}
