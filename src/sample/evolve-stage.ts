// The sample stage's evolution (SPOS): each generation's new candidates are scored as
// `score-paths` jobs (score-kind.ts: the trained supernet from search.json's weights index and
// supernet.weights.bin, BN recalibration on a seeded train_w subset, top-1 on the first val images —
// test is never read) on the configured executor (local threads or the queue), and the pure evolution
// (src/strategies/evolution.ts) under the config's hard cost cap, checked on the LUT before any
// scoring. Its state is checkpointed after every generation's scoring in `checkpoint.dir` (outside
// the stage's atomic outputs; finished scoring jobs are also kept in the content store) with a fingerprint of config, inputs, code and backend, so a killed run resumes
// mid-generation and ends with the same result; the checkpoint is removed once the stage is done.
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { codeHash } from '../artifacts/code-hash.js';
import { readDocument } from '../artifacts/io.js';
import { initBackend } from '../backend/index.js';
import { hashJson, sha256File } from '../core/hash.js';
import { archCost, type CostTable } from '../latency/table.js';
import { ConfigError } from '../core/errors.js';
import { type Choice, picksOf, type Sample } from '../methods/choices.js';
import type { StageContext } from '../pipeline/stage.js';
import { type EvolutionState, evolve, freshEvolution, topK } from '../strategies/evolution.js';
import type { SupernetSpec } from '../supernet/spec.js';
import type { DatasetMeta, EvolutionHistory, SampleEvolution, SearchResult } from '../types/generated.js';
import type { CostTables } from './archs.js';
import { makeExecutor } from '../jobs/executor.js';
import { scoreJob, WEIGHTS_INPUT } from './score-kind.js';

/** The cap in the metric's unit: absolute `max`, or `fraction` of the way from the space's cheapest to its dearest architecture. */
export function capValue(c: SampleEvolution, t: CostTable, file: string): number | null {
  if (!c.cap) return null;
  const { max, fraction } = c.cap;
  if ((max === undefined) === (fraction === undefined)) throw new ConfigError(file, '/cap', `give exactly one of max and fraction, found ${JSON.stringify(c.cap)}`);
  if (max !== undefined) return max;
  const [lo, hi] = costRange(t);
  return lo + fraction! * (hi - lo);
}

/** The cheapest and the dearest architecture's cost (a chain: per layer its extreme candidate). */
export function costRange(t: CostTable): [number, number] {
  return [t.costs.reduce((s, row) => s + Math.min(...row), t.fixed), t.costs.reduce((s, row) => s + Math.max(...row), t.fixed)];
}

export interface EvolutionOutcome {
  winners: { picks: number[]; score: number }[];
  history: EvolutionHistory;
  valImages: number;
  warnings: string[];
}

interface Inputs {
  spec: SupernetSpec;
  choices: Choice[];
  tables: CostTables;
  result: SearchResult;
  resultFile: string;
}

