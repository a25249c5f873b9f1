// Assembles lut.json from a context measurement: entries keyed by structured block attributes and
// shape (marginal latency in context, analytic FLOPs and params), the fixed entry, the reference
// network, how the entries were fitted (fit set, λ, cross-validation, in-sample figures, and the
// swap-marginal table's figures on the same held-out check), the monotonicity checks and the
// end-to-end check with its figures, thresholds, verdict and optional calibration.
import { monotonicityWarnings } from '../latency/checks.js';
import { belowThresholds, calibrate, type Figures, figures, type Thresholds } from '../latency/agreement.js';
import { candidatesAt } from '../latency/plan.js';
import { summarize } from '../latency/stats.js';
import { blockCost, headCost, stemCost } from '../ops/cost.js';
import type { Grid } from '../spaces/grid.js';
import { catalogOp, type NormalizedSpace } from '../spaces/normalize.js';
import type { LatencyTable, LutEndToEnd, LutEntry, LutFit, LutGrid, LutSettings, LutStamp } from '../types/generated.js';
import type { CheckSample, ContextResult } from './measure.js';

export interface CheckConfig {
  thresholds?: Thresholds;
  failBelow?: Thresholds;
  calibrate?: boolean;
}

const figs = (f: Figures) => ({ spearman: f.spearman, kendall: f.kendall, mape: f.mape, within10: f.within10, meanRatio: f.meanRatio, maxRatio: f.maxRatio });

export function endToEndSection(samples: CheckSample[], c: CheckConfig): LutEndToEnd {
  const p = samples.map((s) => s.lutMs);
  const f = figures(p, samples.map((s) => s.measuredMs));
  const thresholds = c.thresholds ?? {};
  const failing = c.failBelow ? belowThresholds(f, c.failBelow) : [];
  return {
    archs: samples.length,
    ...figs(f),
    raw: figs(figures(p, samples.map((s) => s.rawMs))),
    thresholds,
    ...(c.failBelow ? { failBelow: c.failBelow } : {}),
    below: belowThresholds(f, thresholds),
    failed: failing.length > 0,
    calibration: c.calibrate === false ? null : (() => {
      const cal = calibrate(p, samples.map((s) => s.measuredMs));
      return cal && { a: cal.a, b: cal.b, figures: figs(cal.figures) };
    })(),
    samples: samples.map((s) => ({ name: s.name, kind: s.kind, choices: s.choices, lutMs: s.lutMs, measuredMs: s.measuredMs, rawMs: s.rawMs })),
  };
}

/** The fit section of lut.json: method, fit set, λ and how it was chosen, and figures. */
export function fitSection(r: ContextResult): LutFit {
  const swaps = r.check.filter((s) => typeof s.swapMs === 'number');
  const random = r.fitNets.filter((n) => n.key.startsWith('fit-')).length;
  return {
    method: 'weighted-least-squares',
    networks: r.fit.networks,
    randomNetworks: random,
    swaps: r.fit.swapTimings !== null,
    rounds: r.fit.rounds,
    ridge: r.fit.ridge.ridge,
    ridgeFrom: r.fit.ridge.folds ? 'cross-validation' : 'config',
    folds: r.fit.ridge.folds,
    cv: r.fit.ridge.cv,
    prior: r.fit.prior,
    features: r.fit.features,
    pinned: r.timings.clamped,
    inSample: figs(r.fit.inSample),
    swapOnly: swaps.length ? figs(figures(swaps.map((s) => s.swapMs!), swaps.map((s) => s.measuredMs))) : null,
  };
}

/** `space` is the (restricted) space the table is for, `grid` its table layout. */
export function lutDocument(space: NormalizedSpace, grid: Grid, r: ContextResult, stamp: LutStamp, settings: LutSettings, check: CheckConfig): LatencyTable {
  const entries: LutEntry[] = grid.layers.flatMap((layer, l) =>
    candidatesAt(grid, l).map((block) => {
      const op = catalogOp(block)!;
      const cost = blockCost(layer.cIn, layer.cOut, layer.stride, op, layer.inHW[0], layer.inHW[1]);
      return { layer: l, block, op: { ...op } as LutEntry['op'], input: [layer.inHW[0], layer.inHW[1], layer.cIn], cOut: layer.cOut, stride: layer.stride, latency: r.timings.entries[l]!.get(block)!, flops: cost.flops, params: cost.params };
    }),
  );
  const st = grid.stem;
  const h = grid.head;
  const stemC = stemCost(st.cIn, st.cOut, st.kernel, st.stride, st.inHW[0], st.inHW[1]);
  const headC = headCost(h.cIn, h.cOut, h.norm, grid.classes, h.inHW[0], h.inHW[1]);
  const e2e = endToEndSection(r.check, check);
  const warnings = [...space.warnings];
  if (r.noisy.length) warnings.push(`${r.noisy.length} model(s) stayed noisier than spread ${settings.spreadThreshold} after ${settings.maxRemeasure} extra-round attempts: ${r.noisy.slice(0, 8).join(', ')}${r.noisy.length > 8 ? `, … (${r.noisy.length - 8} more)` : ''}`);
  if (r.timings.clamped.length) warnings.push(`${r.timings.clamped.length} entr(y/ies) the fit took below 0 were pinned at 0 (the block costs nothing measurable above the layer's floor here): ${r.timings.clamped.slice(0, 8).join(', ')}${r.timings.clamped.length > 8 ? ', …' : ''}`);
  if (e2e.below.length) warnings.unshift(`THE LATENCY TABLE IS NOT TRUSTWORTHY: its end-to-end check misses the thresholds (${e2e.below.join('; ')})`);
  return {
    schema: 'lut/v2',
    stamp,
    settings,
    reference: { method: 'context', choices: r.plan.reference, floors: r.plan.floors, clock: { value: r.clockMs, ...summarize(r.clock), median: r.clockMs, remeasured: 0 } },
    space: space.doc,
    grid: grid as unknown as LutGrid,
    fixed: { latency: r.timings.fixed, stem: { flops: stemC.flops, params: stemC.params }, head: { flops: headC.flops, params: headC.params } },
    entries,
    fit: fitSection(r),
    checks: { monotonicity: monotonicityWarnings(entries), endToEnd: e2e },
    warnings,
  };
}
