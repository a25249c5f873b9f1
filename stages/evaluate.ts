// evaluate: the only stage that reads the test split. Scores every retrained architecture (found
// and baselines) on test, times them whole in the LUT's runtime and backend (interleaved with the
// LUT's reference network as a drift clock) against the LUT prediction, checks the exported TF.js model against nasflow's, and writes results.json
// (FBNetV3: with the searched-vs-default recipe comparison and the predictor's held-out correlation)
// (deterministic), latency.json (measured) and the report (report.md, report.html).
// An architecture's other trainings (retrain `repeats`) are scored on test into its `repeats`;
// the protocol's verdict ranks on the mean over all its trainings.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readDocument } from '../src/artifacts/io.js';
import { MANIFEST, readManifest } from '../src/artifacts/manifest.js';
import { normalizeArch } from '../src/arch/normalize.js';
import { NasflowError } from '../src/core/errors.js';
import { hashJson, sha256File } from '../src/core/hash.js';
import { buildReport } from '../src/eval/report.js';
import { renderHtml, renderMarkdown } from '../src/report/index.js';
import { initBackend } from '../src/backend/index.js';
import { readSplit } from '../src/data/index.js';
import { assertExportAgrees, exportMaxAbsDiff } from '../src/eval/export-check.js';
import { loadRetrained } from '../src/eval/load.js';
import { scoreSplit } from '../src/eval/score.js';
import { protocolSummary } from '../src/protocol/summary.js';
import { layoutOf, lutSpace } from '../src/latency/space.js';
import { latencyPredictor } from '../src/latency/predict.js';
import { costTable } from '../src/latency/table.js';
import { pricedChoices } from '../src/eval/priced.js';
import { widthSections } from '../src/report/widths.js';
import { extremeSample, isWidthSpace } from '../src/spaces/widths.js';
import { choosePanel } from '../src/latency/panel.js';
import { timeTrained } from '../src/lut/trained.js';
import { freeze } from '../src/spaces/freeze.js';
import { sampleFromGridOps } from '../src/spaces/cell-grid.js';
import { sampleFromOps } from '../src/spaces/grid.js';
import type { NasflowModel } from '../src/arch/model.js';
import { loadPipeline, stageOf, topoOrder } from '../src/pipeline/pipeline.js';
import { runStage } from '../src/pipeline/stage.js';
import { SplitBatches } from '../src/train/batches.js';
import { recipeComparison } from '../src/eval/recipe-comparison.js';
import type { ArchDoc, DatasetMeta, EvaluateConfig, EvaluateLatency, EvaluateResults, JointNasResult, LatencyTable, RetrainHistory, RetrainIndex, SampleIndex, SupernetHistory, SearchResult, EvolutionHistory } from '../src/types/generated.js';

