// Times the parts of a width space's latency model (src/latency/width-model.ts): every stem,
// (layer, op) block and head of widthParts(space) at each distinct corner of its width box, alone,
// at the table's batch — the median of `runs` inference forwards (each read back) after `warmup`,
// on the current TF.js backend. Parts are timed alone, not in a network's context: the per-call
// overhead inside each part and what a network pays beyond them land in the table's fixed term
// (src/lut/width-lut.ts), which the end-to-end check then judges.
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '../core/rng.js';
import { phaseProgress } from '../core/progress.js';
import { cornerOp, corners, type WidthLutBox, type WidthPart, widthParts } from '../latency/width-model.js';
import { Head, Stem } from '../ops/blocks/stem-head.js';
import { BLOCKS } from '../ops/register-all.js';
import type { NormalizedSpace } from '../spaces/normalize.js';

interface Part {
  apply(x: tf.Tensor4D, training: boolean): tf.Tensor;
  dispose(): void;
}

function timeMs(part: Part, x: tf.Tensor4D, warmup: number, runs: number): number {
  const once = (): number => {
    const t0 = performance.now();
    const y = tf.tidy(() => part.apply(x, false));
    y.dataSync();
    if (y !== x) y.dispose();
    return performance.now() - t0;
  };
  for (let i = 0; i < warmup; i++) once();
  const t = Array.from({ length: runs }, once).sort((a, b) => a - b);
  return t[Math.floor(t.length / 2)]!;
}

function build(space: NormalizedSpace, p: WidthPart, corner: number[]): { part: Part; input: [number, number, number] } {
  if (space.body.kind !== 'chain') throw new RangeError(`space ${space.name}: a chain space`);
  const b = space.body;
  const rng = Rng.seeded(1);
  if (p.part === 'stem') return { part: new Stem(space.input[2], b.stem.cOut, b.stem.kernel, b.stem.stride, rng), input: [p.inHW, p.inHW, space.input[2]] };
  if (p.part === 'head') {
    const h = b.head;
    return { part: new Head(corner[0]!, { cOut: h.cOut, norm: h.norm, relu: h.relu, dropout: 0 }, space.classes, rng), input: [p.inHW, p.inHW, corner[0]!] };
  }
  const [cIn, cOut, e] = corner as [number, number, number];
  return { part: BLOCKS.build(cornerOp(p.op!, e), cIn, cOut, p.stride, { rng }), input: [p.inHW, p.inHW, cIn] };
}

export function measureWidthBoxes(space: NormalizedSpace, batch: number, s: { warmup: number; runs: number }): WidthLutBox[] {
  const parts = widthParts(space);
  const bar = phaseProgress('build-lut: width corners', parts.length);
  const boxes = parts.map((p) => {
    const seen = new Map<string, number>();
    const ms = corners(p.axes).map((corner) => {
      const k = corner.join('x');
      if (!seen.has(k)) {
        const { part, input } = build(space, p, corner);
        const x = tf.randomNormal([batch, ...input], 0, 1, 'float32', 1) as tf.Tensor4D;
        seen.set(k, timeMs(part, x, s.warmup, s.runs));
        x.dispose();
        part.dispose();
      }
      return seen.get(k)!;
    });
    bar.tick(`${p.part}${p.layer === null ? '' : ` ${p.layer}`}${p.op ? ` ${p.op}` : ''} @${p.resolution}`);
    return { part: p.part, resolution: p.resolution, layer: p.layer, op: p.op, axes: p.axes, ms };
  });
  bar.stop();
  return boxes;
}
