// build-lut: measures latency of every (searchable layer, candidate) of the configured search
// space (named by the config, optionally restricted to a sub-space) on the configured backend, adds analytic FLOPs/params, checks the table against reality
// (monotonicity, end-to-end latency of random architectures) and writes lut.json.
import { join, resolve } from 'node:path';
import { initBackend } from '../src/backend/index.js';
import { monotonicityWarnings } from '../src/latency/checks.js';
import { costTable } from '../src/latency/table.js';
import { endToEndCheck } from '../src/lut/end-to-end.js';
import { waitForIdle } from '../src/lut/idle.js';
import { measureEntries, measureFixed } from '../src/lut/measure.js';
import { lutStamp } from '../src/lut/stamp.js';
import { loadPipeline } from '../src/pipeline/pipeline.js';
import { preflight } from '../src/pipeline/preflight.js';
import { runStage } from '../src/pipeline/stage.js';
import { lutGrid } from '../src/spaces/grid.js';
import { loadSpace } from '../src/spaces/load.js';
import type { BuildLutConfig, LatencyTable, LutGrid } from '../src/types/generated.js';

await runStage<BuildLutConfig>('build-lut', async (ctx) => {
  const c = ctx.config;
  // cross-references of the later stages' configs, before anything is measured or trained
  preflight(ctx.root, loadPipeline(ctx.root), undefined, { 'build-lut': ctx.configFile });
  const space = loadSpace(resolve(ctx.root, c.space), c.restrict, ctx.configFile);
  const grid = lutGrid(space);
  for (const w of space.warnings) ctx.log(`warning: ${w}`);
  const backend = await initBackend(c.backend, ctx.log);
  ctx.record({ backend: backend.name, backendReason: backend.reason, seed: c.seed });
  const settings = { warmup: c.warmup, runs: c.runs, spreadThreshold: c.spreadThreshold ?? 0.5, maxRemeasure: c.maxRemeasure ?? 2 };
  const cells = grid.layers.reduce((n, l) => n + l.candidates.length, 0);
  ctx.log(`${space.name}: ${grid.layers.length} layers, ${cells} (layer, candidate) entries${c.restrict ? ' (restricted by the config)' : ''} at batch ${c.batch}, ${settings.warmup} warm-up + ${settings.runs} timed runs each`);

  const stillBusy = await waitForIdle(join(ctx.root, 'artifacts'), 5 * 60_000, ctx.log);
  const t0 = Date.now();
  const fixed = measureFixed(grid, c.batch, settings, c.seed);
  const entries = measureEntries(grid, c.batch, settings, c.seed);
  const tables = Date.now();
  const lut: LatencyTable = {
    schema: 'lut/v1',
    stamp: lutStamp(space, grid, backend, c.batch),
    settings,
    space: space.doc,
    grid: grid as unknown as LutGrid,
    fixed,
    entries,
    checks: { monotonicity: monotonicityWarnings(entries), endToEnd: { archs: 0, spearman: null, meanRatio: null, maxRatio: null, samples: [] } },
    warnings: [...space.warnings, ...(stillBusy.length ? [`measured while other stages ran (${stillBusy.join(', ')}): latencies may be inflated`] : [])],
  };
  const k = c.endToEnd?.archs ?? 10;
  lut.checks.endToEnd = endToEndCheck(space, costTable(lut, 'latency', 'lut.json'), k, c.batch, { ...settings, runs: c.endToEnd?.runs ?? settings.runs }, c.seed);
  const noisy = entries.filter((e) => (e.latency.p90 - e.latency.p10) / Math.max(e.latency.median, 1e-9) > settings.spreadThreshold);
  if (noisy.length) lut.warnings.push(`${noisy.length} entries stayed noisier than spread ${settings.spreadThreshold} after ${settings.maxRemeasure} re-measurements: ${noisy.map((e) => `layer ${e.layer} ${e.block}`).join(', ')}`);
  await ctx.writeJson('lut.json', 'lut', lut);

  for (const w of lut.checks.monotonicity) ctx.log(`monotonicity: ${w}`);
  // the space's shape warnings were printed at the start; print only what measuring added
  for (const w of lut.warnings.filter((x) => !space.warnings.includes(x))) ctx.log(`warning: ${w}`);
  const e2e = lut.checks.endToEnd;
  const f = (v: number | null): string => (v === null ? 'n/a' : v.toFixed(3));
  ctx.log(`measured ${entries.length} entries in ${((tables - t0) / 1000).toFixed(1)} s; end-to-end over ${e2e.archs} random archs: Spearman ${f(e2e.spearman)}, measured/LUT mean ${f(e2e.meanRatio)}, worst ${f(e2e.maxRatio)} (${((Date.now() - tables) / 1000).toFixed(1)} s)`);
});
