// build-lut for a width space (FBNetV2): lut.json with a width model instead of per-(layer,
// candidate) entries. Steps:
//   1. every part's corners timed alone (width-measure.ts): the fit's prior
//   2. the widest instance W, `fit.archs` seeded random architectures (the fit set) and `archs`
//      others (the check, held out) built whole and timed interleaved with the reference network
//      R (the widest layout, each layer's widest op) as the drift clock — the runner and rounds
//      evaluate uses, so its clock is this table's clock
//   3. the corners and fixed fitted to W and the fit set (src/latency/width-fit.ts: corner =
//      s·alone + t·MFLOPs + δ, ridge on δ by cross-validation)
//   4. the end-to-end check: the held-out architectures, measured vs fixed + their interpolated parts
// The document keeps lut/v2's shape: `entries` empty, `grid` = the widest layout, `widths` the boxes.
import { buildModel, type ChainModel } from '../arch/model.js';
import { normalizeArch, type NormalizedChainArch } from '../arch/normalize.js';
import { Rng } from '../core/rng.js';
import { type Normalised, normalise, quantile } from '../latency/drift.js';
import { REFERENCE_KEY } from '../latency/plan.js';
import { summarize } from '../latency/stats.js';
import { chooseWidthRidge, fitWidths, predictWidthFit, type WidthFitPoint } from '../latency/width-fit.js';
import { cornerMflops, cornerOffsets, cornerPhi, corners, widthLatency, widthParts } from '../latency/width-model.js';
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
  /** Random architectures the corners are fitted to (besides the widest), and a fixed ridge λ (absent: cross-validated). */
  fit: { archs: number; ridge?: number };
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
  const fitRng = Rng.derived(o.seed, 'lut/width-fit');
  // [W, the check (held out), the fit set]: the check's draws do not depend on the fit set's size
  const picked: Sample[] = [widest, ...Array.from({ length: o.archs }, () => randomSample(space, rng)), ...Array.from({ length: o.fit.archs }, () => randomSample(space, fitRng))];
  const docs = picked.map((p, k) => freeze(space, p, k === 0 ? `${space.name}-widest` : k <= o.archs ? `${space.name}-check-${k - 1}` : `${space.name}-fit-${k - 1 - o.archs}`));
  const archs = docs.map((d) => chain(d, d.name));
  let n!: Normalised;
  await runner.loadArchs(grid, [{ key: REFERENCE_KEY, choices: refChoices }], 1, toArch);
  const keys = docs.map((d) => d.name);
  const models = archs.map((a, k) => buildModel(a, { seed: k }) as ChainModel);
  try {
    await runner.loadTrained(models.map((m, k) => ({ key: keys[k]!, model: m, exportedDir: '' })));
    await runner.warm([REFERENCE_KEY, ...keys], s.warmup);
    const log = await timeRounds(runner, keys, REFERENCE_KEY, { rounds: s.runs, forwards: s.forwards, clockEvery: s.clockEvery }, Rng.derived(o.seed, 'lut/width-rounds'), 'build-lut: whole architectures');
    n = normalise(log, REFERENCE_KEY, s.quantile);
  } finally {
    models.forEach((m) => m.dispose());
  }
  const measured = (k: string) => quantile(n.samples.get(k)!, s.quantile);

  // the fit: W and the fit set; the check architectures stay out of it (and out of λ's choice)
  const offsets = cornerOffsets(boxes);
  const parts = widthParts(space);
  const alone = boxes.flatMap((b) => b.ms);
  const mflops = parts.flatMap((p) => corners(p.axes).map((c) => cornerMflops(space, p, c)));
  const fitIdx = [0, ...Array.from({ length: o.fit.archs }, (_, i) => 1 + o.archs + i)];
  const points: WidthFitPoint[] = fitIdx.map((k) => ({ phi: cornerPhi(space, boxes, offsets, archs[k]!), ms: measured(keys[k]!) }));
  const scale = measured(keys[0]!);
  const ridge = o.fit.ridge !== undefined ? { ridge: o.fit.ridge, folds: 0, cv: [] } : chooseWidthRidge(points, { alone, mflops, scale });
  const fit = fitWidths(points, { alone, mflops, scale, ridge: ridge.ridge });
  const inSample = points.map((p) => Math.abs(predictWidthFit(fit, p.phi) - p.ms) / p.ms);
  o.log(`width model fitted to ${points.length} whole networks: corner = ${fit.aloneScale.toFixed(3)}·alone + ${fit.flopsMs.toFixed(3)} ms/MFLOP + δ, ridge ${ridge.ridge}${ridge.folds ? ` (cross-validated: ${ridge.cv.map((x) => `${x.ridge} → ${(100 * x.mape).toFixed(1)} %`).join(', ')})` : ' (config)'}; in-sample MAPE ${((100 * inSample.reduce((a, b) => a + b, 0)) / inSample.length).toFixed(1)} %`);
  // duplicate corners (a fixed axis) never carry weight: they keep their twin's value
  const fitted = boxes.map((b, i) => {
    const first = new Map<string, number>();
    const cs = corners(b.axes);
    return { ...b, ms: cs.map((c, j) => {
      const key = c.join('x');
      if (!first.has(key)) first.set(key, fit.corners[offsets[i]! + j]!);
      return first.get(key)!;
    }) };
  });
  const fixed = fit.fixed;
  const samples: CheckSample[] = docs.slice(1, 1 + o.archs).map((d, k) => ({
    name: d.name, kind: 'uniform' as const, choices: Object.entries(picked[k + 1]!).map(([l, v]) => `${l}=${v}`),
    lutMs: widthLatency(space, fitted, fixed, archs[k + 1]!), measuredMs: measured(d.name), rawMs: quantile(n.raw.get(d.name)!, s.quantile),
  }));
  const aloneFixed = measured(keys[0]!) - widthLatency(space, boxes, 0, archs[0]!); // the widest measured minus its parts, as before the fit
  const alonePredict = docs.slice(1, 1 + o.archs).map((_, k) => widthLatency(space, boxes, aloneFixed, archs[k + 1]!));
  const aloneCheck = endToEndSection(samples.map((x, k) => ({ ...x, lutMs: alonePredict[k]! })), {});
  o.log(`end-to-end of the parts timed alone (the prior; same held-out architectures): Spearman ${aloneCheck.spearman?.toFixed(3) ?? 'n/a'}, within ±10 % ${aloneCheck.within10 === null ? 'n/a' : `${(100 * aloneCheck.within10).toFixed(1)} %`}`);
  const e2e = endToEndSection(samples, o.check);
  const w = archs[0]!;
  const fixedTiming = { value: fixed, median: fixed, p10: fixed, p90: fixed, runs: n.samples.get(docs[0]!.name)!.length, remeasured: 0 };
  const warnings = [...space.warnings];
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
    widths: {
      method: 'corners', fixedFrom: docs[0]!.name, boxes: fitted as NonNullable<LatencyTable['widths']>['boxes'],
      fit: {
        networks: points.length, aloneScale: fit.aloneScale, msPerMflop: fit.flopsMs, ridge: ridge.ridge, ridgeFrom: ridge.folds ? 'cross-validation' : 'config', folds: ridge.folds, cv: ridge.cv,
        inSampleMape: inSample.reduce((a, b) => a + b, 0) / inSample.length,
        aloneCheck: { spearman: aloneCheck.spearman, within10: aloneCheck.within10, mape: aloneCheck.mape },
      },
    },
  };
}
