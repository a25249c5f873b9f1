// Contract: one replaceable method of this thread's tfjs Engine (tf.engine()), swapped in and out
// by name; tfjs's own method is kept on the engine under a symbol, so restoring it is exact and
// installing twice is a no-op. Used by lean-saves.ts (clone) and lean-gradients.ts (gradients).
//   patchEngine(name, make, on)   on: engine[name] = make(stock); off: engine[name] = stock
//   enginePatched(name)           whether engine[name] is nasflow's
import * as tf from '@tensorflow/tfjs-core';

type Method = (...args: any[]) => any;
type Engine = Record<string | symbol, unknown>;
const stockKey = (name: string): symbol => Symbol.for(`nasflow.stock.${name}`);

export function patchEngine(name: string, make: (stock: Method) => Method, on: boolean): void {
  const e = tf.engine() as unknown as Engine;
  const key = stockKey(name);
  if (on === (e[key] !== undefined)) return;
  if (on) {
    e[key] = e[name];
    e[name] = make(e[name] as Method);
  } else {
    e[name] = e[key];
    delete e[key];
  }
}

export const enginePatched = (name: string): boolean => (tf.engine() as unknown as Engine)[stockKey(name)] !== undefined;
