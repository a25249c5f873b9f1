// build-lut for a width space (FBNetV2): lut.json with a width model instead of per-(layer,
// candidate) entries. Steps:
//   1. every part's corners timed alone (width-measure.ts)
//   2. the widest instance W and `archs` seeded random architectures built whole and timed
//      interleaved with the reference network R (the widest layout, each layer's widest op) as the
//      drift clock — the runner and rounds evaluate uses, so its clock is this table's clock
//   3. fixed = W measured − W's parts (what a network pays beyond its parts timed alone)
//   4. the end-to-end check: the random architectures, measured vs fixed + their interpolated parts
// The document keeps lut/v2's shape: `entries` empty, `grid` = the widest layout, `widths` the boxes.
import { buildModel, type ChainModel } from '../arch/model.js';
import { normalizeArch, type NormalizedChainArch } from '../arch/normalize.js';
import { Rng } from '../core/rng.js';
import { type Normalised, normalise, quantile } from '../latency/drift.js';
import { REFERENCE_KEY } from '../latency/plan.js';
import { summarize } from '../latency/stats.js';
import { widthLatency } from '../latency/width-model.js';
import { randomSample, type Sample } from '../spaces/choices.js';
import { freeze } from '../spaces/freeze.js';
import { sampleOps } from '../spaces/grid.js';
import type { NormalizedSpace } from '../spaces/normalize.js';
import { extremeSample, widthGrid } from '../spaces/widths.js';
import type { LatencyTable, LutSettings, LutStamp } from '../types/generated.js';
import { type CheckConfig, endToEndSection } from './document.js';
import type { CheckSample } from './measure.js';
import { timeRounds } from './rounds.js';
import type { LatencyRunner } from './runner.js';
import { measureWidthBoxes } from './width-measure.js';

export interface WidthLutOptions {
  space: NormalizedSpace;
  runner: LatencyRunner;
  stamp: LutStamp;
  settings: LutSettings;
  archs: number;
  seed: number;
  check: CheckConfig;
  log: (m: string) => void;
}

function chain(doc: ReturnType<typeof freeze>, name: string): NormalizedChainArch {
  const a = normalizeArch(doc, name);
  if (a.kind !== 'chain') throw new RangeError(`${name}: a chain architecture`);
  return a;
}

export async function widthLut(o: WidthLutOptions): Promise<LatencyTable> {
  const { space, runner, settings: s } = o;
  const t0 = Date.now();
  const boxes = measureWidthBoxes(space, o.stamp.batch, { warmup: s.warmup, runs: Math.max(5, s.runs) });
  const ms = boxes.reduce((n, b) => n + new Set(b.ms).size, 0);
  o.log(`width model: ${boxes.length} parts, ${ms} corner timings in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const grid = widthGrid(space);
  const widest = extremeSample(space, 'widest');
  const refChoices = sampleOps(space, widest);
  // R is the widest instance with each layer's widest op: refChoices frozen (browser runners build it from the document).
  const toArch = (_choices: string[], name: string) => freeze(space, widest, name);
  const rng = Rng.derived(o.seed, 'lut/width-check');
  const picked: Sample[] = [widest, ...Array.from({ length: o.archs }, () => randomSample(space, rng))];
  const docs = picked.map((p, k) => freeze(space, p, k === 0 ? `${space.name}-widest` : `${space.name}-check-${k - 1}`));
  const archs = docs.map((d) => chain(d, d.name));
  const models = archs.map((a, k) => buildModel(a, { seed: k }) as ChainModel);
  let n!: Normalised;
  try {
    await runner.loadArchs(grid, [{ key: REFERENCE_KEY, choices: refChoices }], 1, toArch);
    await runner.loadTrained(models.map((m, k) => ({ key: docs[k]!.name, model: m, exportedDir: '' })));
    const keys = docs.map((d) => d.name);
    await runner.warm([REFERENCE_KEY, ...keys], s.warmup);
    const log = await timeRounds(runner, keys, REFERENCE_KEY, { rounds: s.runs, forwards: s.forwards, clockEvery: s.clockEvery }, Rng.derived(o.seed, 'lut/width-rounds'), 'build-lut: whole architectures');
    n = normalise(log, REFERENCE_KEY, s.quantile);
  } finally {
    models.forEach((m) => m.dispose());
  }
  const measured = (k: string) => quantile(n.samples.get(k)!, s.quantile);
  const fixed = measured(docs[0]!.name) - widthLatency(space, boxes, 0, archs[0]!);
  const samples: CheckSample[] = docs.slice(1).map((d, k) => ({
    name: d.name, kind: 'uniform' as const, choices: Object.entries(picked[k + 1]!).map(([l, v]) => `${l}=${v}`),
    lutMs: widthLatency(space, boxes, fixed, archs[k + 1]!), measuredMs: measured(d.name), rawMs: quantile(n.raw.get(d.name)!, s.quantile),
  }));
  const e2e = endToEndSection(samples, o.check);
  const w = archs[0]!;
  const fixedTiming = { value: fixed, median: fixed, p10: fixed, p90: fixed, runs: n.samples.get(docs[0]!.name)!.length, remeasured: 0 };
  const warnings = [...space.warnings, 'width model: parts timed alone (not in context) and interpolated between the corners of their width box; fixed = the widest instance measured whole minus its parts'];
  if (e2e.below.length) warnings.unshift(`THE LATENCY TABLE IS NOT TRUSTWORTHY: its end-to-end check misses the thresholds (${e2e.below.join('; ')})`);
  return {
    schema: 'lut/v2',
    stamp: o.stamp,
    settings: s,
    reference: { method: 'context', choices: refChoices, floors: [], clock: { value: n.clockMs, ...summarize(n.clock), median: n.clockMs, remeasured: 0 } },
    space: space.doc,
    grid: grid as unknown as LatencyTable['grid'],
    fixed: { latency: fixedTiming, stem: { flops: w.stem.cost.flops, params: w.stem.cost.params }, head: { flops: w.head.cost.flops, params: w.head.cost.params } },
    entries: [],
    checks: { monotonicity: [], endToEnd: e2e },
    warnings,
    widths: { method: 'corners', fixedFrom: docs[0]!.name, boxes: boxes as NonNullable<LatencyTable['widths']>['boxes'] },
  };
}
