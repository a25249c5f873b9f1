// retrain: trains every selected sampled architecture and every configured baseline from scratch
// on train_w ∪ train_theta, picks each one's epoch on val, and writes its weights, history and the
// model exported in TF.js LayersModel format. Resumable: checkpoints live in artifacts/.work/retrain.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { readDocument } from '../src/artifacts/io.js';
import { codeHash } from '../src/artifacts/code-hash.js';
import { exportLayersModel } from '../src/arch/export-files.js';
import { buildModel } from '../src/arch/model.js';
import { normalizeArch } from '../src/arch/normalize.js';
import { packWeights } from '../src/arch/weights-file.js';
import { initBackend } from '../src/backend/index.js';
import { hashJson } from '../src/core/hash.js';
import { lutSpace } from '../src/latency/space.js';
import { runStage } from '../src/pipeline/stage.js';
import { loadRetrainData } from '../src/retrain/data.js';
import { fit } from '../src/retrain/fit.js';
import { retrainJobs } from '../src/retrain/plan.js';
import { SplitBatches } from '../src/train/batches.js';
import type { ArchDoc, LatencyTable, RetrainConfig, RetrainHistory, RetrainIndex, SampleIndex, Timings } from '../src/types/generated.js';

await runStage<RetrainConfig>('retrain', async (ctx) => {
  const c = ctx.config;
  const lutFile = join(ctx.upstreamDir('build-lut'), 'lut.json');
  const space = lutSpace(readDocument<LatencyTable>(lutFile, 'lut'), lutFile);
  const sampleDir = ctx.upstreamDir('sample');
  const sampleIndex = readDocument<SampleIndex>(join(sampleDir, 'index.json'), 'sample-index');
  const sampled = sampleIndex.archs.map((a) => ({ name: a.name, doc: readDocument<ArchDoc>(join(sampleDir, a.file), 'arch') }));
  const jobs = retrainJobs(c, sampled, space, ctx.configFile);
  const backend = await initBackend(c.backend, ctx.log);
  ctx.record({ backend: backend.name, backendReason: backend.reason, seed: c.seed });
  const data = loadRetrainData(ctx.upstreamDir('prepare-data'), space);
  const norm = { mean: data.meta.stats.mean, std: data.meta.stats.std };
  const train = new SplitBatches('train', data.train, norm, c.batch);
  const val = new SplitBatches('val', data.val, norm, c.batch);
  ctx.log(`${jobs.length} architectures (${jobs.map((j) => `${j.name} [${j.kind}]`).join(', ')}); ${data.train.count} training images, ${data.val.count} val, ${c.epochs} epochs of ${train.batchesPerEpoch(c.batchesPerEpoch ?? null)} batches of ${c.batch}`);

  const work = join(ctx.root, 'artifacts', '.work', 'retrain');
  // A checkpoint is only resumed by the run that wrote it: same config, code, data and backend.
  const runKey = hashJson({ config: c, code: codeHash(ctx.root), data: data.meta.source.sha256, seed: data.meta.seed, backend: backend.name });
  const index: RetrainIndex = { schema: 'retrain-index/v1', backend: backend.name, archs: [] };
  const timings: Timings = { schema: 'timings/v1', stage: 'retrain', backend: backend.name, runs: [] };
  for (const job of jobs) {
    const arch = normalizeArch(job.doc, job.name);
    const model = buildModel(arch, { seed: c.seed });
    try {
      const r = fit({ name: job.name, model, train, val, config: c, blank: data.blank, checkpointFile: join(work, `${job.name}.ckpt`), fingerprint: hashJson({ runKey, arch: job.doc }), log: ctx.log });
      model.loadState(r.best, `best epoch of ${job.name}`);
      const dir = join(ctx.outDir, job.name);
      mkdirSync(dir, { recursive: true });
      await ctx.writeJson(`${job.name}/arch.json`, 'arch', job.doc);
      const { index: wIndex, data: bytes } = packWeights(job.name, r.best);
      await ctx.writeBytes(`${job.name}/weights.bin`, bytes);
      await ctx.writeJson(`${job.name}/weights.json`, 'weights-index', { schema: 'weights-index/v1', file: 'weights.bin', ...wIndex });
      const history: RetrainHistory = { schema: 'retrain-history/v1', name: job.name, bestEpoch: r.bestEpoch, epochs: r.epochs };
      await ctx.writeJson(`${job.name}/history.json`, 'retrain-history', history);
      const exported = await exportLayersModel(model, join(dir, 'model'));
      index.archs.push({
        name: job.name, kind: job.kind, dir: job.name, bestEpoch: r.bestEpoch, val: r.epochs[r.bestEpoch]!.val,
        flops: arch.flops, params: arch.params, costlierExport: exported.costlier.map((x) => `block ${x.block} ${x.name}: ${x.reason}`),
      });
      timings.runs.push({ name: job.name, epochs: r.timings });
      ctx.log(`${job.name}: best val top-1 ${(100 * r.epochs[r.bestEpoch]!.val.top1).toFixed(2)} % at epoch ${r.bestEpoch + 1}`);
    } finally {
      model.dispose();
    }
  }
  await ctx.writeJson('index.json', 'retrain-index', index);
  await ctx.writeJson('timings.json', 'timings', timings);
  rmSync(work, { recursive: true, force: true });
});
