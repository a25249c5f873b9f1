// train-supernet: trains the supernet with the method the config names (src/methods registry:
// fbnet, spos on a chain space; darts on a cells space; fbnet-v2 — a masked supernet over the
// space's widths, src/supernet/build.ts). Reads build-lut's lut.json (the normalised space and its costs) and prepare-data's
// training splits and val (never test), runs the method-neutral loop (src/train/search.ts) with a
// resumable checkpoint kept OUTSIDE the stage's atomic output directory, and writes search.json
// (per-choice probabilities or none, the exported sample, diagnostics, weights index),
// history.json (one record per epoch), timings.json (measured) and supernet.weights.bin.
// `method: fbnet-v3` trains no supernet: FBNetV3's coarse stage (candidate pool, early-stop epoch,
// accuracy predictor) runs instead and writes jointnas.json (src/jointnas/search-stage.ts).
import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { packWeights } from '../src/arch/weights-file.js';
import { codeHash } from '../src/artifacts/code-hash.js';
import { readDocument } from '../src/artifacts/io.js';
import { initBackend } from '../src/backend/index.js';
import { ConfigError, DataError } from '../src/core/errors.js';
import { hashJson, sha256File } from '../src/core/hash.js';
import { searchSeeds, seedDir } from '../src/core/seeds.js';
import { readSplit } from '../src/data/index.js';
import { methodEntry } from '../src/methods/index.js';
import { runJointSearch } from '../src/jointnas/search-stage.js';
import { runStage } from '../src/pipeline/stage.js';
import { trainPlan } from '../src/supernet/build.js';
import { Supernet } from '../src/supernet/supernet.js';
import { SplitBatches } from '../src/train/batches.js';
import { searchReport } from '../src/train/report.js';
import { runSearch } from '../src/train/search.js';
import type { Batch } from '../src/train/batches.js';
import { parallelTrainStep, startSupernetPool } from '../src/train/parallel/index.js';
import type { StepContext } from '../src/train/step.js';
import type { UpdateTarget } from '../src/methods/index.js';
import type { DatasetMeta, LatencyTable, Timings, TrainSupernetConfig } from '../src/types/generated.js';

