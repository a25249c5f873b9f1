// FBNetV3's accuracy predictor ("neural acquisition function"): an MLP architecture encoder
// (the architecture part of the encoded sample -> hidden -> embedding, ReLU) with two heads —
//   proxy head      embedding -> (log latency, log FLOPs, log params), standardised; pre-trains
//                   the encoder on samples whose statistics cost nothing to compute
//   accuracy head   [embedding, recipe part] -> hidden -> val top-1 (standardised)
// Fitting the accuracy head follows the paper: Huber loss (robust to outlying trainings), first
// with the encoder frozen, then everything fine-tuned with a cosine-decaying learning rate.
// Full-batch Adam (src/train/optimizers.ts) on the few hundred rows it ever sees. Weights are
// drawn from a seeded Rng in JS, so a seed gives the same predictor on any backend.
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '../core/rng.js';
import type { Sample } from '../spaces/choices.js';
import { Adam, type NamedVar } from '../train/optimizers.js';
import { cosineLr } from '../train/schedule.js';
import { encode, type Encoding } from './encode.js';

export interface PredictorSettings {
  hidden: number;
  embedding: number;
  headHidden: number;
  pretrainSteps: number;
  frozenSteps: number;
  finetuneSteps: number;
  lr: number;
  huberDelta: number;
  weightDecay: number;
  seed: number;
}

/** Serialised predictor: the settings, target normalisations and every weight (row-major). */
export interface PredictorState {
  settings: PredictorSettings;
  proxy: { mean: number[]; std: number[] };
  accuracy: { mean: number; std: number };
  weights: { name: string; shape: number[]; data: number[] }[];
}

const LAYERS = (e: Encoding, s: PredictorSettings): [string, number, number][] => [
  ['enc1', e.archLength, s.hidden],
  ['enc2', s.hidden, s.embedding],
  ['proxy', s.embedding, 3],
  ['acc1', s.embedding + (e.length - e.archLength), s.headHidden],
  ['acc2', s.headHidden, 1],
];

const stats = (xs: number[]): { mean: number; std: number } => {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const std = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length) || 1;
  return { mean, std };
};

export class AccuracyPredictor {
  private readonly vars = new Map<string, tf.Variable>();
  proxyNorm = { mean: [0, 0, 0], std: [1, 1, 1] };
  accNorm = { mean: 0, std: 1 };

  constructor(readonly enc: Encoding, readonly s: PredictorSettings) {
    const rng = Rng.derived(s.seed, 'predictor/init');
    for (const [name, fanIn, fanOut] of LAYERS(enc, s)) {
      const bound = Math.sqrt(6 / Math.max(1, fanIn)); // He-uniform for ReLU layers
      const w = Float32Array.from({ length: fanIn * fanOut }, () => (2 * rng.float() - 1) * bound);
      // tidy frees the initial tensors; variables are not tracked by it.
      this.vars.set(`${name}.w`, tf.tidy(() => tf.variable(tf.tensor2d(w, [fanIn, fanOut]), true)));
      this.vars.set(`${name}.b`, tf.tidy(() => tf.variable(tf.zeros([fanOut]), true)));
    }
  }

  private v(name: string): tf.Variable {
    return this.vars.get(name)!;
  }

  private named(prefixes: string[]): NamedVar[] {
    return [...this.vars].filter(([n]) => prefixes.some((p) => n.startsWith(p))).map(([name, variable]) => ({ name, variable }));
  }

  private dense(x: tf.Tensor2D, name: string, relu: boolean): tf.Tensor2D {
    const y = tf.add(tf.matMul(x, this.v(`${name}.w`)), this.v(`${name}.b`)) as tf.Tensor2D;
    return relu ? tf.relu(y) : y;
  }

  private embed(xa: tf.Tensor2D): tf.Tensor2D {
    return this.dense(this.dense(xa, 'enc1', true), 'enc2', true);
  }

  private inputs(samples: readonly Sample[]): { xa: tf.Tensor2D; xr: tf.Tensor2D } {
    const rows = samples.map((s) => encode(this.enc, s));
    const a = this.enc.archLength;
    const r = this.enc.length - a;
    return { xa: tf.tensor2d(rows.map((x) => x.slice(0, a)), [rows.length, a]), xr: tf.tensor2d(rows.map((x) => x.slice(a)), [rows.length, r]) };
  }

  private accuracyOut(xa: tf.Tensor2D, xr: tf.Tensor2D): tf.Tensor2D {
    return this.dense(this.dense(tf.concat([this.embed(xa), xr], 1), 'acc1', true), 'acc2', false);
  }

