// The supernet training loop, method-neutral: runs a Method's phases epoch by epoch, validates on
// val after every epoch, keeps the snapshot validation selects, and checkpoints (every epoch end
// and every `everySteps` optimiser steps) so that a killed run resumes where its last checkpoint
// left off and ends bit-identical to an uninterrupted one: everything random is a function of the
// seed and checkpointed state (data order per (split, epoch), the policy's stream, the dropout
// seed, a fresh validation stream per epoch), and learning rates and temperature are pure
// functions of the position. It knows no θ: architecture parameters are the 'arch' target.
import type { NamedArray } from '../arch/weights-file.js';
import { NasflowError } from '../core/errors.js';
import { Rng } from '../core/rng.js';
import { oneHotMixes } from '../methods/policies/uniform.js';
import type { Method, TrainSplit, UpdateTarget } from '../methods/method.js';
import type { Choice } from '../methods/choices.js';
import type { TrainableNet } from '../supernet/net.js';
import type { Batch, SplitBatches } from './batches.js';
import { epochRecord, type EpochRecord } from './history.js';
import { addBatch, emptySums } from './metrics.js';
import { phaseProgress } from '../core/progress.js';
import { freshState, loadState, modelState, type RunState, saveState } from './run-state.js';
import type { EpochTiming } from '../types/generated.js';
import { type StepContext, type StepNumbers, trainStep } from './step.js';
import { validate, type ValidationContext } from './validate.js';

export interface SearchOptions {
  net: TrainableNet;
  method: Method;
  choices: readonly Choice[];
  data: Record<TrainSplit | 'val', SplitBatches>;
  seed: number;
  /** Batches per epoch of each training split (null: all) and validation images. */
  limits: { train_w: number | null; train_theta: number | null; valImages: number | null };
  select: 'best-val' | 'best-exported-val' | 'last';
  checkpoint: { file: string; everySteps: number; fingerprint: string };
  /** The train step (default trainStep; data-parallel: src/train/parallel parallelTrainStep on a pool). */
  step?: (ctx: StepContext, target: UpdateTarget, batch: Batch, others?: Partial<Record<TrainSplit, Batch>>) => StepNumbers;
  log(msg: string): void;
}

export interface SearchResult {
  history: EpochRecord[];
  /** Wall-clock figures per epoch, apart from the (deterministic) history. */
  timings: EpochTiming[];
  /** The selected epoch's supernet variables and architecture parameters. */
  selected: { epoch: number; valTop1: number; arrays: NamedArray[] };
  resumedFrom: { epoch: number; phase: number; step: number } | null;
}

