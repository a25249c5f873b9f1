// retrain: trains every selected sampled architecture and every configured baseline from scratch
// on train_w ∪ train_theta, picks each one's epoch on val, and writes its weights, history and the
// model exported in TF.js LayersModel format. Architectures train side by side on worker threads
// (one per core). Resumable: checkpoints live in artifacts/.work/retrain.
import { rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { readDocument } from '../src/artifacts/io.js';
import { codeHash } from '../src/artifacts/code-hash.js';
import { initBackend } from '../src/backend/index.js';
import { ConfigError } from '../src/core/errors.js';
import { hashJson } from '../src/core/hash.js';
import { lutSpace } from '../src/latency/space.js';
import { costTable } from '../src/latency/table.js';
import { bandJobs } from '../src/protocol/band-jobs.js';
import { runStage } from '../src/pipeline/stage.js';
import { loadRetrainData } from '../src/retrain/data.js';
import { type JobInput, type JobOutput, runJob } from '../src/retrain/job.js';
import { retrainJobs } from '../src/retrain/plan.js';
import { runPool } from '../src/retrain/pool.js';
import type { ArchDoc, DatasetMeta, LatencyTable, RetrainConfig, RetrainIndex, SampleIndex, Timings } from '../src/types/generated.js';

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
  const jobs = [...planned, ...(bands?.jobs ?? [])];
  for (const b of bands?.bands ?? []) ctx.log(`latency band of ${b.found}: ${b.archs.length} random architectures with LUT latency in [${b.loMs.toFixed(3)}, ${b.hiMs.toFixed(3)}] ms (${b.tried} draws)`);
  const backend = await initBackend(c.backend, ctx.log);
  ctx.record({ backend: backend.name, backendReason: backend.reason, seed: c.seed });
  const dataDir = ctx.upstreamDir('prepare-data');
  const meta = readDocument<DatasetMeta>(join(dataDir, 'meta.json'), 'dataset');
  // Data-parallel (config.parallel): one architecture at a time, each on its own gradient pool.
  const workers = c.parallel ? 1 : Math.min(c.workers ?? availableParallelism(), jobs.length);
  const perEpoch = Math.min(c.batchesPerEpoch ?? Infinity, Math.floor((meta.splits.train_w.count + meta.splits.train_theta.count) / c.batch));
  const how = c.parallel ? `one after another, each data-parallel on ${c.parallel.workers} gradient worker(s) over ${c.parallel.shards} shards (BatchNorm per shard)` : `on ${workers} worker${workers === 1 ? '' : 's'}`;
  ctx.log(`${jobs.length} architectures (${jobs.map((j) => `${j.name} [${j.kind}]`).join(', ')}) ${how}; ${c.epochs} epochs of ${perEpoch} batches of ${c.batch}`);

  const work = join(ctx.root, 'artifacts', '.work', 'retrain');
  // A checkpoint is only resumed by the run that wrote it: same config (the worker counts aside),
  // code, data and backend.
  const runKey = hashJson({ config: { ...c, workers: null, parallel: c.parallel ? { shards: c.parallel.shards } : undefined }, code: codeHash(ctx.root), data: meta.source.sha256, seed: meta.seed, backend: backend.name });
  const inputs: JobInput[] = jobs.map((job) => ({ job, config: c, outDir: ctx.outDir, checkpointDir: work, runKey }));
  const outputs =
    workers > 1
      ? await runPool(inputs, workers, { backend: backend.name, dataDir, space }, ctx.log)
      : await (async () => {
          const data = loadRetrainData(dataDir, space);
          const out: JobOutput[] = [];
          for (const input of inputs) out.push(await runJob(input, data, ctx.log));
          return out;
        })();
  const index: RetrainIndex = { schema: 'retrain-index/v1', backend: backend.name, ...(c.protocol && bands ? { protocol: { k: c.protocol.k, width: c.protocol.width, bands: bands.bands } } : {}), archs: outputs.map((o) => o.entry) };
  const timings: Timings = { schema: 'timings/v1', stage: 'retrain', backend: backend.name, runs: outputs.map((o, k) => ({ name: jobs[k]!.name, epochs: o.timings })) };
  await ctx.writeJson('index.json', 'retrain-index', index);
  await ctx.writeJson('timings.json', 'timings', timings);
  rmSync(work, { recursive: true, force: true });
});