  /** Full-batch Adam on `loss` over the variables with these prefixes; returns the last loss. */
  private train(prefixes: string[], steps: number, lr: (k: number) => number, loss: () => tf.Scalar): number {
    if (steps === 0) return tf.tidy(() => loss().dataSync()[0]!);
    const vars = this.named(prefixes);
    const adam = new Adam(vars, { beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: this.s.weightDecay });
    let last = NaN;
    for (let k = 0; k < steps; k++) {
      const { value, grads } = tf.variableGrads(loss, vars.map((v) => v.variable));
      adam.step(grads, lr(k));
      last = value.dataSync()[0]!;
      tf.dispose([value, ...Object.values(grads)]);
    }
    adam.dispose();
    return last;
  }

  /** Pre-trains the encoder + proxy head on (sample -> [latency, FLOPs, params]); returns the final MSE. */
  pretrain(samples: readonly Sample[], proxies: readonly (readonly number[])[]): number {
    const logs = proxies.map((p) => p.map((v) => Math.log(Math.max(v, 1e-12))));
    const cols = [0, 1, 2].map((j) => stats(logs.map((r) => r[j]!)));
    this.proxyNorm = { mean: cols.map((c) => c.mean), std: cols.map((c) => c.std) };
    const { xa, xr } = this.inputs(samples);
    const y = tf.tensor2d(logs.map((r) => r.map((v, j) => (v - cols[j]!.mean) / cols[j]!.std)), [logs.length, 3]);
    const loss = this.train(['enc', 'proxy'], this.s.pretrainSteps, () => this.s.lr, () => tf.losses.meanSquaredError(y, this.dense(this.embed(xa), 'proxy', false)) as tf.Scalar);
    tf.dispose([xa, xr, y]);
    return loss;
  }

  /** Fits the accuracy head (Huber): encoder frozen, then all fine-tuned; returns both final losses. */
  fit(samples: readonly Sample[], accuracies: readonly number[]): { frozen: number; finetuned: number } {
    this.accNorm = stats([...accuracies]);
    const { xa, xr } = this.inputs(samples);
    const y = tf.tensor2d(accuracies.map((a) => [(a - this.accNorm.mean) / this.accNorm.std]), [accuracies.length, 1]);
    const huber = (): tf.Scalar => tf.losses.huberLoss(y, this.accuracyOut(xa, xr), undefined, this.s.huberDelta) as tf.Scalar;
    const frozen = this.train(['acc'], this.s.frozenSteps, () => this.s.lr, huber);
    const finetuned = this.train(['enc', 'acc'], this.s.finetuneSteps, (k) => cosineLr(this.s.lr, 0, k, this.s.finetuneSteps), huber);
    tf.dispose([xa, xr, y]);
    return { frozen, finetuned };
  }

  /** Predicted val top-1 of each sample (in the accuracies' own scale). */
  predict(samples: readonly Sample[]): number[] {
    if (samples.length === 0) return [];
    return tf.tidy(() => {
      const { xa, xr } = this.inputs(samples);
      const out = this.accuracyOut(xa, xr).dataSync() as Float32Array;
      return Array.from(out, (v) => v * this.accNorm.std + this.accNorm.mean);
    });
  }

  state(): PredictorState {
    const weights = [...this.vars].map(([name, v]) => ({ name, shape: [...v.shape], data: Array.from(v.dataSync() as Float32Array) }));
    return { settings: { ...this.s }, proxy: { mean: [...this.proxyNorm.mean], std: [...this.proxyNorm.std] }, accuracy: { ...this.accNorm }, weights };
  }

  static fromState(enc: Encoding, st: PredictorState, file: string): AccuracyPredictor {
    const p = new AccuracyPredictor(enc, st.settings);
    for (const w of st.weights) {
      const v = p.vars.get(w.name);
      if (!v || v.shape.join('x') !== w.shape.join('x')) throw new RangeError(`${file}: predictor weight ${w.name} ${w.shape.join('x')} does not fit the encoding (expects ${v ? v.shape.join('x') : 'no such weight'})`);
      tf.tidy(() => v.assign(tf.tensor(Float32Array.from(w.data), w.shape)));
    }
    p.proxyNorm = { mean: [...st.proxy.mean], std: [...st.proxy.std] };
    p.accNorm = { ...st.accuracy };
    return p;
  }

  dispose(): void {
    this.vars.forEach((v) => v.dispose());
  }
}
