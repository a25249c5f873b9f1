// sample with `how: predictor` (FBNetV3's fine stage): loads train-supernet's jointnas.json (the
// fitted accuracy predictor, the constraints), runs the constrained evolution over architecture +
// recipe scored by the predictor (evolve.ts; no training, minutes on a CPU at most), checkpointed
// after every score under `checkpoint.dir` with a fingerprint of config, inputs, code and backend
// so a killed run resumes and ends the same, and writes the winners as architecture documents
// carrying their recipe (retrain trains them with it).
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { codeHash } from '../artifacts/code-hash.js';
import { readDocument } from '../artifacts/io.js';
import { initBackend } from '../backend/index.js';
import { NasflowError } from '../core/errors.js';
import { hashJson, sha256File } from '../core/hash.js';
import type { StageContext } from '../pipeline/stage.js';
import type { Sample } from '../spaces/choices.js';
import type { NormalizedSpace } from '../spaces/normalize.js';
import type { EvolutionHistory, JointNasResult, SamplePredictor } from '../types/generated.js';
import { costsOf, type Limits, resolveLimits, type Tables } from './constraints.js';
import { encoding } from './encode.js';
import { evolutionCheckpoint } from './evolution-checkpoint.js';
import { evolveJoint } from './evolve.js';
import { AccuracyPredictor } from './predictor.js';

export interface PredictorOutcome {
  winners: { sample: Sample; predicted: number }[];
  history: EvolutionHistory;
  limits: Limits;
  earlyStopEpoch: number;
}

export async function runPredictorSample(ctx: StageContext<unknown>, c: SamplePredictor, space: NormalizedSpace, tables: Tables): Promise<PredictorOutcome> {
  const backend = await initBackend(c.backend, ctx.log);
  ctx.record({ backend: backend.name, backendReason: backend.reason, seed: c.seed });
  const file = join(ctx.upstreamDir('train-supernet'), 'jointnas.json');
  if (!existsSync(file)) throw new NasflowError('E_UPSTREAM', `${file} is missing: sample's how: predictor needs train-supernet with method: fbnet-v3`);
  const joint = readDocument<JointNasResult>(file, 'jointnas');
  const enc = encoding(space.choices);
  if (enc.names.join('\n') !== joint.predictor.encoding.join('\n')) throw new NasflowError('E_UPSTREAM', `${file}: the predictor's encoding (${joint.predictor.encoding.length} entries) is not the space ${space.name}'s (${enc.names.length})`);
  const p = AccuracyPredictor.fromState(enc, { settings: joint.predictor.settings as never, proxy: joint.predictor.proxy, accuracy: joint.predictor.accuracy, weights: joint.predictor.weights }, file);
  const limits: Limits = c.constraints === 'search' ? joint.constraints : resolveLimits(c.constraints, tables, ctx.configFile, '/constraints');

  const ck = resolve(ctx.root, c.checkpoint.dir, 'predictor-evolution.json');
  const fingerprint = hashJson({ config: c, upstream: await Promise.all(['build-lut', 'train-supernet'].map(async (s) => (await sha256File(join(ctx.upstreamDir(s), 'manifest.json'))).sha256)), code: codeHash(ctx.root), backend: backend.name });
  const checkpoint = evolutionCheckpoint(ck, fingerprint, c.seed, ctx.log);
  ctx.log(`predictor evolution: ${c.generations} generations of ${c.population} over ${space.choices.length} choices (real recipe choices on ${c.levels} levels), constraints ${Object.entries(limits).map(([m, v]) => `${m} <= ${Number(v.toPrecision(4))}`).join(', ') || 'none'}`);
  const settings = { population: c.population, generations: c.generations, parents: c.parents, mutations: c.mutations, mutationProb: c.mutationProb, crossovers: c.crossovers, maxTries: 50, levels: c.levels, count: c.count };
  const r = await evolveJoint(space, tables, limits, settings, async (s) => p.predict([s])[0]!, checkpoint.start, checkpoint.save, ctx.log);
  p.dispose();
  const latency = (s: Sample): number => costsOf(space, tables, s).latency;
  const point = (s: { sample: Sample; score: number }) => ({ sample: { ...s.sample }, valTop1: s.score, cost: latency(s.sample) });
  const history: EvolutionHistory = {
    schema: 'evolution/v1', space: space.name, metric: 'latency', unit: tables.latency.unit, cap: limits.latency ?? null,
    generations: r.state.history.map((g) => ({ generation: g.generation, best: g.best, mean: g.mean, scored: g.scored, rejected: g.rejected, population: g.population.map(point) })),
    winners: r.winners.map(point),
    scored: r.state.scored.length,
    rejected: r.state.refused.length,
  };
  checkpoint.clear();
  return { winners: r.winners.map((w) => ({ sample: w.sample, predicted: w.score })), history, limits, earlyStopEpoch: joint.earlyStop.epoch };
}
