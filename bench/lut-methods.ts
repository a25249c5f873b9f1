// npm run bench:lut [-- --config configs/build-lut.yaml]: which way of measuring entries predicts
// whole models? Measures the configured space's context table (build-lut's method, with its
// check architectures timed interleaved) and then, with the reference network re-timed as the
// clock, every block alone at its input shape two ways: one read-back per call (the first
// tables' method) and `amortise` forwards per read-back. All three are anchored on the same
// reference latency (fixed = T(R) − Σ R's entries) and scored on the same check architectures.
// Prints one JSON line per method. Node runtime; not a test.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { parse } from 'yaml';
import { Rng } from '../src/core/rng.js';
import { figures } from '../src/latency/agreement.js';
import { normalise, quantile, type TimedSample } from '../src/latency/drift.js';
import { REFERENCE_KEY, candidatesAt } from '../src/latency/plan.js';
import { measureContext } from '../src/lut/measure.js';
import { openRunner } from '../src/lut/runtime.js';
import { BLOCKS } from '../src/ops/register-all.js';
import { freeze } from '../src/spaces/freeze.js';
import { lutGrid, sampleFromOps } from '../src/spaces/grid.js';
import { loadSpace } from '../src/spaces/load.js';
import type { BuildLutConfig } from '../src/types/generated.js';

const { values } = parseArgs({ options: { config: { type: 'string', default: 'configs/build-lut.yaml' }, amortise: { type: 'string', default: '20' } } });
const c = parse(readFileSync(values.config!, 'utf8')) as BuildLutConfig;
const K = Number(values.amortise);
const space = loadSpace(c.space, c.restrict, values.config!);
const grid = lutGrid(space);
const runner = await openRunner('node', c.backend, c.batch, (m) => process.stderr.write(m + '\n'));
const s = { warmup: c.warmup, rounds: c.runs, runs: c.runs, forwards: c.forwards ?? 3, clockEvery: c.clockEvery ?? 8, pilotRounds: c.endToEnd?.pilotRounds ?? 2, quantile: c.quantile ?? 0.5, spreadThreshold: c.spreadThreshold ?? 0.5, maxRemeasure: c.maxRemeasure ?? 1, archs: c.endToEnd?.archs ?? 50, fit: { archs: c.fit?.archs ?? 60, swaps: true, ...(c.fit?.ridge !== undefined ? { ridge: c.fit.ridge } : {}) } };
const r = await measureContext(runner, grid, s, c.seed, (ch, name) => freeze(space, sampleFromOps(space, ch), name), (m) => process.stderr.write(m + '\n'));

// Blocks alone: the same seeded construction as the table's pool.
const blocks = grid.layers.flatMap((l, i) => candidatesAt(grid, i).map((name) => ({
  key: `${i}/${name}`, layer: i, name,
  block: BLOCKS.get(name).create(l.cIn, l.cOut, l.stride, { rng: Rng.derived(c.seed, `lut/${i}/${name}`) }),
  x: tf.randomNormal([c.batch, l.inHW[0], l.inHW[1], l.cIn], 0, 1, 'float32', i) as tf.Tensor4D,
})));
const alone = (b: (typeof blocks)[number], k: number, readEach: boolean): number => {
  const t0 = performance.now();
  if (readEach) {
    for (let j = 0; j < k; j++) {
      const y = tf.tidy(() => b.block.apply(b.x, false));
      y.dataSync();
      if (y !== b.x) y.dispose();
    }
  } else {
    const y = tf.tidy(() => {
      let out: tf.Tensor = b.x;
      for (let j = 0; j < k; j++) out = b.block.apply(b.x, false);
      return out;
    });
    y.dataSync();
    if (y !== b.x) y.dispose();
  }
  return (performance.now() - t0) / k;
};
for (const b of blocks) alone(b, 5, true);
const log: TimedSample[] = [];
const rng = Rng.derived(c.seed, 'bench/lut-methods');
for (let round = 0; round < s.rounds; round++) {
  const order = [...blocks];
  rng.shuffle(order);
  const clock = async (): Promise<void> => void log.push({ key: REFERENCE_KEY, ms: (await runner.time([REFERENCE_KEY], s.forwards))[0]!, round });
  await clock();
  for (let i = 0; i < order.length; i++) {
    const b = order[i]!;
    log.push({ key: `call:${b.key}`, ms: alone(b, s.forwards, true), round });
    log.push({ key: `amortised:${b.key}`, ms: alone(b, K, false), round });
    if ((i + 1) % s.clockEvery === 0 || i === order.length - 1) await clock();
  }
}
const n = normalise(log, REFERENCE_KEY, s.quantile);
// The context table's R latency anchors the others (their clock level differs: another session).
const scale = r.clockMs / n.clockMs;
const entry = (mode: string, l: number, name: string): number => quantile(n.samples.get(`${mode}:${l}/${name}`)!, s.quantile) * scale;
const measured = r.check.map((x) => x.measuredMs);
const report = (method: string, predict: (choices: string[]) => number): void => {
  const f = figures(r.check.map((x) => predict(x.choices)), measured);
  process.stdout.write(JSON.stringify({ bench: 'lut_methods', space: space.name, backend: runner.info.backend, method, archs: f.n, spearman: f.spearman, kendall: f.kendall, mape: f.mape, within10: f.within10, meanRatio: f.meanRatio }) + '\n');
};
report('fitted to whole networks (build-lut)', (ch) => r.check.find((x) => x.choices === ch)!.lutMs);
report('swap marginals around R (the fit\'s prior)', (ch) => r.check.find((x) => x.choices === ch)!.swapMs!);
for (const mode of ['call', 'amortised']) {
  const fixed = r.clockMs - r.plan.reference.reduce((sum, b, l) => sum + entry(mode, l, b), 0);
  report(mode === 'call' ? 'block alone, read-back per call' : `block alone, ${K} forwards per read-back`, (ch) => ch.reduce((sum, b, l) => sum + entry(mode, l, b), fixed));
}
blocks.forEach((b) => (b.block.dispose(), b.x.dispose()));
await runner.close();
