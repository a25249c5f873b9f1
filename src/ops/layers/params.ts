// ParamStore: the variables one block (or stem/head) owns, under stable logical names
// ("pw.kernel", "pw_bn.moving_mean") that save/load and export use. TF.js variable names are
// engine-global, so the tf.Variables themselves are unnamed (auto-unique): two models with the same
// architecture can live in one thread. Trainable weights and non-trainable state (BN moving
// statistics) are kept apart so an optimizer only ever sees the former.
//
// Initial values are drawn in JS from a seeded Rng (not tf.random*), so the same seed gives the
// same weights on every backend — the gradient tests compare backends on identical weights.
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '../../core/rng.js';

export type Init =
  | { kind: 'zeros' }
  | { kind: 'ones' }
  /** Normal(0, sqrt(2 / fanOut)): kaiming fan_out for ReLU, as the FBNet reference initialises convs. */
  | { kind: 'heFanOut'; fanOut: number }
  /** Uniform(-bound, bound): PyTorch's Linear default uses 1 / sqrt(fanIn). */
  | { kind: 'uniform'; bound: number };

export function initialValues(shape: number[], init: Init, rng: Rng): Float32Array {
  const n = shape.reduce((a, b) => a * b, 1);
  const out = new Float32Array(n);
  if (init.kind === 'ones') out.fill(1);
  else if (init.kind === 'uniform') for (let i = 0; i < n; i++) out[i] = (2 * rng.float() - 1) * init.bound;
  else if (init.kind === 'heFanOut') {
    const std = Math.sqrt(2 / init.fanOut);
    for (let i = 0; i < n; i += 2) {
      // Box-Muller: two normals per two uniforms.
      const r = Math.sqrt(-2 * Math.log(1 - rng.float())) * std;
      const t = 2 * Math.PI * rng.float();
      out[i] = r * Math.cos(t);
      if (i + 1 < n) out[i + 1] = r * Math.sin(t);
    }
  }
  return out;
}

export interface NamedVariable {
  name: string;
  variable: tf.Variable;
  trainable: boolean;
}

export class ParamStore {
  private readonly vars: NamedVariable[] = [];

  constructor(private readonly rng: Rng) {}

  /** A trainable variable. */
  weight(name: string, shape: number[], init: Init): tf.Variable {
    return this.add(name, shape, init, true);
  }

  /** A non-trainable state variable (saved and loaded, never given to an optimizer). */
  stat(name: string, shape: number[], init: Init): tf.Variable {
    return this.add(name, shape, init, false);
  }

  private add(name: string, shape: number[], init: Init, trainable: boolean): tf.Variable {
    if (this.vars.some((v) => v.name === name)) throw new Error(`ParamStore: variable ${name} created twice`);
    const t = tf.tensor(initialValues(shape, init, this.rng), shape, 'float32');
    const variable = tf.variable(t, trainable);
    t.dispose(); // the variable holds its own reference to the data
    this.vars.push({ name, variable, trainable });
    return variable;
  }

  /** Every variable in creation order (the order save files and exports use). */
  all(): readonly NamedVariable[] {
    return this.vars;
  }

  /** What an optimizer updates. */
  trainable(): NamedVariable[] {
    return this.vars.filter((v) => v.trainable);
  }

  /** Non-trainable state saved with the weights (BN moving statistics). */
  state(): NamedVariable[] {
    return this.vars.filter((v) => !v.trainable);
  }

  dispose(): void {
    for (const v of this.vars) v.variable.dispose();
    this.vars.length = 0;
  }
}
