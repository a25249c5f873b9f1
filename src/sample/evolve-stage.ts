// The sample stage's evolution (SPOS): loads the trained supernet (search.json's weights index,
// supernet.weights.bin), builds the path scorer (BN recalibration on a seeded train_w subset, top-1
// on the first val images — test is never read), and runs the pure evolution
// (src/strategies/evolution.ts) under the config's hard cost cap, checked on the LUT before any
// scoring. Its state is checkpointed after every score in `checkpoint.dir` (outside the stage's
// atomic outputs) with a fingerprint of config, inputs, code and backend, so a killed run resumes
// mid-generation and ends with the same result; the checkpoint is removed once the stage is done.
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { unpackWeights } from '../arch/weights-file.js';
import { codeHash } from '../artifacts/code-hash.js';
import { readDocument } from '../artifacts/io.js';
import { initBackend } from '../backend/index.js';
import { hashJson, sha256File } from '../core/hash.js';
import { readSplit } from '../data/index.js';
import { archCost, type CostTable } from '../latency/table.js';
import { ConfigError } from '../core/errors.js';
import { type Choice, picksOf, type Sample } from '../methods/choices.js';
import type { StageContext } from '../pipeline/stage.js';
import { type EvolutionState, evolve, freshEvolution, topK } from '../strategies/evolution.js';
import type { SupernetSpec } from '../supernet/spec.js';
import { Supernet } from '../supernet/supernet.js';
import { SplitBatches } from '../train/batches.js';
import type { DatasetMeta, EvolutionHistory, SampleEvolution, SearchResult } from '../types/generated.js';
import type { CostTables } from './archs.js';
import { PathScorer } from './score-path.js';

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
  const train = new SplitBatches('train_w', readSplit(dataDir, 'train_w', meta), meta.stats, c.score.batch);
  const val = new SplitBatches('val', readSplit(dataDir, 'val', meta), meta.stats, c.score.batch);
  const net = new Supernet(u.spec, u.tables.latency, { seed: 0, file: u.resultFile });
  const weightsFile = join(dirname(u.resultFile), u.result.weights.file);
  const { file: _f, ...index } = u.result.weights;
  net.loadState(unpackWeights(index, new Uint8Array(readFileSync(weightsFile)), weightsFile), weightsFile);
  const scorer = new PathScorer(net, u.choices, train, val, { seed: c.seed, recalibrationBatches: c.score.recalibrationBatches, valImages: c.score.valImages });

  const metric = c.cap?.metric ?? 'latency';
  const table = u.tables[metric];
  const opsOf = (s: Sample): string[] => picksOf(u.choices, s).map((p, l) => String(u.choices[l]!.values[p]));
  const cost = (s: Sample): number => archCost(table, opsOf(s));
  const file = resolve(ctx.root, c.checkpoint.dir, 'evolution-state.json');
  const fingerprint = hashJson({
    config: c,
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
  ctx.log(`evolution: ${c.generations} generations of ${c.population} (top-${c.parents} parents, ${c.mutations} mutations p=${c.mutationProb}, ${c.crossovers} crossovers), ${metric} cap ${cap ?? 'none'} (${table.unit}); scoring: BN recalibrated on ${c.score.recalibrationBatches} train_w batches of ${c.score.batch}, top-1 on ${scorer.valImages} val images`);
  // 50 redraws per slot: a generation comes up short only when the space under the cap is nearly exhausted.
  const settings = { population: c.population, generations: c.generations, parents: c.parents, mutations: c.mutations, mutationProb: c.mutationProb, crossovers: c.crossovers, maxTries: 50 };
  const state = await evolve(u.choices, settings, { cost, cap, score: async (s) => scorer.score(picksOf(u.choices, s)), save, log: ctx.log }, start);
  scorer.dispose();
  net.dispose();

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
  return { winners: winners.map((w) => ({ picks: picksOf(u.choices, w.sample), score: w.score })), history, valImages: scorer.valImages, warnings };
}
