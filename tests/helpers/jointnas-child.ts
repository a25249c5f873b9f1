// Child process of the FBNetV3 kill -9 tests (argv: mode, path, out):
//   candidate <workDir> <out>   one candidate training (EMA on, label smoothing) on tiny synthetic
//                               data, checkpointed every 2 steps; writes its result
//   evolution <stateFile> <out> the predictor-scored evolution (a small predictor fitted here,
//                               seeded), checkpointed after every score, slowed down; writes the
//                               final state and winners
import { writeFileSync } from 'node:fs';
import { initBackend } from '../../src/backend/index.js';
import { trainCandidate } from '../../src/jointnas/candidate.js';
import { costsOf, resolveLimits } from '../../src/jointnas/constraints.js';
import { encoding, sampleAt } from '../../src/jointnas/encode.js';
import { evolutionCheckpoint } from '../../src/jointnas/evolution-checkpoint.js';
import { evolveJoint } from '../../src/jointnas/evolve.js';
import { AccuracyPredictor } from '../../src/jointnas/predictor.js';
import { sobolPoints } from '../../src/jointnas/sobol.js';
import { jointSpace, jointTables, tinyData } from './jointnas.js';

const [mode, path, out] = process.argv.slice(2) as [string, string, string];
await initBackend('cpu', () => {});
const space = jointSpace();

export const CANDIDATE = { 'layers.0.op': 'ir_k3_e3', 'layers.1.op': 'skip', 'layers.2.op': 'ir_k3_e1', 'recipe.lr': 0.05, 'recipe.epochs': 3, 'recipe.labelSmoothing': 0.1, 'recipe.ema': 'on' };
const BASE = { epochs: 2, batch: 16, batchesPerEpoch: 8, lr: 0.1, minLr: 0, momentum: 0.9, weightDecay: 1e-4, schedule: { kind: 'cosine' as const }, labelSmoothing: 0, augment: { cropPadding: 1, flip: false }, valLimit: null, checkpointEvery: 2 };

if (mode === 'candidate') {
  const r = trainCandidate({ space, data: tinyData(), base: BASE, workDir: path, runKey: 'test', log: () => {} }, { sample: CANDIDATE, seed: 5, stopAfter: null }, 'cand');
  writeFileSync(out, JSON.stringify({ curve: r.curve, losses: r.losses, epochs: r.epochs, key: r.key }));
} else {
  const tables = jointTables();
  const samples = sobolPoints(space.choices.length, 40, 2).map((u) => sampleAt(space.choices, u));
  const p = new AccuracyPredictor(encoding(space.choices), { hidden: 16, embedding: 8, headHidden: 16, pretrainSteps: 40, frozenSteps: 40, finetuneSteps: 40, lr: 0.01, huberDelta: 1, weightDecay: 0, seed: 1 });
  p.pretrain(samples, samples.map((s) => costsOf(space, tables, s)).map((c) => [c.latency, c.flops, c.params]));
  p.fit(samples, samples.map((s) => Number(s['recipe.lr']) + (s['layers.0.op'] === 'ir_k3_e3' ? 0.1 : 0)));
  const limits = resolveLimits({ latency: { fraction: 0.5 } }, tables, 'cfg', '/constraints');
  const ck = evolutionCheckpoint(path, 'fingerprint', 4);
  const score = async (s: Record<string, string | number>): Promise<number> => {
    await new Promise((r) => setTimeout(r, 10));
    return p.predict([s])[0]!;
  };
  const r = await evolveJoint(space, tables, limits, { population: 8, generations: 5, parents: 3, mutations: 3, mutationProb: 0.3, crossovers: 3, maxTries: 50, levels: 6, count: 2 }, score, ck.start, ck.save);
  writeFileSync(out, JSON.stringify({ resumed: ck.resumed, state: r.state, winners: r.winners }));
}
