// FBNetV3's coarse stage (JointNAS stage 1) over a joint space, as a sequence of candidate jobs:
//   1. a Sobol pool of samples meeting the constraints (pool.ts)
//   2. the first `firstBatch` pool members trained to the end of their recipes
//   3. the early-stop epoch: first epoch whose ranking matches the final one (early-stop.ts)
//   4. `heldOut` further members trained to that epoch, never fitted on: they measure the
//      predictor's rank correlation honestly
//   5. the encoder pre-trained once on the whole pool's proxy costs (latency, FLOPs, params)
//   6. `rounds` of: fit the accuracy head on every measured candidate (score = val top-1 at the
//      early-stop epoch), train the `perRound` untrained members it predicts best, add them
//   7. a final fit, scored on the held-out candidates (Kendall τ, Spearman ρ)
// Every number it produces follows from the cached candidate results and seeded fits, so a run
// killed anywhere and restarted replays to the same result. Each fit starts from the same
// pre-trained encoder. Candidates are trained in batches by the `train` callback (in-process, or
// a worker pool: candidate-pool.ts), each batch's jobs independent of one another.
import { type Sample } from '../spaces/choices.js';
import type { NormalizedSpace } from '../spaces/normalize.js';
import type { CandidateResult } from './candidate.js';
import type { NamedJob } from './candidate-pool.js';
import { type Costs, type Limits, type Tables } from './constraints.js';
import { atEpoch, chooseEarlyStop, type EarlyStopChoice } from './early-stop.js';
import { encoding } from './encode.js';
import { AccuracyPredictor, type PredictorSettings, type PredictorState } from './predictor.js';
import { type Pool, sobolPool } from './pool.js';
import { kendall, spearman } from './rank.js';

export interface CoarseSettings {
  seed: number;
  pool: { size: number; maxPoints: number };
  firstBatch: number;
  heldOut: number;
  rounds: number;
  perRound: number;
  earlyStop: { threshold: number; by: 'spearman' | 'kendall' };
  predictor: Omit<PredictorSettings, 'seed'>;
}

export type Phase = 'first' | 'held-out' | `round-${number}`;

export interface Measured {
  name: string;
  phase: Phase;
  sample: Sample;
  costs: Costs;
  curve: number[];
  epochs: number;
  /** Val top-1 at the early-stop epoch (what the predictor fits). */
  score: number;
  /** The predictor's estimate when it chose this candidate (rounds and held-out). */
  predicted: number | null;
}

export interface CoarseResult {
  pool: Pool;
  earlyStop: EarlyStopChoice;
  measured: Measured[];
  pretrainLoss: number;
  rounds: { round: number; fitted: number; trained: string[]; bestPredicted: number; fitLoss: { frozen: number; finetuned: number } }[];
  heldOut: { count: number; kendall: number; spearman: number };
  finalFit: { frozen: number; finetuned: number };
  predictor: PredictorState;
  seconds: number;
}

export type Trainer = (jobs: NamedJob[]) => Promise<CandidateResult[]>;

