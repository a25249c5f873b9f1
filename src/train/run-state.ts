// What a supernet training run must carry across a kill -9, and its checkpoint form.
//   RunMeta   JSON part: where to continue (epoch, phase, step), the Gumbel stream's state, the
//             head's dropout seed, optimiser step counts, the open epoch's meters and elapsed
//             seconds, finished epochs' history and timings, the best validation so far, finished flag
//   arrays    supernet variables (w, BN statistics, θ), optimiser buffers, and the best-so-far
//             snapshot ("best." + variable name) that validation selected
import type { NamedArray } from '../arch/weights-file.js';
import { Rng } from '../core/rng.js';
import type { UpdateTarget } from '../strategies/strategy.js';
import type { Supernet } from '../supernet/supernet.js';
import { readCheckpoint, writeCheckpoint } from './checkpoint.js';
import type { EpochRecord } from './history.js';
import type { EpochTiming } from '../types/generated.js';
import { emptySums, type MeterSums } from './metrics.js';
import type { Adam, Sgd } from './optimizers.js';

export interface Position {
  epoch: number;
  phase: number;
  step: number;
}

export interface RunMeta {
  next: Position;
  /** τ of the epoch in progress (recorded; the strategy recomputes it from the epoch). */
  tau: number;
  stepsDone: number;
  gumbel: number[];
  dropoutSeed: number;
  optimizerSteps: { w: number; theta: number };
  sums: Record<UpdateTarget, MeterSums>;
  seconds: number;
  trainSeconds: number;
  history: EpochRecord[];
  timings: EpochTiming[];
  best: { epoch: number; valTop1: number } | null;
  finished: boolean;
}

export interface RunState {
  meta: RunMeta;
  rng: Rng;
  best: NamedArray[] | null;
}

export function freshState(seed: number, net: Supernet): RunState {
  const rng = Rng.derived(seed, 'gumbel');
  const meta: RunMeta = {
    next: { epoch: 0, phase: 0, step: 0 }, tau: 0, stepsDone: 0, gumbel: rng.state(), dropoutSeed: net.dropoutSeed,
    optimizerSteps: { w: 0, theta: 0 }, sums: { w: emptySums(), theta: emptySums() }, seconds: 0, trainSeconds: 0,
    history: [], timings: [], best: null, finished: false,
  };
  return { meta, rng, best: null };
}

export function saveState(file: string, fingerprint: string, st: RunState, net: Supernet, opt: { w: Sgd; theta: Adam }): void {
  const w = opt.w.state();
  const th = opt.theta.state();
  const meta: RunMeta = { ...st.meta, gumbel: st.rng.state(), dropoutSeed: net.dropoutSeed, optimizerSteps: { w: w.steps, theta: th.steps } };
  const best = (st.best ?? []).map((a) => ({ ...a, name: `best.${a.name}` }));
  writeCheckpoint(file, { fingerprint, meta, arrays: [...net.state(), ...w.arrays, ...th.arrays, ...best] });
}

/** Restores a checkpoint into net and optimisers; null when there is none or it is another run's. */
export function loadState(file: string, fingerprint: string, net: Supernet, opt: { w: Sgd; theta: Adam }, log: (m: string) => void): RunState | null {
  const ck = readCheckpoint<RunMeta>(file);
  if (!ck) return null;
  if (ck.fingerprint !== fingerprint) {
    log(`ignoring checkpoint ${file}: written by another run (fingerprint ${ck.fingerprint.slice(0, 12)}, this run ${fingerprint.slice(0, 12)}); starting fresh`);
    return null;
  }
  const m = ck.meta;
  net.loadState(ck.arrays, file);
  net.dropoutSeed = m.dropoutSeed;
  opt.w.load({ steps: m.optimizerSteps.w, arrays: ck.arrays }, file);
  opt.theta.load({ steps: m.optimizerSteps.theta, arrays: ck.arrays }, file);
  const best = ck.arrays.filter((a) => a.name.startsWith('best.')).map((a) => ({ ...a, name: a.name.slice(5) }));
  return { meta: m, rng: Rng.fromState(m.gumbel), best: best.length ? best : null };
}