await runStage<TrainSupernetConfig>('train-supernet', async (ctx) => {
  const { config: c, configFile } = ctx;
  if (c.method === 'fbnet-v3') return runJointSearch(ctx, c);
  const entry = methodEntry(c, configFile);
  const backend = await initBackend(c.backend, ctx.log);
  ctx.record({ backend: backend.name, backendReason: backend.reason, seed: c.seed });

  const dataDir = ctx.upstreamDir('prepare-data');
  const lutDir = ctx.upstreamDir('build-lut');
  const lutFile = join(lutDir, 'lut.json');
  const lut = readDocument<LatencyTable>(lutFile, 'lut');
  const meta = readDocument<DatasetMeta>(join(dataDir, 'meta.json'), 'dataset');
  const plan = trainPlan(entry, c, lut, lutFile, configFile);
  const { space, costs } = plan;
  if (plan.kind === 'cells' && 'parallel' in c && c.parallel) throw new ConfigError(configFile, '/parallel', 'data-parallel training covers the chain supernet; remove `parallel` for a cells space');
  if (meta.shape.join('x') !== space.input.join('x') || meta.classes !== space.classes) {
    throw new DataError(join(dataDir, 'meta.json'), `images ${meta.shape.join('x')} with ${meta.classes} classes, but the LUT's space ${space.name} expects ${space.input.join('x')} with ${space.classes}`);
  }
  const parallel = 'parallel' in c ? c.parallel : undefined;
  const norm = meta.stats;
  const data = {
    train_w: new SplitBatches('train_w', readSplit(dataDir, 'train_w', meta), norm, c.batch),
    train_theta: new SplitBatches('train_theta', readSplit(dataDir, 'train_theta', meta), norm, c.batch),
    val: new SplitBatches('val', readSplit(dataDir, 'val', meta), norm, c.batch),
  };
  const seeds = searchSeeds(c.seed, c.seeds);
  const multi = seeds.length > 1;
  if (multi) ctx.log(`multi-seed search: ${seeds.length} seeds (${seeds.join(', ')}), each written to ${seedDir(seeds[0]!)}/ etc.; search.json is seed ${seeds[0]}'s`);
  const upstream = [(await sha256File(join(dataDir, 'manifest.json'))).sha256, (await sha256File(join(lutDir, 'manifest.json'))).sha256];
  const runs: Timings['runs'] = [];
  const done: string[] = [];
  for (const seed of seeds) {
    // Every seed runs the same config with its own seed: weights init, data order, sampling noise.
    const cs = { ...c, seed, seeds: undefined };
    const { net, choices } = plan.create(seed);
    const method = entry.create(cs, { net, costs, choices, file: configFile });
    const initial = method.policy.params();
    // A checkpoint is resumed only by the run that wrote it: same config and seed, inputs, code and
    // backend. The worker count is left out: results do not depend on it, so a run killed with 2
    // workers may resume with 1 (the shard count stays in: it is part of the result).
    const fingerprint = hashJson({ config: { ...cs, parallel: parallel ? { shards: parallel.shards } : undefined }, upstream, code: codeHash(ctx.root), backend: backend.name });
    ctx.log(`${space.name}${multi ? ` [seed ${seed}]` : ''}: ${choices.length} choices (${plan.shape}), ${net.variables('w').length} weight tensors; ${entry.describe(cs)}; costs: ${net.pathCosts.metric} (${net.pathCosts.unit})`);

    const checkpointFile = resolve(ctx.root, c.checkpoint.dir, multi ? `checkpoint-seed-${seed}.bin` : 'checkpoint.bin');
    if (parallel && !(net instanceof Supernet && costs)) throw new ConfigError(configFile, '/parallel', `data-parallel training runs the mixed-op chain supernet; method ${entry.name} trains another`);
    const pool = parallel && net instanceof Supernet && costs ? await startSupernetPool(net, method, { config: cs, costs, file: configFile, backend: backend.name, workers: parallel.workers, shards: parallel.shards }) : null;
    if (pool) ctx.log(`data-parallel: ${pool.size} worker thread${pool.size === 1 ? '' : 's'} (${backend.name} each), ${parallel!.shards} shards of ~${Math.round(c.batch / parallel!.shards)} images per batch (BatchNorm per shard)`);
    const result = await runSearch({
      net, method, choices, data, seed, limits: entry.limits(cs), select: c.select,
      checkpoint: { file: checkpointFile, everySteps: c.checkpoint.everySteps, fingerprint },
      ...(pool ? { step: (sc: StepContext, target: UpdateTarget, batch: Batch) => parallelTrainStep(pool, sc, target, batch) } : {}),
      log: ctx.log,
    }).finally(() => pool?.close());

    const archNames = new Set(method.policy.parameters.map((p) => p.name));
    const weights = result.selected.arrays.filter((a) => !archNames.has(a.name));
    const packed = packWeights(`${space.name}-supernet`, weights);
    const report = searchReport({ spec: { name: space.name }, choices, costs: net.pathCosts, method, result, initial, weightsIndex: packed.index, select: c.select });
    for (const w of report.warnings) ctx.log(`warning: ${w}`);
    const history = { schema: 'history/v2', method: method.name, metric: net.pathCosts.metric, unit: net.pathCosts.unit, choices: choices.map((ch) => ({ label: ch.label, values: [...ch.values] })), epochs: result.history };
    const dirs = multi ? [seedDir(seed), ...(seed === seeds[0] ? [''] : [])] : [''];
    for (const d of dirs) {
      mkdirSync(join(ctx.outDir, d), { recursive: true });
      await ctx.writeBytes(join(d, 'supernet.weights.bin'), packed.data);
      await ctx.writeJson(join(d, 'search.json'), 'search-result', multi ? { ...report, seed, ...(d === '' ? { seeds } : {}) } : report);
      await ctx.writeJson(join(d, 'history.json'), 'history', history);
    }
    runs.push({ name: `${space.name}-supernet${multi ? `-seed-${seed}` : ''}`, epochs: result.timings });
    const last = result.history[result.history.length - 1]!;
    const entropy = report.initialEntropy === null || last.meanEntropy === null ? '' : `entropy ${report.initialEntropy.toFixed(3)} -> ${last.meanEntropy.toFixed(3)} (after epoch 1: ${result.history[0]?.meanEntropy?.toFixed(3)}); `;
    ctx.log(`${method.name}${multi ? ` [seed ${seed}]` : ''}: ${entropy}selected epoch ${report.selected.epoch + 1} (${report.selected.by}, val top-1 ${(100 * report.selected.valTop1).toFixed(2)}%)${report.sample ? `: ${Object.values(report.sample).join(' ')}` : ''}`);
    method.policy.dispose();
    net.dispose();
    done.push(checkpointFile);
  }
  // Done: a later forced run recomputes instead of replaying a finished checkpoint. Kept until
  // every seed finished, so a run killed during seed k replays seeds before k from theirs.
  for (const f of done) rmSync(f, { force: true });
  await ctx.writeJson('timings.json', 'timings', { schema: 'timings/v1', stage: 'train-supernet', backend: backend.name, runs });
});
