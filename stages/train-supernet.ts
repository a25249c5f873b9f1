// train-supernet: FBNet's differentiable architecture search. Reads build-lut's lut.json (the
// normalised space and its costs) and prepare-data's train_w / train_theta / val splits (never
// test), trains the Gumbel-softmax supernet (src/train/search.ts) with a resumable checkpoint kept
// OUTSIDE the stage's atomic output directory, and writes theta.json (θ, softmax, argmax,
// diagnostics, weights index), history.json (one record per epoch), timings.json (measured) and
// supernet.weights.bin.
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { packWeights } from '../src/arch/weights-file.js';
import { codeHash } from '../src/artifacts/code-hash.js';
import { readDocument } from '../src/artifacts/io.js';
import { initBackend } from '../src/backend/index.js';
import { DataError } from '../src/core/errors.js';
import { hashJson, sha256File } from '../src/core/hash.js';
import { readSplit } from '../src/data/index.js';
import { costTable } from '../src/latency/table.js';
import { runStage } from '../src/pipeline/stage.js';
import { checkCostScale } from '../src/supernet/loss.js';
import { specFromLut } from '../src/supernet/spec.js';
import { Supernet } from '../src/supernet/supernet.js';
import { SplitBatches } from '../src/train/batches.js';
import { strategyFromConfig } from '../src/train/from-config.js';
import { thetaReport } from '../src/train/report.js';
import { runSearch } from '../src/train/search.js';
import type { Batch } from '../src/train/batches.js';
import { parallelTrainStep, startSupernetPool } from '../src/train/parallel/index.js';
import type { StepContext } from '../src/train/step.js';
import type { UpdateTarget } from '../src/strategies/strategy.js';
import type { DatasetMeta, LatencyTable, TrainSupernetConfig } from '../src/types/generated.js';

await runStage<TrainSupernetConfig>('train-supernet', async (ctx) => {
  const { config: c, configFile } = ctx;
  const backend = await initBackend(c.backend, ctx.log);
  ctx.record({ backend: backend.name, backendReason: backend.reason, seed: c.seed });

  const dataDir = ctx.upstreamDir('prepare-data');
  const lutDir = ctx.upstreamDir('build-lut');
  const lutFile = join(lutDir, 'lut.json');
  const lut = readDocument<LatencyTable>(lutFile, 'lut');
  const meta = readDocument<DatasetMeta>(join(dataDir, 'meta.json'), 'dataset');
  const spec = specFromLut(lut, lutFile);
  if (meta.shape.join('x') !== spec.input.join('x') || meta.classes !== spec.classes) {
    throw new DataError(join(dataDir, 'meta.json'), `images ${meta.shape.join('x')} with ${meta.classes} classes, but the LUT's space ${spec.name} expects ${spec.input.join('x')} with ${spec.classes}`);
  }
  const costs = costTable(lut, c.loss.metric, lutFile);
  const strategy = strategyFromConfig(c, configFile);
  const minCost = costs.costs.reduce((s, row) => s + Math.min(...row), costs.fixed);
  checkCostScale(minCost, strategy.loss, c.loss.costScale, configFile);
  if (c.warmupEpochs >= c.epochs) ctx.log(`warning: warmupEpochs ${c.warmupEpochs} >= epochs ${c.epochs}: θ is never trained`);

  const norm = meta.stats;
  const data = {
    train_w: new SplitBatches('train_w', readSplit(dataDir, 'train_w', meta), norm, c.batch),
    train_theta: new SplitBatches('train_theta', readSplit(dataDir, 'train_theta', meta), norm, c.batch),
    val: new SplitBatches('val', readSplit(dataDir, 'val', meta), norm, c.batch),
  };
  const net = new Supernet(spec, costs, { seed: c.seed, file: lutFile });
  const initial = net.thetaValues().map((t) => t.slice());
  // A checkpoint is resumed only by the run that wrote it: same config, inputs, code and backend.
  // The worker count is left out: results do not depend on it, so a run killed with 2 workers may
  // resume with 1 (the shard count stays in: it is part of the result).
  const fingerprint = hashJson({
    config: { ...c, parallel: c.parallel ? { shards: c.parallel.shards } : undefined },
    upstream: [(await sha256File(join(dataDir, 'manifest.json'))).sha256, (await sha256File(join(lutDir, 'manifest.json'))).sha256],
    code: codeHash(ctx.root),
    backend: backend.name,
  });
  ctx.log(`${spec.name}: ${spec.layers.length} layers x ${spec.candidates.length} candidates, ${net.variables('w').length} weight tensors; ${c.gumbel.mode} mode, noise per ${c.gumbel.scope}, ${c.loss.form} loss on ${c.loss.metric} (${costs.unit})`);

  const checkpointFile = resolve(ctx.root, c.checkpoint.dir, 'checkpoint.bin');
  const pool = c.parallel ? await startSupernetPool(net, strategy, { seed: c.seed, backend: backend.name, workers: c.parallel.workers, shards: c.parallel.shards, batch: c.batch }) : null;
  if (pool) ctx.log(`data-parallel: ${pool.size} worker thread${pool.size === 1 ? '' : 's'} (${backend.name} each), ${c.parallel!.shards} shards of ~${Math.round(c.batch / c.parallel!.shards)} images per batch (BatchNorm per shard)`);
  const result = await runSearch({
    net, strategy, data, seed: c.seed, epochs: c.epochs,
    limits: { w: c.limits.wBatchesPerEpoch, theta: c.limits.thetaBatchesPerEpoch, valImages: c.limits.valImages },
    optimizer: c.optimizer, select: c.select,
    checkpoint: { file: checkpointFile, everySteps: c.checkpoint.everySteps, fingerprint },
    ...(pool ? { step: (sc: StepContext, target: UpdateTarget, batch: Batch) => parallelTrainStep(pool, sc, target, batch) } : {}),
    log: ctx.log,
  }).finally(() => pool?.close());

  const weights = result.selected.arrays.filter((a) => !a.name.startsWith('theta.'));
  const packed = packWeights(`${spec.name}-supernet`, weights);
  await ctx.writeBytes('supernet.weights.bin', packed.data);
  const report = thetaReport({ spec, costs, result, initial, weightsIndex: packed.index, diagnostics: c.diagnostics, select: c.select });
  for (const w of report.warnings) ctx.log(`warning: ${w}`);
  await ctx.writeJson('theta.json', 'theta', report);
  await ctx.writeJson('history.json', 'history', { schema: 'history/v1', metric: costs.metric, unit: costs.unit, costScale: c.loss.costScale, lossForm: c.loss.form, epochs: result.history });
  await ctx.writeJson('timings.json', 'timings', { schema: 'timings/v1', stage: 'train-supernet', backend: backend.name, runs: [{ name: `${spec.name}-supernet`, epochs: result.timings }] });
  const first = result.history[0];
  ctx.log(`θ entropy ${report.initialEntropy.toFixed(3)} -> ${result.history[result.history.length - 1]!.meanEntropy.toFixed(3)} (after epoch 1: ${first?.meanEntropy.toFixed(3)}); selected epoch ${report.selected.epoch + 1} (${report.selected.by}, val top-1 ${(100 * report.selected.valTop1).toFixed(2)}%): ${report.argmax.join(' ')}`);
  net.dispose();
  // Done: a later forced run recomputes instead of replaying a finished checkpoint.
  rmSync(checkpointFile, { force: true });
});
