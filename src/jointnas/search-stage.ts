// train-supernet with `method: fbnet-v3`: FBNetV3's coarse stage in place of a supernet. Reads
// build-lut's lut.json (the joint space: architecture + recipe choices, and the cost tables the
// constraints are checked on) and prepare-data's splits (candidates train on train_w ∪
// train_theta, score on val; test is never read), runs coarse.ts with candidate results and
// checkpoints under `checkpoint.dir` (outside the atomic output), and writes jointnas.json and
// timings.json. The work directory is kept per run key, so a kill -9 replays cached candidates.
// Candidates train on `workers` worker threads (default: one per core); results do not depend on it.
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { codeHash } from '../artifacts/code-hash.js';
import { readDocument } from '../artifacts/io.js';
import { initBackend } from '../backend/index.js';
import { hashJson } from '../core/hash.js';
import { lutSpace } from '../latency/space.js';
import { costTable } from '../latency/table.js';
import type { StageContext } from '../pipeline/stage.js';
import { loadRetrainData } from '../retrain/data.js';
import type { DatasetMeta, FbnetV3SearchConfig, JointNasResult, LatencyTable, Timings } from '../types/generated.js';
import { type CandidateResult, trainCandidate } from './candidate.js';
import { CandidatePool, type NamedJob } from './candidate-pool.js';
import { coarseSearch, type Trainer } from './coarse.js';
import { resolveLimits, type Tables } from './constraints.js';
import { encoding } from './encode.js';

export function tablesOf(lut: LatencyTable, file: string): Tables {
  return { latency: costTable(lut, 'latency', file), flops: costTable(lut, 'flops', file), params: costTable(lut, 'params', file) };
}

export async function runJointSearch(ctx: StageContext<unknown>, c: FbnetV3SearchConfig): Promise<void> {
  const backend = await initBackend(c.backend, ctx.log);
  ctx.record({ backend: backend.name, backendReason: backend.reason, seed: c.seed });
  const lutFile = join(ctx.upstreamDir('build-lut'), 'lut.json');
  const lut = readDocument<LatencyTable>(lutFile, 'lut');
  const space = lutSpace(lut, lutFile);
  const recipeChoices = space.choices.filter((ch) => ch.label.startsWith('recipe.'));
  if (recipeChoices.length === 0) ctx.log(`warning: space ${space.name} has no recipe choices: FBNetV3 then searches the architecture alone`);
  const tables = tablesOf(lut, lutFile);
  const limits = resolveLimits(c.constraints, tables, ctx.configFile, '/constraints');
  const dataDir = ctx.upstreamDir('prepare-data');
  const meta = readDocument<DatasetMeta>(join(dataDir, 'meta.json'), 'dataset');
  const runKey = hashJson({ code: codeHash(ctx.root), data: meta.source.sha256, split: meta.seed, backend: backend.name, space: space.hash });
  const workDir = resolve(ctx.root, c.checkpoint.dir, 'candidates');
  const workers = Math.max(1, c.workers ?? availableParallelism());
  const pool = workers > 1 ? new CandidatePool({ backend: backend.name, dataDir, space, base: c.candidate, workDir, runKey }, workers, ctx.log) : null;
  let train: Trainer;
  if (pool) train = (jobs: NamedJob[]) => pool.run(jobs);
  else {
    const cctx = { space, data: loadRetrainData(dataDir, space), base: c.candidate, workDir, runKey, log: ctx.log };
    train = async (jobs: NamedJob[]): Promise<CandidateResult[]> => jobs.map((j) => trainCandidate(cctx, j.job, j.name));
  }
  ctx.log(`${space.name}: ${space.choices.length} choices (${recipeChoices.map((r) => r.label).join(', ') || 'no recipe'}); constraints ${Object.entries(limits).map(([m, v]) => `${m} <= ${Number(v.toPrecision(4))}`).join(', ') || 'none'}; ${c.firstBatch} full + ${c.heldOut} held-out + ${c.rounds} x ${c.perRound} early-stopped candidates on ${workers} worker${workers === 1 ? '' : 's'}`);
  const settings = { seed: c.seed, pool: c.pool, firstBatch: c.firstBatch, heldOut: c.heldOut, rounds: c.rounds, perRound: c.perRound, earlyStop: c.earlyStop, predictor: c.predictor };
  const r = await coarseSearch(space, tables, limits, settings, train, ctx.log).finally(() => pool?.close());
  const enc = encoding(space.choices);
  const fitted = r.measured.filter((m) => m.phase !== 'held-out');
  const best = fitted.reduce((a, b) => (b.score > a.score ? b : a));
  const doc: JointNasResult = {
    schema: 'jointnas/v1', method: 'fbnet-v3', space: space.name, constraints: limits,
    pool: { size: r.pool.members.length, points: r.pool.points, refused: r.pool.refused },
    earlyStop: { threshold: c.earlyStop.threshold, by: c.earlyStop.by, ...r.earlyStop },
    candidates: r.measured.map((m) => ({ ...m, sample: { ...m.sample }, costs: { ...m.costs } })),
    rounds: r.rounds,
    heldOut: r.heldOut,
    predictor: { encoding: enc.names, archLength: enc.archLength, pretrainLoss: r.pretrainLoss, fitLoss: r.finalFit, settings: { ...r.predictor.settings }, proxy: r.predictor.proxy, accuracy: r.predictor.accuracy, weights: r.predictor.weights },
    best: { name: best.name, score: best.score },
  };
  await ctx.writeJson('jointnas.json', 'jointnas', doc);
  const timings: Timings = { schema: 'timings/v1', stage: 'train-supernet', backend: backend.name, runs: [{ name: `${space.name}-candidates`, epochs: [{ epoch: 0, seconds: r.seconds, imagesPerSec: 0 }] }] };
  await ctx.writeJson('timings.json', 'timings', timings);
  ctx.log(`fbnet-v3: ${r.measured.length} candidates (${r.seconds.toFixed(0)} s of candidate training in all, cached ones at their first run's time); best measured ${best.name} ${(100 * best.score).toFixed(2)} % val top-1 at epoch ${r.earlyStop.epoch}; predictor held-out Kendall ${r.heldOut.kendall.toFixed(3)}, Spearman ${r.heldOut.spearman.toFixed(3)}`);
}
