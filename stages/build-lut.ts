// build-lut: measures the latency table of the configured search space (named by the config,
// a chain space: every (layer, candidate) in context; a cells space: every (cell, edge, op) alone,
// optionally restricted to a sub-space) in the configured deploy
// runtime (node or browser) and backend — every (searchable layer, candidate) as it costs inside a
// network, plus one fixed per-inference entry — adds analytic FLOPs/params, checks the table
// against whole architectures timed interleaved with it, and writes lut.json. A table below the
// configured thresholds is flagged loudly; below `failBelow` the stage fails. A width space
// (FBNetV2: width, expansion or resolution choices) gets a width model instead of entries: parts
// timed at the corners of their width boxes, checked the same way (src/lut/width-lut.ts).
import { join, resolve } from 'node:path';
import { ConfigError, NasflowError } from '../src/core/errors.js';
import { waitForIdle } from '../src/lut/idle.js';
import { measureCells } from '../src/lut/cells.js';
import { cellLutDocument } from '../src/lut/cells-document.js';
import { lutDocument } from '../src/lut/document.js';
import { measureContext } from '../src/lut/measure.js';
import { openRunner } from '../src/lut/runtime.js';
import { lutStamp } from '../src/lut/stamp.js';
import { loadPipeline } from '../src/pipeline/pipeline.js';
import { preflight } from '../src/pipeline/preflight.js';
import { runStage } from '../src/pipeline/stage.js';
import { freeze } from '../src/spaces/freeze.js';
import { lutGrid, sampleFromOps } from '../src/spaces/grid.js';
import { loadSpace } from '../src/spaces/load.js';
import { isWidthSpace, widthGrid } from '../src/spaces/widths.js';
import { widthLut } from '../src/lut/width-lut.js';
import { featureLine } from '../src/latency/fit-prior.js';
import type { BuildLutConfig, LutSettings } from '../src/types/generated.js';