export async function coarseSearch(space: NormalizedSpace, tables: Tables, limits: Limits, s: CoarseSettings, train: Trainer, log: (m: string) => void): Promise<CoarseResult> {
  const pool = sobolPool(space, tables, limits, { size: s.pool.size, maxPoints: s.pool.maxPoints, seed: s.seed });
  const need = s.firstBatch + s.heldOut + s.rounds * s.perRound;
  if (pool.members.length < need) throw new RangeError(`the Sobol pool holds ${pool.members.length} samples meeting the constraints (of ${pool.points} points), fewer than the ${need} candidates to train: loosen the constraints or raise pool.maxPoints`);
  log(`Sobol pool: ${pool.members.length} samples meeting the constraints (${pool.refused} of ${pool.points} points refused)`);
  const name = (i: number): string => `cand-${pool.members[i]!.point}`;
  let seconds = 0;
  const run = async (idx: number[], stopAfter: number | null, phase: Phase): Promise<CandidateResult[]> => {
    for (const i of idx) log(`candidate ${name(i)} [${phase}]${stopAfter === null ? '' : ` to epoch ${stopAfter}`}: ${Object.values(pool.members[i]!.sample).map((v) => (typeof v === 'number' ? Number(v.toPrecision(3)) : v)).join(' ')}`);
    const out = await train(idx.map((i) => ({ job: { sample: pool.members[i]!.sample, seed: s.seed, stopAfter }, name: name(i) })));
    out.forEach((r) => (seconds += r.seconds));
    return out;
  };
  const range = (from: number, n: number): number[] => Array.from({ length: n }, (_, k) => from + k);
  const measure = (i: number, r: CandidateResult, phase: Phase, e: number, predicted: number | null): Measured => ({ name: name(i), phase, sample: r.sample, costs: pool.members[i]!.costs, curve: r.curve, epochs: r.epochs, score: atEpoch(r.curve, e), predicted });

  const first = await run(range(0, s.firstBatch), null, 'first');
  const earlyStop = chooseEarlyStop(first.map((r) => r.curve), s.earlyStop.threshold, s.earlyStop.by);
  const E = earlyStop.epoch;
  log(`early-stop epoch ${E} (${s.earlyStop.by} ${earlyStop.correlations[E - 1]![s.earlyStop.by].toFixed(3)} with the final val top-1 over ${first.length} candidates; threshold ${s.earlyStop.threshold}${earlyStop.reached ? '' : ', not reached before the last epoch'})`);
  const measured: Measured[] = first.map((r, i) => measure(i, r, 'first', E, null));
  const heldIdx = range(s.firstBatch, s.heldOut);
  const held = (await run(heldIdx, E, 'held-out')).map((r, k) => measure(heldIdx[k]!, r, 'held-out', E, null));
  const used = new Set([...measured.map((_, i) => i), ...heldIdx]);

  const enc = encoding(space.choices);
  const base = new AccuracyPredictor(enc, { ...s.predictor, seed: s.seed });
  const pretrainLoss = base.pretrain(pool.members.map((m) => m.sample), pool.members.map((m) => [m.costs.latency, m.costs.flops, m.costs.params]));
  const pretrained = base.state();
  base.dispose();
  log(`predictor encoder pre-trained on ${pool.members.length} samples' latency, FLOPs and params (MSE ${pretrainLoss.toFixed(4)} on standardised log costs)`);
  const fitted = (): { p: AccuracyPredictor; loss: { frozen: number; finetuned: number } } => {
    const p = AccuracyPredictor.fromState(enc, pretrained, 'pre-trained encoder');
    const loss = p.fit(measured.map((m) => m.sample), measured.map((m) => m.score));
    return { p, loss };
  };

  const rounds: CoarseResult['rounds'] = [];
  for (let r = 1; r <= s.rounds; r++) {
    const { p, loss } = fitted();
    const open = pool.members.map((_, i) => i).filter((i) => !used.has(i));
    const preds = p.predict(open.map((i) => pool.members[i]!.sample));
    p.dispose();
    const ranked = open.map((i, k) => ({ i, pred: preds[k]! })).sort((a, b) => b.pred - a.pred || a.i - b.i).slice(0, s.perRound);
    const phase: Phase = `round-${r}`;
    ranked.forEach(({ i }) => used.add(i));
    const results = await run(ranked.map((x) => x.i), E, phase);
    ranked.forEach(({ i, pred }, k) => measured.push(measure(i, results[k]!, phase, E, pred)));
    rounds.push({ round: r, fitted: measured.length - ranked.length, trained: ranked.map((x) => name(x.i)), bestPredicted: ranked[0]?.pred ?? NaN, fitLoss: loss });
    log(`round ${r}/${s.rounds}: fitted on ${measured.length - ranked.length}, trained the ${ranked.length} best predicted (best predicted ${(100 * (ranked[0]?.pred ?? NaN)).toFixed(2)} %, measured ${ranked.map((x) => (100 * measured.find((m) => m.name === name(x.i))!.score).toFixed(2)).join(', ')} %)`);
  }

  const { p, loss: finalFit } = fitted();
  const heldPred = p.predict(held.map((h) => h.sample));
  held.forEach((h, k) => (h.predicted = heldPred[k]!));
  const heldOut = { count: held.length, kendall: kendall(heldPred, held.map((h) => h.score)), spearman: spearman(heldPred, held.map((h) => h.score)) };
  log(`predictor on ${held.length} held-out candidates: Kendall τ ${heldOut.kendall.toFixed(3)}, Spearman ρ ${heldOut.spearman.toFixed(3)}`);
  const predictor = p.state();
  p.dispose();
  return { pool, earlyStop, measured: [...measured, ...held], pretrainLoss, rounds, heldOut, finalFit, predictor, seconds };
}
