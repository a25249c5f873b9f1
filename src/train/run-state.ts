// What a supernet training run must carry across a kill -9, and its checkpoint form.
//   RunMeta   JSON part: where to continue (epoch, phase, step), the policy's random stream, the
//             head's dropout seed, optimiser step counts, the open epoch's meters and elapsed
//             seconds, finished epochs' history and timings, the best validation so far, finished flag
//   arrays    supernet variables (w, BN statistics), the policy's architecture parameters (if
//             any), optimiser buffers, and the best-so-far snapshot ("best." + variable name)
import type { NamedArray } from '../arch/weights-file.js';
import * as tf from '@tensorflow/tfjs-core';
import { DataError } from '../core/errors.js';
import { Rng } from '../core/rng.js';
import type { Method, UpdateTarget } from '../methods/method.js';
import type { TrainableNet } from '../supernet/net.js';
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
  stepsDone: number;
  /** State of the policy's random stream (Gumbel noise, sampled paths). */
  policyRng: number[];
  dropoutSeed: number;
  optimizerSteps: { w: number; arch: number };
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

export function freshState(seed: number, net: TrainableNet): RunState {
  // 'gumbel': the stream's historical label, so FBNet's noise is what it always was.
  const rng = Rng.derived(seed, 'gumbel');
  const meta: RunMeta = {
    next: { epoch: 0, phase: 0, step: 0 }, stepsDone: 0, policyRng: rng.state(), dropoutSeed: net.dropoutSeed,
    optimizerSteps: { w: 0, arch: 0 }, sums: { w: emptySums(), arch: emptySums() }, seconds: 0, trainSeconds: 0,
    history: [], timings: [], best: null, finished: false,
  };
  return { meta, rng, best: null };
}

export type Optimizers = { w: Sgd; arch: Adam | null };

/** Supernet variables and the policy's architecture parameters, as named arrays. */
export function modelState(net: TrainableNet, method: Method): NamedArray[] {
  const arch = method.policy.parameters.map((p) => ({ name: p.name, shape: [...p.variable.shape], trainable: true, data: (p.variable.dataSync() as Float32Array).slice() }));
  return [...net.state(), ...arch];
}

function loadModelState(arrays: NamedArray[], file: string, net: TrainableNet, method: Method): void {
  net.loadState(arrays, file);
  const byName = new Map(arrays.map((a) => [a.name, a]));
  for (const p of method.policy.parameters) {
    const a = byName.get(p.name);
    if (!a) throw new DataError(file, `checkpoint lacks architecture parameter ${p.name}`);
    tf.tidy(() => p.variable.assign(tf.tensor(a.data, [...p.variable.shape], 'float32')));
  }
}

export function saveState(file: string, fingerprint: string, st: RunState, net: TrainableNet, method: Method, opt: Optimizers): void {
  const w = opt.w.state();
  const arch = opt.arch?.state() ?? { steps: 0, arrays: [] };
  const meta: RunMeta = { ...st.meta, policyRng: st.rng.state(), dropoutSeed: net.dropoutSeed, optimizerSteps: { w: w.steps, arch: arch.steps } };
  const best = (st.best ?? []).map((a) => ({ ...a, name: `best.${a.name}` }));
  writeCheckpoint(file, { fingerprint, meta, arrays: [...modelState(net, method), ...w.arrays, ...arch.arrays, ...best] });
}

/** Restores a checkpoint into net and optimisers; null when there is none or it is another run's. */
export function loadState(file: string, fingerprint: string, net: TrainableNet, method: Method, opt: Optimizers, log: (m: string) => void): RunState | null {
  const ck = readCheckpoint<RunMeta>(file);
  if (!ck) return null;
  if (ck.fingerprint !== fingerprint) {
    log(`ignoring checkpoint ${file}: written by another run (fingerprint ${ck.fingerprint.slice(0, 12)}, this run ${fingerprint.slice(0, 12)}); starting fresh`);
    return null;
  }
  const m = ck.meta;
  loadModelState(ck.arrays, file, net, method);
  net.dropoutSeed = m.dropoutSeed;
  opt.w.load({ steps: m.optimizerSteps.w, arrays: ck.arrays }, file);
  opt.arch?.load({ steps: m.optimizerSteps.arch, arrays: ck.arrays }, file);
  const best = ck.arrays.filter((a) => a.name.startsWith('best.')).map((a) => ({ ...a, name: a.name.slice(5) }));
  return { meta: m, rng: Rng.fromState(m.policyRng), best: best.length ? best : null };
}
