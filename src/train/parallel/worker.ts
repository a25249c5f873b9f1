// Gradient worker thread: its own backend (wasm computes on one thread per instance, so each
// worker is one more core at work) and its own copy of the task's model. After 'ready' (with its
// variable names, which the pool checks against its layout) it blocks on the control word and, per
// step, loads the parameters main wrote this step (`fresh`; an unchanged one is already current here), computes its shards (shards.ts
// assign) and writes each shard's gradients, statistics and numbers into that shard's slot; after
// a barrier (every worker done) it sums its slice of the variables over the shards (combineInto).
// Failures are reported through the FAIL word and the err buffer; the thread keeps serving.
import { parentPort, workerData } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend, readInto, writeInPlace } from '../../backend/index.js';
import { CMD, CTRL, type Layout, NUMBERS, PHASES, readText, views, writeText } from './layout.js';
import { assign, combineInto, sliceOf } from './shards.js';
import { buildTask, type StepRequest, type TaskSpec } from './task.js';
import { threadCpuMs } from './timing.js';

interface Setup {
  backend: string;
  task: TaskSpec;
  buffers: SharedArrayBuffer[];
  layout: Layout;
  worker: number;
  workers: number;
}

const setup = workerData as Setup;
const { layout: l } = setup;
await initBackend(setup.backend, () => {});
const model = buildTask(setup.task);
const sh = views(setup.buffers);
const [h, w, c] = model.input;

/** Loads statistics, or the trainable variables main wrote this step (the others are unchanged: this copy is current), in place where no stock kernel may have cached the old values (heap-io.ts writeInPlace). */
function load(trainable: boolean): void {
  model.vars.forEach((v, i) => {
    if (v.spec.trainable !== trainable || (trainable && !sh.fresh[i])) return;
    const off = l.offsets[i]!;
    const values = sh.params.subarray(off, off + v.variable.size);
    if (writeInPlace(v.variable, values)) return;
    const t = tf.tensor(values, v.variable.shape, 'float32');
    v.variable.assign(t);
    t.dispose();
  });
}

/** Wall ms of this step spent loading variables and writing results (timing.ts). */
const spent = { load: 0, write: 0 };

function step(req: StepRequest): void {
  let t = performance.now();
  load(true);
  spent.load += performance.now() - t;
  for (const s of assign(req.shards.length, setup.workers, setup.worker)) {
    const shard = req.shards[s]!;
    if (shard.n === 0) continue;
    t = performance.now();
    load(false); // every shard's forward starts from the same moving statistics
    spent.load += performance.now() - t;
    model.setDropoutSeed(req.dropoutSeed + s);
    const x = tf.tensor4d(sh.x.subarray(shard.start * l.imageSize, (shard.start + shard.n) * l.imageSize), [shard.n, h, w, c]);
    const r = model.run(req, shard, x, sh.labels.slice(shard.start, shard.start + shard.n), req.shards.reduce((a, q) => a + q.n, 0));
    t = performance.now();
    model.vars.forEach((v, i) => {
      const g = v.spec.trainable ? r.grads[v.variable.name] : v.variable;
      sh.has[s * l.vars.length + i] = g ? 1 : 0;
      if (g) readInto(g, sh.slots, s * l.total + l.offsets[i]!);
    });
    sh.nums.set(r.numbers, s * NUMBERS);
    tf.dispose([x, ...Object.values(r.grads)]);
    spent.write += performance.now() - t;
  }
}

const port = parentPort!;
port.postMessage({ kind: 'ready', names: model.vars.map((v) => v.spec.name) });
let gen = 0;
for (;;) {
  Atomics.wait(sh.ctrl, CTRL.GEN, gen);
  gen = Atomics.load(sh.ctrl, CTRL.GEN);
  if (Atomics.load(sh.ctrl, CTRL.CMD) === CMD.STOP) break;
  const [t0, c0] = [performance.now(), threadCpuMs()];
  spent.load = spent.write = 0;
  let req: StepRequest | null = null;
  try {
    req = JSON.parse(readText(sh.req)) as StepRequest;
    step(req);
  } catch (e) {
    if (Atomics.compareExchange(sh.ctrl, CTRL.FAIL, 0, 1) === 0) writeText(sh.err, `worker ${setup.worker}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  }
  const t1 = performance.now();
  Atomics.add(sh.ctrl, CTRL.DONE, 1);
  Atomics.notify(sh.ctrl, CTRL.DONE);
  // Barrier: every shard written; then this worker sums its slice of the variables.
  for (let d = Atomics.load(sh.ctrl, CTRL.DONE); d < setup.workers; d = Atomics.load(sh.ctrl, CTRL.DONE)) Atomics.wait(sh.ctrl, CTRL.DONE, d);
  const t2 = performance.now();
  if (!Atomics.load(sh.ctrl, CTRL.FAIL) && req) {
    try {
      const [from, to] = sliceOf(l, setup.workers, setup.worker);
      combineInto(l, sh.slots, sh.has, req.shards.map((q) => q.n), from, to, sh.sum, sh.sumHas);
    } catch (e) {
      if (Atomics.compareExchange(sh.ctrl, CTRL.FAIL, 0, 1) === 0) writeText(sh.err, `worker ${setup.worker}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    }
  }
  sh.times.set([t1 - t0, t2 - t1, performance.now() - t2, threadCpuMs() - c0, spent.load, spent.write], setup.worker * PHASES);
  Atomics.add(sh.ctrl, CTRL.SUMMED, 1);
  Atomics.notify(sh.ctrl, CTRL.SUMMED);
}
model.dispose();
