// retrain-baselines: trains retrain's baselines — the uniform architectures and the seeded random
// ones of configs/retrain.yaml `baselines:` — from scratch while the search runs. They depend on
// the config and the space only, never on the search, so this stage needs prepare-data and
// build-lut alone and turbo runs it beside train-supernet, on the core the search leaves idle
// (README "retrain-baselines"). Its config IS configs/retrain.yaml: one recipe, one baseline list,
// the very jobs retrain would run (src/retrain/run.ts; same ids, seeds, results), which retrain then
// takes from here after checking every job id (src/retrain/baseline-results.ts). Executor and
// resume as retrain: jobs checkpoint in the content store; `baselineWorkers` threads (default:
// one per core).
import { join } from 'node:path';
import { readDocument } from '../src/artifacts/io.js';
import { initBackend } from '../src/backend/index.js';
import { jobId } from '../src/jobs/job.js';
import { makeExecutor } from '../src/jobs/executor.js';
import { lutSpace } from '../src/latency/space.js';
import { runStage } from '../src/pipeline/stage.js';
import { baselineJobs, countOf, describeJobs } from '../src/retrain/plan.js';
import { finishedLine, retrainSetup, runJobs, setupJobs } from '../src/retrain/run.js';
import type { BaselinesIndex, DatasetMeta, EpochTiming, LatencyTable, RetrainConfig, RetrainedArch, Timings } from '../src/types/generated.js';

await runStage<RetrainConfig>('retrain-baselines', async (ctx) => {
  const c = ctx.config;
  const lutFile = join(ctx.upstreamDir('build-lut'), 'lut.json');
  const lut = readDocument<LatencyTable>(lutFile, 'lut');
  const space = lutSpace(lut, lutFile);
  const archs = baselineJobs(c, space, ctx.configFile);
  const backend = await initBackend(c.backend, ctx.log);
  ctx.record({ backend: backend.name, backendReason: backend.reason, seed: c.seed });
  const dataDir = ctx.upstreamDir('prepare-data');
  const meta = readDocument<DatasetMeta>(join(dataDir, 'meta.json'), 'dataset');
  // null: one thread per core. configs/retrain.yaml sets 1: on 2 cores, two baseline threads
  // beside the search slowed it 249 -> 309 s (README "How many baseline workers").
  const workers = c.parallel ? 1 : (c.baselineWorkers ?? null);
  const executor = await makeExecutor(c.executor ?? 'local', { root: ctx.root, workers, log: ctx.log, configFile: ctx.configFile, configPath: '/executor' });
  ctx.log(`${countOf(archs, 'baseline')} (${describeJobs(archs) || 'none'}), executor ${executor.kind}${executor.kind === 'local' && !c.parallel ? ` on ${workers ?? 'one per core'} worker(s)` : ''}, the recipe of ${ctx.configFile}`);
  const setup = retrainSetup(ctx.root, executor.store, c, dataDir, meta, backend.name, space);
  const jobs = setupJobs(setup, archs);
  let results: Awaited<ReturnType<typeof executor.run>>;
  try {
    results = await runJobs(executor, jobs, archs, lut, lutFile, space, ctx.log);
  } finally {
    await executor.close();
  }
  for (const r of results) executor.store.materialise(r, ctx.outDir);
  const index: BaselinesIndex = {
    schema: 'baselines-index/v1', backend: backend.name, recipe: setup.recipe, code: setup.code, runKey: setup.runKey,
    jobs: Object.fromEntries(archs.map((a, k) => [a.name, jobId(jobs[k]!)])),
    archs: results.map((r) => r.data as RetrainedArch),
  };
  const timings: Timings = { schema: 'timings/v1', stage: 'retrain-baselines', backend: backend.name, runs: results.map((r, k) => ({ name: archs[k]!.name, epochs: r.measured.timings as EpochTiming[] })) };
  ctx.log(finishedLine(results, (r) => (r.data as RetrainedArch).name));
  await ctx.writeJson('index.json', 'baselines-index', index);
  await ctx.writeJson('timings.json', 'timings', timings);
});