export async function runSearch(o: SearchOptions): Promise<SearchResult> {
  const { net, method: st, data } = o;
  const epochs = st.epochs;
  const opt = st.optimizers(net);
  const ck = o.checkpoint;
  const loaded = loadState(ck.file, ck.fingerprint, net, st, opt, o.log);
  const s: RunState = loaded ?? freshState(o.seed, net);
  const m = s.meta;
  const resumedFrom = loaded && !m.finished ? { ...m.next } : null;
  if (resumedFrom) o.log(`resuming from ${ck.file}: epoch ${resumedFrom.epoch} phase ${resumedFrom.phase} step ${resumedFrom.step}`);
  const save = (): void => saveState(ck.file, ck.fingerprint, s, net, st, opt);
  const perEpoch = (split: TrainSplit): number => data[split].batchesPerEpoch(o.limits[split]);
  const canSelect = (e: number): boolean => st.searches(e) || !Array.from({ length: epochs }, (_, i) => i).some(st.searches);

  for (let e = m.next.epoch; e < epochs && !m.finished; e++) {
    const phases = st.phases(e);
    const temperature = st.temperature(e, 0);
    const ctx: StepContext = { net, method: st, rng: s.rng, temperature: temperature ?? 1, optimizers: opt, lr: st.lr(e, 0) };
    const endTemperature = st.temperature(e, 1);
    for (let p = m.next.phase; p < phases.length; p++) {
      const phase = phases[p]!;
      const steps = Math.min(...phase.updates.map((u) => perEpoch(u.split)));
      const orders = phase.updates.map((u) => data[u.split].order(o.seed, e));
      const bar = phaseProgress(`epoch ${e + 1}/${epochs} ${phase.name}`, steps, m.next.step);
      for (let k = m.next.step; k < steps; k++) {
        const t0 = performance.now();
        ctx.lr = st.lr(e, k / steps);
        // Per-step τ schedules: the epoch's fraction counts every phase (w, then θ) in order.
        ctx.temperature = st.temperature(e, (p + k / steps) / phases.length) ?? 1;
        let label = '';
        const batches = phase.updates.map((u, i) => data[u.split].take(orders[i]!, k));
        phase.updates.forEach((u, i) => {
          const batch = batches[i]!;
          const others = Object.fromEntries(phase.updates.flatMap((o, j) => (j === i ? [] : [[o.split, batches[j]!]])));
          const r = (o.step ?? trainStep)(ctx, u.target, batch, others);
          addBatch(m.sums[u.target], batch.labels.length, r);
          label += `${u.target} loss ${r.loss.toFixed(3)} ce ${r.ce.toFixed(3)} `;
        });
        batches.forEach((b) => b.x.dispose());
        const dt = (performance.now() - t0) / 1000;
        m.seconds += dt;
        m.trainSeconds += dt;
        m.stepsDone++;
        m.next = k + 1 < steps ? { epoch: e, phase: p, step: k + 1 } : { epoch: e, phase: p + 1, step: 0 };
        bar.tick(`${temperature === null ? '' : `τ ${ctx.temperature.toFixed(2)} `}lr ${ctx.lr.w.toPrecision(3)} ${label}`);
        if (ck.everySteps > 0 && m.stepsDone % ck.everySteps === 0) save();
      }
      bar.stop();
      m.next = { epoch: e, phase: p + 1, step: 0 };
    }

    const t0 = performance.now();
    const vc: ValidationContext = { net, method: st, data, seed: o.seed, valImages: o.limits.valImages };
    const val = validate(vc, { rng: Rng.derived(o.seed, `eval/epoch${e}`), temperature: endTemperature ?? 1, recalibrate: st.evalRecalibrate === true });
    // best-exported-val: also validate the exported architecture alone, which selection judges.
    const exported = o.select === 'best-exported-val' ? st.policy.exported() : null;
    if (o.select === 'best-exported-val' && exported === null) throw new NasflowError('E_CONFIG', `select best-exported-val: the ${st.name} method exports no architecture from the supernet; use best-val or last`);
    const valExported = exported ? validate(vc, { rng: Rng.seeded(0), temperature: 1, mixes: () => oneHotMixes(o.choices, exported), recalibrate: true }) : undefined;
    m.seconds += (performance.now() - t0) / 1000;
    const rec = epochRecord(
      { epoch: e, searched: st.searches(e), temperature: endTemperature, lr: st.lr(e, 0), sums: m.sums, val, valRecalibrated: st.evalRecalibrate === true, valExported, probabilities: st.policy.probabilities(), exported: st.policy.exported() },
      o.choices,
      net.pathCosts,
    );
    m.history.push(rec);
    const trained = m.sums.w.images + m.sums.arch.images;
    const timing: EpochTiming = { epoch: e, seconds: m.seconds, trainSeconds: m.trainSeconds, imagesPerSec: m.trainSeconds > 0 ? trained / m.trainSeconds : 0 };
    m.timings.push(timing);
    const extra = [
      endTemperature === null ? '' : ` | τ ${endTemperature.toFixed(3)}`,
      rec.expectedCost === null ? '' : ` | E[cost] ${rec.expectedCost.toPrecision(4)}`,
      rec.meanEntropy === null ? '' : ` | entropy ${rec.meanEntropy.toFixed(3)}`,
    ].join('');
    o.log(`epoch ${e + 1}/${epochs}: val top-1 ${(100 * rec.val.top1).toFixed(2)}%${rec.valExported ? ` (exported alone ${(100 * rec.valExported.top1).toFixed(2)}%)` : ''} | w ce ${rec.w.ce.toFixed(3)}${extra} | ${timing.imagesPerSec.toFixed(0)} img/s${rec.sample ? ` | ${Object.values(rec.sample).join(' ')}` : ''}`);
    const score = o.select === 'best-exported-val' ? rec.valExported!.top1 : rec.val.top1;
    if (o.select !== 'last' && canSelect(e) && (!m.best || score > m.best.valTop1)) {
      m.best = { epoch: e, valTop1: score };
      s.best = modelState(net, st);
    }
    const end = st.epochEnd?.(rec);
    for (const w of end?.warnings ?? []) o.log(`warning: epoch ${e + 1}: ${w}`);
    m.sums = { w: emptySums(), arch: emptySums() };
    m.seconds = 0;
    m.trainSeconds = 0;
    m.next = { epoch: e + 1, phase: 0, step: 0 };
    m.finished = e + 1 >= epochs || end?.stop === true;
    if (end?.stop && e + 1 < epochs) o.log(`stopping early after epoch ${e + 1} (the method's guard)`);
    save();
  }

  const last = m.history[m.history.length - 1]!;
  const useBest = o.select !== 'last' && m.best && s.best;
  const selected = useBest ? { epoch: m.best!.epoch, valTop1: m.best!.valTop1, arrays: s.best! } : { epoch: last.epoch, valTop1: (last.valExported ?? last.val).top1, arrays: modelState(net, st) };
  const result = { history: m.history, timings: m.timings, selected, resumedFrom };
  opt.w.dispose();
  opt.arch?.dispose();
  return result;
}
