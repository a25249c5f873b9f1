// evaluate: the only stage that reads the test split. Scores every retrained architecture (found
// and baselines) on test, measures its whole-model latency on the backend against the LUT
// prediction, checks the exported TF.js model against nasflow's, and writes results.json
// (deterministic), latency.json (measured) and the report (report.md, report.html).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { readDocument } from '../src/artifacts/io.js';
import { MANIFEST, readManifest } from '../src/artifacts/manifest.js';
import { type NormalizedArch, type NormalizedChainArch, normalizeArch } from '../src/arch/normalize.js';
import { NasflowError } from '../src/core/errors.js';
import { hashJson, sha256File } from '../src/core/hash.js';
import { buildReport } from '../src/eval/report.js';
import { renderHtml, renderMarkdown } from '../src/report/index.js';
import { initBackend } from '../src/backend/index.js';
import { readSplit } from '../src/data/index.js';
import { assertExportAgrees, exportMaxAbsDiff } from '../src/eval/export-check.js';
import { loadRetrained } from '../src/eval/load.js';
import { scoreSplit } from '../src/eval/score.js';
import { lutSpace } from '../src/latency/space.js';
import { archCost, costTable } from '../src/latency/table.js';
import { timeForward } from '../src/lut/timer.js';
import { runStage } from '../src/pipeline/stage.js';
import { SplitBatches } from '../src/train/batches.js';
import type { ArchDoc, DatasetMeta, EvaluateConfig, EvaluateLatency, EvaluateResults, LatencyTable, RetrainHistory, RetrainIndex, SupernetHistory, SearchResult, EvolutionHistory } from '../src/types/generated.js';

await runStage<EvaluateConfig>('evaluate', async (ctx) => {
  const c = ctx.config;
  const lutFile = join(ctx.upstreamDir('build-lut'), 'lut.json');
  const lut = readDocument<LatencyTable>(lutFile, 'lut');
  lutSpace(lut, lutFile); // refuses a table whose space or grid was edited
  const latencyTable = costTable(lut, 'latency', lutFile);
  const retrainDir = ctx.upstreamDir('retrain');
  const retrained = readDocument<RetrainIndex>(join(retrainDir, 'index.json'), 'retrain-index');
  const backend = await initBackend(c.backend, ctx.log);
  ctx.record({ backend: backend.name, backendReason: backend.reason });
  if (backend.name !== lut.stamp.backend) ctx.log(`warning: evaluating on ${backend.name}, the LUT was measured on ${lut.stamp.backend}: latency ratios compare different runtimes`);
  const dataDir = ctx.upstreamDir('prepare-data');
  const meta = readDocument<DatasetMeta>(join(dataDir, 'meta.json'), 'dataset');
  const test = new SplitBatches('test', readSplit(dataDir, 'test', meta), { mean: meta.stats.mean, std: meta.stats.std }, c.batch);
  const timer = { warmup: c.latency.warmup, runs: c.latency.runs, spreadThreshold: 0.5, maxRemeasure: 2 };
  const batches = c.latency.batches ?? [...new Set([1, lut.stamp.batch])];

  const results: EvaluateResults = { schema: 'evaluate-results/v1', classNames: meta.classNames, testImages: test.data.count, archs: [] };
  const latency: EvaluateLatency = { schema: 'evaluate-latency/v1', backend: backend.name, lutBackend: lut.stamp.backend, archs: [] };
  for (const entry of retrained.archs) {
    const dir = join(retrainDir, entry.dir);
    const { model } = loadRetrained(dir);
    try {
      // The LUT prices chain layers; cell architectures get their table with DARTS' latency option.
      if (model.kind !== 'chain') throw new NasflowError('E_UPSTREAM', `${entry.name}: evaluate compares against a chain LUT, found a ${model.kind} architecture`);
      const choices = model.arch.blocks.map((b) => b.name);
      const predicted = archCost(latencyTable, choices);
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
      const measured = batches.map((batch) => {
        const x = tf.randomNormal([batch, ...model.arch.input], 0, 1, 'float32', 1) as tf.Tensor4D;
        const t = timeForward(() => model.apply(x, false), timer, x);
        x.dispose();
        return { batch, median: t.median, p10: t.p10, p90: t.p90, runs: t.runs };
      });
      const atLut = measured.find((m) => m.batch === lut.stamp.batch);
      results.archs.push({
        name: entry.name, kind: entry.kind, choices, test: { top1: scores.top1, top5: scores.top5 }, perClass: scores.perClass, confusion: scores.matrix,
        val: entry.val, bestEpoch: entry.bestEpoch, flops: entry.flops, params: entry.params, predictedLatencyMs: predicted, lutBatch: lut.stamp.batch, exportMaxAbsDiff: exportDiff,
      });
      latency.archs.push({ name: entry.name, measured, predictedMs: predicted, lutBatch: lut.stamp.batch, ratio: atLut ? atLut.median / predicted : null });
      ctx.log(`${entry.name} [${entry.kind}]: test top-1 ${(100 * scores.top1).toFixed(2)} %, top-5 ${(100 * scores.top5).toFixed(2)} %; latency ${measured.map((m) => `${m.median.toFixed(3)} ms @${m.batch}`).join(', ')} vs LUT ${predicted.toFixed(3)} ms${exportDiff === null ? '' : `; export max |diff| ${exportDiff.toExponential(1)}`}`);
    } finally {
      model.dispose();
    }
  }
  await ctx.writeJson('results.json', 'evaluate-results', results);
  await ctx.writeJson('latency.json', 'evaluate-latency', latency);

  const supernetDir = ctx.upstreamDir('train-supernet');
  const evolutionFile = join(ctx.upstreamDir('sample'), 'evolution.json');
  const foundEntry = retrained.archs.find((a) => a.kind === 'found') ?? retrained.archs[0]!;
  const foundFile = join(retrainDir, foundEntry.dir, 'arch.json');
  const manifests = [];
  for (const stage of ['prepare-data', 'build-lut', 'train-supernet', 'sample', 'retrain']) {
    const dir = ctx.upstreamDir(stage);
    manifests.push({ manifest: readManifest(dir), sha256: (await sha256File(join(dir, MANIFEST))).sha256 });
  }
  const report = await buildReport({
    results, latency, lut,
    search: readDocument<SearchResult>(join(supernetDir, 'search.json'), 'search-result'),
    supernet: readDocument<SupernetHistory>(join(supernetDir, 'history.json'), 'history'),
    evolution: existsSync(evolutionFile) ? readDocument<EvolutionHistory>(evolutionFile, 'evolution') : null,
    retrain: new Map(retrained.archs.map((a) => [a.name, readDocument<RetrainHistory>(join(retrainDir, a.dir, 'history.json'), 'retrain-history')])),
    found: chainArch(normalizeArch(readDocument<ArchDoc>(foundFile, 'arch'), foundFile), foundFile),
    manifests,
    configHash: hashJson(c),
  });
  await ctx.writeBytes('report.md', new TextEncoder().encode(renderMarkdown(report).markdown));
  await ctx.writeBytes('report.html', new TextEncoder().encode(renderHtml(report)));
  ctx.log(`report: ${join(ctx.root, 'artifacts', 'evaluate', 'report.html')}`);
});

function chainArch(a: NormalizedArch, file: string): NormalizedChainArch {
  if (a.kind !== 'chain') throw new NasflowError('E_UPSTREAM', `${file}: the report draws chain architectures, found ${a.kind}`);
  return a;
}
