// retrain: trains every selected sampled architecture and every configured baseline from scratch
// on train_w ∪ train_theta, picks each one's epoch on val, and writes its weights, history and the
// model exported in TF.js LayersModel format. Each architecture is one `retrain` job (data:
// src/retrain/kind.ts) run by the configured executor — `local` worker threads (one per core) or
// `queue` (BullMQ on Redis, `nasflow worker` processes anywhere); the results are the same either
// way and come back through the content store. Resumable: jobs checkpoint in the store.
import { join } from 'node:path';
import { readDocument } from '../src/artifacts/io.js';
import { codeHash } from '../src/artifacts/code-hash.js';
import { initBackend } from '../src/backend/index.js';
import { ConfigError } from '../src/core/errors.js';
import { hashJson } from '../src/core/hash.js';
import { makeExecutor } from '../src/jobs/executor.js';
import { lutSpace } from '../src/latency/space.js';
import { costTable } from '../src/latency/table.js';
import { bandJobs } from '../src/protocol/band-jobs.js';
import { runStage } from '../src/pipeline/stage.js';
import { retrainInputs, retrainJob } from '../src/retrain/kind.js';
import { longestFirst, predictedCosts } from '../src/retrain/order.js';
import { retrainJobs } from '../src/retrain/plan.js';
import type { ArchDoc, DatasetMeta, EpochTiming, LatencyTable, RetrainConfig, RetrainedArch, RetrainIndex, SampleIndex, Timings } from '../src/types/generated.js';

await runStage<RetrainConfig>('retrain', async (ctx) => {
  const c = ctx.config;
  const lutFile = join(ctx.upstreamDir('build-lut'), 'lut.json');
  const lut = readDocument<LatencyTable>(lutFile, 'lut');
  const space = lutSpace(lut, lutFile);
  const sampleDir = ctx.upstreamDir('sample');
  const sampleIndex = readDocument<SampleIndex>(join(sampleDir, 'index.json'), 'sample-index');
  const sampled = sampleIndex.archs.map((a) => ({ name: a.name, doc: readDocument<ArchDoc>(join(sampleDir, a.file), 'arch') }));
  const planned = retrainJobs(c, sampled, space, ctx.configFile);
  // The evaluation protocol: K random architectures in each found architecture's latency band.
  if (c.protocol && lut.widths) throw new ConfigError(ctx.configFile, '/protocol', `the latency-band protocol draws from a grid table; space ${space.name} has a width model (FBNetV2): remove protocol`);
  if (space.body.kind === 'cells' && c.protocol && c.protocol.k > 0) throw new ConfigError(ctx.configFile, '/protocol', `no latency band for a cells space (its random genotypes are the \`baselines.random\` ones): expected k 0 or no protocol, found k ${c.protocol.k}`);
  const bands = c.protocol ? bandJobs(c.protocol, c.seed, planned.filter((j) => j.kind === 'found'), space, costTable(lut, 'latency', lutFile), ctx.configFile) : null;
  const archs = [...planned, ...(bands?.jobs ?? [])];
  for (const b of bands?.bands ?? []) ctx.log(`latency band of ${b.found}: ${b.archs.length} random architectures with LUT latency in [${b.loMs.toFixed(3)}, ${b.hiMs.toFixed(3)}] ms (${b.tried} draws)`);
  const backend = await initBackend(c.backend, ctx.log);
  ctx.record({ backend: backend.name, backendReason: backend.reason, seed: c.seed });
  const dataDir = ctx.upstreamDir('prepare-data');
  const meta = readDocument<DatasetMeta>(join(dataDir, 'meta.json'), 'dataset');
  const perEpoch = Math.min(c.batchesPerEpoch ?? Infinity, Math.floor((meta.splits.train_w.count + meta.splits.train_theta.count) / c.batch));
  // Data-parallel (config.parallel): one architecture at a time, each on its own gradient pool.
  const executor = await makeExecutor(c.executor ?? 'local', { root: ctx.root, workers: c.parallel ? 1 : (c.workers ?? null), log: ctx.log, configFile: ctx.configFile, configPath: '/executor' });
  ctx.log(`${archs.length} architectures (${archs.map((j) => `${j.name} [${j.kind}]`).join(', ')}), executor ${executor.kind}${c.parallel ? `, each data-parallel on ${c.parallel.workers} gradient worker(s) over ${c.parallel.shards} shards (BatchNorm per shard)` : ''}; ${c.epochs} epochs of ${perEpoch} batches of ${c.batch}`);

  // The recipe without how it is executed: the same jobs (ids, checkpoints, results) under any executor.
  const { workers: _w, executor: _e, ...recipe } = c;
  const code = codeHash(ctx.root);
  // A checkpoint is only resumed by the run that wrote it: same recipe, code, data and backend.
  const runKey = hashJson({ config: { ...recipe, parallel: recipe.parallel ? { shards: recipe.parallel.shards } : undefined }, code, data: meta.source.sha256, seed: meta.seed, backend: backend.name });
  const inputs = retrainInputs(executor.store, dataDir, meta);
  const shape = { name: space.name, input: space.input, classes: space.classes };
  const jobs = archs.map((arch) => retrainJob(inputs, { arch, retrain: recipe as RetrainConfig, backend: backend.name, code, space: shape, runKey }));
  // Dispatch longest predicted first (src/retrain/order.ts); results come back in plan order.
  const order = longestFirst(lutCosts(lut, lutFile, archs, space));
  ctx.log(`dispatch order, longest predicted first: ${order.map((k) => archs[k]!.name).join(', ')}`);
  let results: Awaited<ReturnType<typeof executor.run>>;
  try {
    const done = await executor.run(order.map((k) => jobs[k]!));
    results = jobs.map((_, k) => done[order.indexOf(k)]!);
  } finally {
    await executor.close();
  }
  for (const r of results) executor.store.materialise(r, ctx.outDir);
  const entries = results.map((r) => r.data as RetrainedArch);
  const index: RetrainIndex = { schema: 'retrain-index/v1', backend: backend.name, ...(c.protocol && bands ? { protocol: { k: c.protocol.k, width: c.protocol.width, bands: bands.bands } } : {}), archs: entries };
  const timings: Timings = { schema: 'timings/v1', stage: 'retrain', backend: backend.name, runs: results.map((r, k) => ({ name: archs[k]!.name, epochs: r.measured.timings as EpochTiming[] })) };
  const retried = results.filter((r) => r.measured.attempt > 1);
  const nw = new Set(results.map((r) => r.measured.worker)).size;
  ctx.log(`${results.length} jobs done (${nw} worker${nw === 1 ? '' : 's'}, ${retried.length} finished on a later attempt${retried.length ? `: ${retried.map((r) => `${(r.data as RetrainedArch).name} attempt ${r.measured.attempt}, ${String(r.measured.stepsRun)} steps after resuming`).join('; ')}` : ''})`);
  await ctx.writeJson('index.json', 'retrain-index', index);
  await ctx.writeJson('timings.json', 'timings', timings);
});

/** Each architecture's LUT latency for the dispatch order; NaN throughout when the table is not a grid (a width model). */
function lutCosts(lut: LatencyTable, lutFile: string, archs: { name: string; doc: ArchDoc }[], space: ReturnType<typeof lutSpace>): number[] {
  try {
    return predictedCosts(archs, space, costTable(lut, 'latency', lutFile));
  } catch {
    return archs.map(() => NaN);
  }
}
