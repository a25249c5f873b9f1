// Optimisers with checkpointable state, PyTorch semantics (so runs compare with the reference):
//   Sgd   d = g + wd·w;  buf = μ·buf + d;  w -= lr·buf                       (torch.optim.SGD)
//   Adam  g' = g + wd·θ; m = β1·m + (1−β1)·g'; v = β2·v + (1−β2)·g'²;
//         θ -= lr · (m / (1−β1^t)) / (sqrt(v / (1−β2^t)) + ε)               (torch.optim.Adam)
// Weight decay is L2 added to the gradient (as torch, and as the reference applies it to every
// non-θ parameter, BN included). State (buffers, step count) round-trips through state()/load()
// as named Float32Arrays + numbers, so a resumed run continues bit-identically.
import * as tf from '@tensorflow/tfjs-core';
import type { NamedArray } from '../arch/weights-file.js';
import { sgdFusedMany } from '../backend/index.js';
import { DataError } from '../core/errors.js';

export interface NamedVar {
  name: string;
  variable: tf.Variable;
}

/** Gradients as tf.variableGrads returns them: keyed by the tf.Variable's own (engine) name. */
export type Grads = Record<string, tf.Tensor>;

abstract class Optimizer {
  protected readonly slots: { v: NamedVar; buf: tf.Variable[] }[];
  steps = 0;

  constructor(protected readonly vars: NamedVar[], private readonly prefix: string, private readonly slotNames: string[]) {
    // tidy: the zeros each variable starts from would otherwise outlive it (one model's worth per optimiser).
    this.slots = vars.map((v) => ({ v, buf: slotNames.map(() => tf.tidy(() => tf.variable(tf.zerosLike(v.variable), false))) }));
  }

  /**
   * A variable without a gradient this step (a candidate hard mode did not run) is skipped
   * entirely, as torch skips parameters whose .grad is None: no decay, no momentum update.
   */
  protected grad(g: Grads, v: NamedVar): tf.Tensor | undefined {
    return g[v.variable.name];
  }

  /** The variables this optimiser updates (what a step takes gradients of). */
  targets(): readonly NamedVar[] {
    return this.vars;
  }

  state(): { steps: number; arrays: NamedArray[] } {
    const arrays = this.slots.flatMap((s) => s.buf.map((b, i) => ({ name: `${this.prefix}.${this.slotNames[i]}.${s.v.name}`, shape: [...b.shape], trainable: false, data: (b.dataSync() as Float32Array).slice() })));
    return { steps: this.steps, arrays };
  }

  load(state: { steps: number; arrays: NamedArray[] }, file: string): void {
    const byName = new Map(state.arrays.map((a) => [a.name, a]));
    const missing = this.slots.flatMap((s) => this.slotNames.map((n) => `${this.prefix}.${n}.${s.v.name}`)).filter((n) => !byName.has(n));
    if (missing.length) throw new DataError(file, `optimiser state lacks ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ` and ${missing.length - 5} more` : ''}`);
    for (const s of this.slots) s.buf.forEach((b, i) => tf.tidy(() => b.assign(tf.tensor(byName.get(`${this.prefix}.${this.slotNames[i]}.${s.v.name}`)!.data, b.shape))));
    this.steps = state.steps;
  }

  dispose(): void {
    this.slots.forEach((s) => s.buf.forEach((b) => b.dispose()));
  }
}

export interface SgdOptions {
  momentum: number;
  weightDecay: number;
  /** Rescale the gradients so their global L2 norm is at most this (torch clip_grad_norm_, before decay). */
  clipNorm?: number | null;
}

export class Sgd extends Optimizer {
  constructor(vars: NamedVar[], readonly o: SgdOptions) {
    super(vars, 'sgd', ['momentum']);
  }

  /** The momentum buffer of a target variable (read by DARTS' unrolled step). */
  momentumOf(v: tf.Variable): tf.Variable | undefined {
    return this.slots.find((s) => s.v.variable === v)?.buf[0];
  }

  step(grads: Grads, lr: number): void {
    this.steps++;
    tf.tidy(() => {
      let scale = 1;
      if (this.o.clipNorm) {
        const present = this.slots.map((s) => this.grad(grads, s.v)).filter((g): g is tf.Tensor => g !== undefined);
        const norm = present.length ? Math.sqrt(tf.addN(present.map((g) => tf.sum(tf.square(g)))).dataSync()[0]!) : 0;
        // torch: clip_coef = max_norm / (total_norm + 1e-6), applied only when below 1.
        scale = Math.min(1, this.o.clipNorm / (norm + 1e-6));
      }
      const present = this.slots.flatMap(({ v, buf }) => {
        const raw = this.grad(grads, v);
        return raw ? [{ w: v.variable, b: buf[0]!, g: scale < 1 ? tf.mul(raw, scale) : raw }] : [];
      });
      // One kernel call for every variable where the backend has it (the same f32 operations per variable).
      const fused = sgdFusedMany(present.map((p) => [p.w, p.b, p.g] as [tf.Tensor, tf.Tensor, tf.Tensor]), lr, this.o.momentum, this.o.weightDecay);
      if (fused) {
        present.forEach((p, i) => {
          p.w.assign(fused[i]![0]);
          p.b.assign(fused[i]![1]);
        });
        return;
      }
      for (const { w, b, g } of present) {
        const d = this.o.weightDecay ? tf.add(g, tf.mul(w, this.o.weightDecay)) : g;
        b.assign(tf.add(tf.mul(b, this.o.momentum), d));
        w.assign(tf.sub(w, tf.mul(b, lr)));
      }
    });
  }
}

export class Adam extends Optimizer {
  constructor(vars: NamedVar[], private readonly o: { beta1: number; beta2: number; epsilon: number; weightDecay: number }) {
    super(vars, 'adam', ['m', 'v']);
  }

  step(grads: Grads, lr: number): void {
    this.steps++;
    const { beta1, beta2, epsilon, weightDecay } = this.o;
    const c1 = 1 - beta1 ** this.steps;
    const c2 = 1 - beta2 ** this.steps;
    tf.tidy(() => {
      for (const { v, buf } of this.slots) {
        const th = v.variable;
        const raw = this.grad(grads, v);
        if (!raw) continue;
        const g = weightDecay ? tf.add(raw, tf.mul(th, weightDecay)) : raw;
        const [m, s] = buf as [tf.Variable, tf.Variable];
        m.assign(tf.add(tf.mul(m, beta1), tf.mul(g, 1 - beta1)));
        s.assign(tf.add(tf.mul(s, beta2), tf.mul(tf.square(g), 1 - beta2)));
        const denom = tf.add(tf.sqrt(tf.div(s, c2)), epsilon);
        th.assign(tf.sub(th, tf.mul(tf.div(tf.div(m, c1), denom), lr)));
      }
    });
  }
}