await runStage<EvaluateConfig>('evaluate', async (ctx) => {
  const c = ctx.config;
  const lutFile = join(ctx.upstreamDir('build-lut'), 'lut.json');
  const lut = readDocument<LatencyTable>(lutFile, 'lut');
  const space = lutSpace(lut, lutFile); // refuses a table whose space or grid was edited
  const latencyOf = latencyPredictor(lut, space, lutFile); // grid entries, or a width space's width model
  const retrainDir = ctx.upstreamDir('retrain');
  const retrained = readDocument<RetrainIndex>(join(retrainDir, 'index.json'), 'retrain-index');
  const backend = await initBackend(c.backend, ctx.log);
  ctx.record({ backend: backend.name, backendReason: backend.reason });
  const dataDir = ctx.upstreamDir('prepare-data');
  const meta = readDocument<DatasetMeta>(join(dataDir, 'meta.json'), 'dataset');
  const test = new SplitBatches('test', readSplit(dataDir, 'test', meta), { mean: meta.stats.mean, std: meta.stats.std }, c.batch);

  const results: EvaluateResults = { schema: 'evaluate-results/v1', classNames: meta.classNames, testImages: test.data.count, archs: [] };
  // Score every model first, then time them together (round-robin with the LUT's reference).
  const loaded: { key: string; model: NasflowModel; exportedDir: string }[] = [];
  const predictedOf = new Map<string, number>();
  // cells retrained in a larger evaluation layout: the table prices the genotype in the search layout only
  const relaid = new Set<string>();
  let latency: EvaluateLatency;
  // Other trainings of an architecture (retrain repeats) are scored on test only: the protocol
  // averages them in; latency, export check and the report's tables are training 0's.
  const trained = retrained.archs.filter((a) => !a.repeatOf);
  try {
    for (const entry of trained) {
      const dir = join(retrainDir, entry.dir);
      const { model } = loadRetrained(dir);
      loaded.push({ key: entry.name, model, exportedDir: join(dir, 'model') });
      // chain (incl. width spaces): the v2 predictor; cells: the genotype priced in its search layout
      const priced = model.kind === 'chain' ? { choices: model.arch.blocks.map((b) => b.name), predicted: latencyOf(model.arch), sameLayout: true } : pricedChoices(space, model, costTable(lut, 'latency', lutFile), join(dir, 'arch.json'));
      const { choices, predicted } = priced;
      predictedOf.set(entry.name, predicted);
      if (!priced.sameLayout) relaid.add(entry.name);
      const scores = scoreSplit(model, test);
      let exportDiff: number | null = null;
      if (c.exportCheck > 0) {
        const first = test.sequential(c.exportCheck).next().value;
        if (first) {
          exportDiff = await exportMaxAbsDiff(model, join(dir, 'model'), first.x);
          first.x.dispose();
          assertExportAgrees(entry.name, join(dir, 'model'), exportDiff, c.exportTolerance ?? 1e-3, first.labels.length);
        }
      }
      results.archs.push({
        name: entry.name, kind: entry.kind, ...(entry.recipe ? { recipe: entry.recipe } : {}), choices, test: { top1: scores.top1, top5: scores.top5 }, perClass: scores.perClass, confusion: scores.matrix,
        val: entry.val, bestEpoch: entry.bestEpoch, flops: entry.flops, params: entry.params, predictedLatencyMs: predicted, lutBatch: lut.stamp.batch, exportMaxAbsDiff: exportDiff,
      });
      ctx.log(`${entry.name} [${entry.kind}]: test top-1 ${(100 * scores.top1).toFixed(2)} %, top-5 ${(100 * scores.top5).toFixed(2)} %${exportDiff === null ? '' : `; export max |diff| ${exportDiff.toExponential(1)}`}`);
    }
    for (const entry of retrained.archs.filter((a) => a.repeatOf)) {
      const base = results.archs.find((a) => a.name === entry.repeatOf);
      if (!base) throw new NasflowError('E_RETRAIN_INDEX', `${join(retrainDir, 'index.json')}#/archs: ${entry.name} repeats ${entry.repeatOf}, which the index does not list`);
      const { model } = loadRetrained(join(retrainDir, entry.dir));
      const scores = scoreSplit(model, test);
      model.dispose();
      (base.repeats ??= []).push({ name: entry.name, test: { top1: scores.top1, top5: scores.top5 }, val: entry.val, bestEpoch: entry.bestEpoch });
      ctx.log(`${entry.name} [another training of ${base.name}]: test top-1 ${(100 * scores.top1).toFixed(2)} %`);
    }
    const lt = { warmup: c.latency.warmup, runs: c.latency.runs, forwards: c.latency.forwards ?? 3, clockEvery: c.latency.clockEvery ?? 2 };
    // The reference network R: the grid's ops, or a width space's widest instance (src/lut/width-lut.ts).
    const toArch = isWidthSpace(space)
      ? (_ch: string[], name: string) => freeze(space, extremeSample(space, 'widest'), name)
      : (ch: string[], name: string) => freeze(space, space.body.kind === 'cells' ? sampleFromGridOps(space, ch) : sampleFromOps(space, ch), name);
    // a width space's R is its widest instance, whatever the choices: its check networks cannot be rebuilt from them
    const panel = isWidthSpace(space) ? [] : choosePanel(lut.checks.endToEnd.samples ?? [], c.latency.panel ?? 8);
    const timed = await timeTrained(lut, layoutOf(space), toArch, loaded, lt, { backend: backend.name, backendReason: backend.reason, tfjsVersion: backend.tfjsVersion, threads: backend.threads }, ctx.log, panel);
    if (timed.panel) ctx.log(`latency clock: R ${timed.nowMs.toFixed(3)} ms now vs ${lut.reference.clock.value.toFixed(3)} ms in the table; panel of ${panel.length} check architectures now / at build: median ${timed.panel.factor.toFixed(3)} (${Math.min(...timed.panel.ratios).toFixed(3)}–${Math.max(...timed.panel.ratios).toFixed(3)})`);
    latency = {
      schema: 'evaluate-latency/v2', runtime: timed.info.runtime, ...(timed.info.browser ? { browser: timed.info.browser } : {}), backend: timed.info.backend, lutBackend: lut.stamp.backend,
      quantile: lut.settings.quantile, clock: { lutMs: lut.reference.clock.value, nowMs: timed.nowMs, ...(timed.panel ? { panel: { archs: timed.panel.names, factor: timed.panel.factor, ratios: timed.panel.ratios } } : {}) }, archs: [],
    };
    for (const entry of trained) {
      const t = timed.archs.get(entry.name)!;
      const predicted = predictedOf.get(entry.name)!;
      const same = !relaid.has(entry.name);
      latency.archs.push({ name: entry.name, measured: [{ batch: lut.stamp.batch, ...t.raw }], predictedMs: predicted, lutBatch: lut.stamp.batch, rawMs: t.rawMs, correctedMs: t.correctedMs, clockOnlyMs: t.clockOnlyMs, rawRatio: t.rawMs / predicted, ratio: same ? t.correctedMs / predicted : null, clockOnlyRatio: same ? t.clockOnlyMs / predicted : null });
      ctx.log(`${entry.name}: latency ${t.correctedMs.toFixed(3)} ms drift-corrected (raw ${t.rawMs.toFixed(3)} ms) vs LUT ${predicted.toFixed(3)} ms${same ? `: ratio ${(t.correctedMs / predicted).toFixed(3)} (R alone ${(t.clockOnlyMs / predicted).toFixed(3)}, raw ${(t.rawMs / predicted).toFixed(3)})` : ' (the genotype in the search layout; retrained in a larger one)'}`);
    }
  } finally {
    loaded.forEach((m) => m.model.dispose());
  }
  const supernetDir = ctx.upstreamDir('train-supernet');
  const jointFile = join(supernetDir, 'jointnas.json');
  const jointnas = existsSync(jointFile) ? readDocument<JointNasResult>(jointFile, 'jointnas') : null;
  if (jointnas) {
    const sampled = readDocument<SampleIndex>(join(ctx.upstreamDir('sample'), 'index.json'), 'sample-index');
    results.jointnas = recipeComparison(jointnas, results, sampled);
    for (const cmp of results.jointnas.comparisons) ctx.log(`${cmp.found}: searched recipe ${(100 * cmp.searchedTest).toFixed(2)} % vs default recipe ${(100 * cmp.defaultTest).toFixed(2)} % test top-1`);
    ctx.log(`predictor on ${jointnas.heldOut.count} held-out candidates: Kendall ${jointnas.heldOut.kendall.toFixed(3)}, Spearman ${jointnas.heldOut.spearman.toFixed(3)}`);
  }
  const off = latency.archs.filter((a) => a.ratio !== null && Math.abs(a.ratio - 1) > 0.1);
  if (off.length) ctx.log(`warning: ${off.length} architecture(s) off their LUT prediction by more than ±10 % after drift correction: ${off.map((a) => `${a.name} ${a.ratio!.toFixed(3)}`).join(', ')}`);
  await ctx.writeJson('results.json', 'evaluate-results', results);
  await ctx.writeJson('latency.json', 'evaluate-latency', latency);

  // The verdict compares latencies the way the report does: drift-corrected to the LUT's clock.
  const at1 = (name: string): number => latency.archs.find((a) => a.name === name)!.correctedMs;
  // cells (DARTS): the found genotype against every random genotype, all in the same evaluation layout
  const protocol = protocolSummary(results, at1, retrained.protocol, space.body.kind === 'cells');
  for (const line of protocol.lines) ctx.log(line);
  const evolutionFile = join(ctx.upstreamDir('sample'), 'evolution.json');
  const foundEntry = trained.find((a) => a.kind === 'found') ?? trained[0]!;
  const foundFile = join(retrainDir, foundEntry.dir, 'arch.json');
  const foundDoc = readDocument<ArchDoc>(foundFile, 'arch');
  const foundSample = foundDoc.search?.sample;
  const manifests = [];
  // every stage evaluate reads, in pipeline order: the report's hash chain leaves none out
  const pipeline = loadPipeline(ctx.root);
  const upstream = new Set(stageOf(pipeline, ctx.stage).dependsOn);
  for (const stage of topoOrder(pipeline).filter((s) => upstream.has(s))) {
    const dir = ctx.upstreamDir(stage);
    manifests.push({ manifest: readManifest(dir), sha256: (await sha256File(join(dir, MANIFEST))).sha256 });
  }
  const report = await buildReport({
    results, latency, lut,
    search: jointnas ? null : readDocument<SearchResult>(join(supernetDir, 'search.json'), 'search-result'),
    supernet: jointnas ? null : readDocument<SupernetHistory>(join(supernetDir, 'history.json'), 'history'),
    jointnas,
    evolution: existsSync(evolutionFile) ? readDocument<EvolutionHistory>(evolutionFile, 'evolution') : null,
    retrain: new Map(trained.map((a) => [a.name, readDocument<RetrainHistory>(join(retrainDir, a.dir, 'history.json'), 'retrain-history')])),
    found: normalizeArch(foundDoc, foundFile),
    widths: isWidthSpace(space) && foundSample ? widthSections(space, foundSample, foundDoc) : [],
    manifests,
    configHash: hashJson(c),
    protocol,
  });
  await ctx.writeBytes('report.md', new TextEncoder().encode(renderMarkdown(report).markdown));
  await ctx.writeBytes('report.html', new TextEncoder().encode(renderHtml(report)));
  ctx.log(`report: ${join(ctx.root, 'artifacts', 'evaluate', 'report.html')}`);
});
