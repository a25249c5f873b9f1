// retrain: trains every selected sampled architecture from scratch on train_w ∪ train_theta (with,
// for FBNetV3, its default-recipe twin) and the evaluation protocol's latency-band randoms, picks
// each one's epoch on val, and writes its weights, history and the model exported in TF.js
// LayersModel format. The baselines — which do not depend on the search — were trained by the
// retrain-baselines stage while the search ran, from this same config: retrain rebuilds their
// jobs, checks every id against retrain-baselines' index (src/retrain/baseline-results.ts) and
// copies their directories, so its index and outputs hold every architecture as before. Each
// architecture is one `retrain` job (data: src/retrain/kind.ts) run by the configured executor —
// `local` worker threads (one per core) or `queue` (BullMQ on Redis, `nasflow worker` processes
// anywhere); the results are the same either way. Resumable: jobs checkpoint in the store.
import { join } from 'node:path';
import { readDocument } from '../src/artifacts/io.js';
import { initBackend } from '../src/backend/index.js';
import { ConfigError } from '../src/core/errors.js';
import { makeExecutor } from '../src/jobs/executor.js';
import { lutSpace } from '../src/latency/space.js';
import { costTable } from '../src/latency/table.js';
import { bandJobs } from '../src/protocol/band-jobs.js';
import { runStage } from '../src/pipeline/stage.js';
import { takeBaselines } from '../src/retrain/baseline-results.js';
import { baselineJobs, countOf, describeJobs, foundJobs, joinJobs, withRepeats } from '../src/retrain/plan.js';
import { finishedLine, retrainSetup, runJobs, setupJobs } from '../src/retrain/run.js';
import type { ArchDoc, DatasetMeta, EpochTiming, LatencyTable, RetrainConfig, RetrainedArch, RetrainIndex, SampleIndex, Timings } from '../src/types/generated.js';

await runStage<RetrainConfig>('retrain', async (ctx) => {
  const c = ctx.config;
  const lutFile = join(ctx.upstreamDir('build-lut'), 'lut.json');
  const lut = readDocument<LatencyTable>(lutFile, 'lut');
  const space = lutSpace(lut, lutFile);
  const sampleDir = ctx.upstreamDir('sample');
  const sampleIndex = readDocument<SampleIndex>(join(sampleDir, 'index.json'), 'sample-index');
  const sampled = sampleIndex.archs.map((a) => ({ name: a.name, doc: readDocument<ArchDoc>(join(sampleDir, a.file), 'arch') }));
  const found = foundJobs(c, sampled, ctx.configFile);
  const baselines = baselineJobs(c, space, ctx.configFile);
  const planned = joinJobs(withRepeats(found, c.repeats), baselines, ctx.configFile); // found, then baselines (names checked unique)
  // The evaluation protocol: K random architectures in each found architecture's latency band.
  if (c.protocol && lut.widths) throw new ConfigError(ctx.configFile, '/protocol', `the latency-band protocol draws from a grid table; space ${space.name} has a width model (FBNetV2): remove protocol`);
  if (space.body.kind === 'cells' && c.protocol && c.protocol.k > 0) throw new ConfigError(ctx.configFile, '/protocol', `no latency band for a cells space (its random genotypes are the \`baselines.random\` ones): expected k 0 or no protocol, found k ${c.protocol.k}`);
  const bands = c.protocol ? bandJobs(c.protocol, c.seed, found.filter((j) => j.kind === 'found'), space, costTable(lut, 'latency', lutFile), ctx.configFile) : null;
  const archs = [...planned, ...withRepeats(bands?.jobs ?? [], c.repeats)];
  for (const b of bands?.bands ?? []) ctx.log(`latency band of ${b.found}: ${b.archs.length} random architectures with LUT latency in [${b.loMs.toFixed(3)}, ${b.hiMs.toFixed(3)}] ms (${b.tried} draws)`);
  const backend = await initBackend(c.backend, ctx.log);
  ctx.record({ backend: backend.name, backendReason: backend.reason, seed: c.seed });
  const dataDir = ctx.upstreamDir('prepare-data');
  const meta = readDocument<DatasetMeta>(join(dataDir, 'meta.json'), 'dataset');
  const perEpoch = Math.min(c.batchesPerEpoch ?? Infinity, Math.floor((meta.splits.train_w.count + meta.splits.train_theta.count) / c.batch));
  // Data-parallel (config.parallel): one architecture at a time, each on its own gradient pool.
  const executor = await makeExecutor(c.executor ?? 'local', { root: ctx.root, workers: c.parallel ? 1 : (c.workers ?? null), log: ctx.log, configFile: ctx.configFile, configPath: '/executor' });
  const setup = retrainSetup(ctx.root, executor.store, c, dataDir, meta, backend.name, space);
  // The baselines: retrain-baselines' results, refused unless they are exactly these jobs.
  const taken = takeBaselines(ctx.upstreamDir('retrain-baselines'), setup, baselines, setupJobs(setup, baselines), ctx.outDir, ctx.configFile);
  const own = archs.filter((a) => !baselines.some((b) => b.name === a.name));
  ctx.log(`${countOf(archs)}: ${countOf(baselines, 'baseline')} trained by retrain-baselines (${describeJobs(baselines, false) || 'none'}), ${countOf(own)} to train here (${describeJobs(own)}), executor ${executor.kind}${c.parallel ? `, each data-parallel on ${c.parallel.workers} gradient worker(s) over ${c.parallel.shards} shards (BatchNorm per shard)` : ''}; ${c.epochs} epochs of ${perEpoch} batches of ${c.batch}`);
  let results: Awaited<ReturnType<typeof executor.run>>;
  try {
    results = await runJobs(executor, setupJobs(setup, own), own, lut, lutFile, space, ctx.log);
  } finally {
    await executor.close();
  }
  for (const r of results) executor.store.materialise(r, ctx.outDir);
  // Index and timings in plan order: found (and twins), baselines, band randoms.
  const entry = (name: string): RetrainedArch => (taken.entries.find((e) => e.name === name) ?? (results[own.findIndex((a) => a.name === name)]!.data as RetrainedArch));
  const run = (name: string): Timings['runs'][number] => taken.runs.find((r) => r.name === name) ?? { name, epochs: results[own.findIndex((a) => a.name === name)]!.measured.timings as EpochTiming[] };
  const index: RetrainIndex = { schema: 'retrain-index/v1', backend: backend.name, ...(c.protocol && bands ? { protocol: { k: c.protocol.k, width: c.protocol.width, bands: bands.bands } } : {}), archs: archs.map((a) => entry(a.name)) };
  const timings: Timings = { schema: 'timings/v1', stage: 'retrain', backend: backend.name, runs: archs.map((a) => run(a.name)) };
  ctx.log(finishedLine(results, (r) => (r.data as RetrainedArch).name));
  await ctx.writeJson('index.json', 'retrain-index', index);
  await ctx.writeJson('timings.json', 'timings', timings);
});