await runStage<BuildLutConfig>('build-lut', async (ctx) => {
  const c = ctx.config;
  // cross-references of the later stages' configs, before anything is measured or trained
  preflight(ctx.root, loadPipeline(ctx.root), undefined, { 'build-lut': ctx.configFile });
  const space = loadSpace(resolve(ctx.root, c.space), c.restrict, ctx.configFile);
  const widths = isWidthSpace(space);
  const grid = widths ? widthGrid(space) : lutGrid(space);
  const toArch = (choices: string[], name: string) => freeze(space, sampleFromOps(space, choices), name);
  for (const w of space.warnings) ctx.log(`warning: ${w}`);
  const runtime = c.runtime ?? 'node';
  const cells = space.body.kind === 'cells';
  if (widths && runtime !== 'node') throw new ConfigError(ctx.configFile, '/runtime', `the width model of space ${space.name} (width/resolution choices) is measured in node; found ${runtime}`);
  if (cells && runtime !== 'node') throw new ConfigError(ctx.configFile, '/runtime', `a cells space (${space.name}) is measured in the node runtime; found ${runtime}`);
  if (c.threads !== undefined && runtime !== 'browser') throw new ConfigError(ctx.configFile, '/threads', `threads applies to runtime browser (wasm); runtime is ${runtime}`);
  const runner = await openRunner(runtime, c.backend, c.batch, ctx.log, false, c.threads);
  const rt = runner.info;
  ctx.record({ backend: rt.backend, backendReason: `${runtime}: ${rt.backendReason}`, seed: c.seed });
  const settings: LutSettings = {
    warmup: c.warmup, runs: c.runs, forwards: c.forwards ?? 3, clockEvery: c.clockEvery ?? 8,
    pilotRounds: c.endToEnd?.pilotRounds ?? 2, quantile: c.quantile ?? 0.5, spreadThreshold: c.spreadThreshold ?? 0.5, maxRemeasure: c.maxRemeasure ?? 2,
  };
  ctx.log(`${space.name}: ${grid.layers.length} layers${c.restrict ? ' (restricted by the config)' : ''} on ${runtime}/${rt.backend} at batch ${c.batch}; ${settings.runs} interleaved rounds of ${settings.forwards} inferences per model, reference re-timed every ${settings.clockEvery} models`);

  const stillBusy = await waitForIdle(join(ctx.root, 'artifacts'), 5 * 60_000, ctx.log);
  const t0 = Date.now();
  let lut;
  try {
    const check = { thresholds: c.endToEnd?.thresholds, failBelow: c.endToEnd?.failBelow, calibrate: c.endToEnd?.calibrate };
    const archs = c.endToEnd?.archs ?? 50;
    if (widths) {
      const fit = { archs: c.fit?.archs ?? 60, ...(c.fit?.ridge !== undefined ? { ridge: c.fit.ridge } : {}) };
      lut = await widthLut({ space, runner, stamp: lutStamp(space, grid, rt, c.batch), settings, archs, fit, seed: c.seed, check, log: ctx.log });
    } else if (cells) {
      // DARTS' option: every (cell, edge, op) timed alone, R as the clock (src/lut/cells.ts)
      const m = await measureCells(space, grid, { batch: c.batch, warmup: c.warmup, runs: settings.runs, forwards: settings.forwards, clockEvery: settings.clockEvery, quantile: settings.quantile, archs }, c.seed, rt, ctx.log);
      lut = cellLutDocument(space, grid, m, lutStamp(space, grid, rt, c.batch), settings, check);
    } else {
      const fit = { archs: c.fit?.archs ?? 60, swaps: c.fit?.swaps ?? true, predicted: c.fit?.predicted ?? 0, ...(c.fit?.ridge !== undefined ? { ridge: c.fit.ridge } : {}) };
      const r = await measureContext(runner, grid, { ...settings, rounds: settings.runs, archs, fit }, c.seed, toArch, ctx.log);
      const ff = (v: number | null): string => (v === null ? 'n/a' : v.toFixed(3));
      ctx.log(`fit: ${r.fit.networks} networks (R${fit.swaps ? ', swaps' : ''}, ${fit.archs} random${fit.predicted ? `, ${fit.predicted} over the pilot's range` : ''}), ridge ${r.fit.ridge.ridge} toward the ${r.fit.prior === 'swaps' ? 'swap marginals' : `feature model (${featureLine(r.fit.features!)})`}${r.fit.ridge.folds ? ` (cross-validated: ${r.fit.ridge.cv.map((x) => `${x.ridge} → ${(100 * x.mape).toFixed(1)} %`).join(', ')})` : ' (config)'}; in-sample MAPE ${(100 * (r.fit.inSample.mape ?? NaN)).toFixed(1)} %, Spearman ${ff(r.fit.inSample.spearman)}`);
      lut = lutDocument(space, grid, r, lutStamp(space, grid, rt, c.batch), settings, check);
    }
  } finally {
    await runner.close();
  }
  if (stillBusy.length) lut.warnings.push(`measured while other stages ran (${stillBusy.join(', ')}): latencies may be inflated`);
  for (const w of lut.checks.monotonicity) ctx.log(`monotonicity: ${w}`);

  const e = lut.checks.endToEnd;
  const f = (v: number | null, pct = false): string => (v === null ? 'n/a' : pct ? `${(100 * v).toFixed(1)} %` : v.toFixed(3));
  const line = (x: { spearman: number | null; kendall: number | null; mape: number | null; within10: number | null }): string =>
    `Spearman ${f(x.spearman)}, Kendall τ ${f(x.kendall)}, MAPE ${f(x.mape, true)}, within ±10 % ${f(x.within10, true)}`;
  ctx.log(`measured ${lut.widths ? `${lut.widths.boxes.length} width boxes` : `${lut.entries.length} entries`} + fixed ${lut.fixed.latency.value.toFixed(3)} ms in ${((Date.now() - t0) / 1000).toFixed(1)} s (reference ${lut.reference.clock.value.toFixed(3)} ms; latency = the ${settings.quantile} quantile of drift-corrected samples)`);
  ctx.log(`end-to-end over ${e.archs} architectures (drift-corrected): ${line(e)}; measured/LUT mean ${f(e.meanRatio)}, worst ${f(e.maxRatio)}`);
  ctx.log(`end-to-end, raw (no drift correction): ${line(e.raw)}`);
  if (lut.fit?.swapOnly) ctx.log(`end-to-end of the swap marginals alone (the same held-out architectures): ${line(lut.fit.swapOnly)}`);
  if (e.calibration) ctx.log(`calibration measured ≈ ${e.calibration.a.toFixed(3)} + ${e.calibration.b.toFixed(3)} × LUT (stored, not applied), leave-one-out: ${line(e.calibration.figures)}`);
  // the space's shape warnings were printed at the start; print only what measuring added
  for (const w of lut.warnings.filter((x) => !space.warnings.includes(x))) ctx.log(`warning: ${w}`);
  if (e.below.length) {
    const bar = '!'.repeat(78);
    ctx.log(`${bar}\n!! WARNING: the latency table fails its end-to-end check: ${e.below.join('; ')}\n!! Searches built on it optimise noise. Measure on a quiet machine, raise runs/forwards, or batch > 1.\n${bar}`);
  }
  if (e.failed) {
    throw new NasflowError('E_LUT_UNTRUSTED', `${ctx.configFile}#/endToEnd/failBelow: the latency table's end-to-end check is below failBelow (${JSON.stringify(e.failBelow)}): ${line(e)}; nothing was written`);
  }
  await ctx.writeJson('lut.json', 'lut', lut);
});