export async function runEvolution(ctx: StageContext<unknown>, c: SampleEvolution, u: Inputs): Promise<EvolutionOutcome> {
  const backend = await initBackend(c.backend, ctx.log);
  ctx.record({ backend: backend.name, backendReason: backend.reason });
  const dataDir = ctx.upstreamDir('prepare-data');
  const meta = readDocument<DatasetMeta>(join(dataDir, 'meta.json'), 'dataset');
  const weightsFile = join(dirname(u.resultFile), u.result.weights.file);
  const { file: _f, ...index } = u.result.weights;
  // Scoring runs as `score-paths` jobs (score-kind.ts) on the configured executor.
  const executor = await makeExecutor(c.executor ?? 'local', { root: ctx.root, workers: null, log: ctx.log, configFile: ctx.configFile, configPath: '/executor' });
  const store = executor.store;
  const files = ['meta.json', meta.splits.train_w.images, meta.splits.train_w.labels, meta.splits.val.images, meta.splits.val.labels];
  const inputs = { ...Object.fromEntries(files.map((f) => [f, store.putFile(join(dataDir, f))])), [WEIGHTS_INPUT]: store.putFile(weightsFile) };
  const base = { spec: u.spec, latency: u.tables.latency, weights: index, score: c.score, seed: c.seed, backend: backend.name, code: codeHash(ctx.root) };
  const perJob = c.score.pathsPerJob ?? 4;
  const scoreMany = async (samples: Sample[]): Promise<number[]> => {
    const picks = samples.map((s) => picksOf(u.choices, s));
    const chunks = Array.from({ length: Math.ceil(picks.length / perJob) }, (_, k) => picks.slice(k * perJob, (k + 1) * perJob));
    const results = await executor.run(chunks.map((paths, k) => scoreJob(inputs, { ...base, paths }, `score ${paths.length} paths (${k + 1}/${chunks.length})`)));
    return results.flatMap((r) => (r.data as { scores: number[] }).scores);
  };
  const valImages = Math.min(c.score.valImages ?? Infinity, meta.splits.val.count);

  const metric = c.cap?.metric ?? 'latency';
  const table = u.tables[metric];
  const opsOf = (s: Sample): string[] => picksOf(u.choices, s).map((p, l) => String(u.choices[l]!.values[p]));
  const cost = (s: Sample): number => archCost(table, opsOf(s));
  // Multi-seed search: one evolution (and checkpoint) per search seed's supernet.
  const tag = u.result.seed === undefined ? '' : `-seed-${u.result.seed}`;
  const file = resolve(ctx.root, c.checkpoint.dir, `evolution-state${tag}.json`);
  const fingerprint = hashJson({
    config: { ...c, executor: null },
    tag,
    upstream: await Promise.all(['prepare-data', 'build-lut', 'train-supernet'].map(async (s) => (await sha256File(join(ctx.upstreamDir(s), 'manifest.json'))).sha256)),
    code: codeHash(ctx.root),
    backend: backend.name,
  });
  let start = freshEvolution(c.seed);
  if (existsSync(file)) {
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { fingerprint: string; state: EvolutionState };
    if (saved.fingerprint === fingerprint) {
      start = saved.state;
      ctx.log(`resuming evolution from ${file}: generation ${start.generation + 1}, ${start.scored.length + Object.keys(start.memo).length} candidates already scored`);
    } else ctx.log(`ignoring ${file}: written by another run; starting fresh`);
  }
  mkdirSync(dirname(file), { recursive: true });
  const save = (state: EvolutionState): void => writeFileAtomic.sync(file, JSON.stringify({ fingerprint, state }), { fsync: true });
  const cap = capValue(c, table, ctx.configFile);
  const [lo] = costRange(table);
  if (cap !== null && cap < lo) throw new ConfigError(ctx.configFile, '/cap', `no architecture fits: the cheapest costs ${lo} ${table.unit}, the cap is ${cap}`);
  ctx.log(`evolution: ${c.generations} generations of ${c.population} (top-${c.parents} parents, ${c.mutations} mutations p=${c.mutationProb}, ${c.crossovers} crossovers), ${metric} cap ${cap ?? 'none'} (${table.unit}); scoring: BN recalibrated on ${c.score.recalibrationBatches} train_w batches of ${c.score.batch}, top-1 on ${valImages} val images, ${perJob} paths per job on the ${executor.kind} executor`);
  // 50 redraws per slot: a generation comes up short only when the space under the cap is nearly exhausted.
  const settings = { population: c.population, generations: c.generations, parents: c.parents, mutations: c.mutations, mutationProb: c.mutationProb, crossovers: c.crossovers, maxTries: 50 };
  let state: EvolutionState;
  try {
    state = await evolve(u.choices, settings, { cost, cap, scoreMany, save, log: ctx.log }, start);
  } finally {
    await executor.close();
  }

  const winners = topK(state.scored, c.count);
  const warnings: string[] = [];
  if (winners.length < c.count) warnings.push(`evolution scored ${state.scored.length} candidates under the cap, fewer than the ${c.count} winners asked for`);
  const point = (s: { sample: Sample; score: number; cost: number }) => ({ sample: s.sample, valTop1: s.score, cost: s.cost });
  const history: EvolutionHistory = {
    schema: 'evolution/v1', space: u.spec.name, metric, unit: table.unit, cap,
    generations: state.history.map((g) => ({ generation: g.generation, best: g.best, mean: g.mean, scored: g.scored, rejected: g.rejected, population: g.population.map(point) })),
    winners: winners.map(point),
    scored: state.scored.length,
    rejected: state.refused.length,
  };
  rmSync(file, { force: true });
  return { winners: winners.map((w) => ({ picks: picksOf(u.choices, w.sample), score: w.score })), history, valImages, warnings };
}
