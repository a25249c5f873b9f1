// The LUT's reality check: K seeded random architectures from the space, each built whole and
// timed end to end, against the sum of their LUT entries (stem + chosen blocks + head). Reports
// Spearman's rank correlation (does the table order architectures correctly?), the mean ratio
// measured / LUT and the worst ratio either way.
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '../core/rng.js';
import { phaseProgress } from '../core/progress.js';
import { buildModel } from '../arch/model.js';
import { normalizeArch } from '../arch/normalize.js';
import { spearman } from '../latency/stats.js';
import { archCost, type CostTable } from '../latency/table.js';
import { randomSample } from '../spaces/choices.js';
import { freeze } from '../spaces/freeze.js';
import { sampleOps } from '../spaces/grid.js';
import type { NormalizedSpace } from '../spaces/normalize.js';
import type { LutEndToEnd } from '../types/generated.js';
import { type TimerSettings, timeForward } from './timer.js';

export function endToEndCheck(space: NormalizedSpace, table: CostTable, archs: number, batch: number, s: TimerSettings, seed: number): LutEndToEnd {
  const rng = Rng.derived(seed, 'lut/end-to-end');
  const samples: LutEndToEnd['samples'] = [];
  const bar = phaseProgress('build-lut: end-to-end check', archs);
  for (let k = 0; k < archs; k++) {
    const sample = randomSample(space, rng);
    const choices = sampleOps(space, sample);
    const arch = normalizeArch(freeze(space, sample, `random-${k}`), `<end-to-end arch ${k}>`);
    const model = buildModel(arch, { seed: seed + k });
    const x = tf.randomNormal([batch, ...arch.input], 0, 1, 'float32', seed + k) as tf.Tensor4D;
    try {
      const t = timeForward(() => model.apply(x, false), s, x);
      samples.push({ choices, lutMs: archCost(table, choices), measuredMs: t.median });
    } finally {
      x.dispose();
      model.dispose();
    }
    bar.tick(`arch ${k}`);
  }
  bar.stop();
  if (samples.length === 0) return { archs: 0, spearman: null, meanRatio: null, maxRatio: null, samples };
  const ratios = samples.map((p) => p.measuredMs / p.lutMs);
  return {
    archs: samples.length,
    spearman: spearman(samples.map((p) => p.lutMs), samples.map((p) => p.measuredMs)),
    meanRatio: ratios.reduce((a, b) => a + b, 0) / ratios.length,
    maxRatio: Math.max(...ratios.map((r) => Math.max(r, 1 / r))),
    samples,
  };
}
