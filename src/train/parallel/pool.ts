// GradientPool: the narrow interface data-parallel training offers any training loop.
//   GradientPool.start(task, vars, o)  spawns the workers (each builds the task's model on its
//                                      own backend) and waits until all are ready
//   pool.gradients(params, batch, req) the batch's gradients for the request's target variables
//                                      (params: per variable a key that changes whenever its value
//                                      does, and a reader; an unchanged variable is neither read
//                                      nor re-sent, and workers keep their copy of it),
//                                      summed over a fixed number of shards in a fixed order
//                                      (shards.ts; the workers sum, each its slice of the
//                                      variables), plus each shard's numbers — bit-identical for
//                                      any worker count on the same backend. Synchronous: the main
//                                      thread blocks on the control word (Atomics.wait) until every
//                                      worker is done, so it drops into a synchronous step.
//   pool.close()
// The caller owns the model's true state (the variables it writes to `params`) and the optimiser;
// workers hold copies, overwritten each step. `workers` may exceed the cores; `auto` = one per core.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type * as tf from '@tensorflow/tfjs-core';
import { readInto } from '../../backend/index.js';
import { NasflowError } from '../../core/errors.js';
import { allocate, CMD, CTRL, type Layout, makeLayout, NUMBERS, PHASES, readText, type Shared, type VarSpec, views, writeText } from './layout.js';
import { type Shard, split } from './shards.js';
import type { StepRequest, TaskSpec } from './task.js';
import type { StepTiming } from './timing.js';

export type WorkerCount = number | 'auto';
export const resolveWorkers = (w: WorkerCount): number => (w === 'auto' ? availableParallelism() : Math.max(1, Math.floor(w)));

const WORKER = new URL(import.meta.url.endsWith('.ts') ? './worker.ts' : './worker.js', import.meta.url).href;
// How long a step may take before the pool gives up on a worker that died without reporting.
const STEP_TIMEOUT_MS = 30 * 60 * 1000;

function spawn(data: unknown): Worker {
  // Under tsx a worker must register tsx's loader itself before importing TypeScript.
  if (WORKER.endsWith('.ts')) return new Worker(`import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(WORKER)}); });`, { eval: true, workerData: data });
  return new Worker(new URL(WORKER), { workerData: data });
}

/** One variable's value for a step: `key` changes whenever the value does (a tfjs variable's dataId, replaced by every assign); readInto() is called only then and copies the value to out[offset ..]. */
export interface ParamSource {
  key: object;
  readInto(out: Float32Array, offset: number): void;
}

/** A tfjs variable as a ParamSource (its values copied straight from the backend: heap-io.ts). */
export const paramSource = (v: tf.Variable): ParamSource => ({ key: v.dataId, readInto: (out, offset) => readInto(v, out, offset) });

export interface PoolResult {
  /** Per variable (layout order): the combined gradient or statistic, null when no shard has one (views valid until the next step). */
  values: (Float32Array | null)[];
  shards: Shard[];
  /** Per shard: loss, ce, costTerm, cost (shard means), top1, top5 (hits). */
  numbers: number[][];
}

export class GradientPool {
  /** Where the last step's time went (timing.ts). */
  lastTiming: StepTiming | null = null;

  /** Per variable: the key of the value last written to params (null: never written). */
  private readonly sent: (object | null)[];

  private constructor(private readonly workers: Worker[], readonly layout: Layout, private readonly sh: Shared) {
    this.sent = layout.vars.map(() => null);
  }

  get size(): number {
    return this.workers.length;
  }

  static async start(task: TaskSpec, vars: VarSpec[], o: { backend: string; workers: WorkerCount; shards: number; maxImages: number; imageSize: number }): Promise<GradientPool> {
    const layout = makeLayout(vars, o.shards, o.maxImages, o.imageSize);
    const buffers = allocate(layout);
    const n = Math.min(resolveWorkers(o.workers), o.shards);
    const workers = Array.from({ length: n }, (_, worker) => spawn({ backend: o.backend, task, buffers, layout, worker, workers: n }));
    const ready = workers.map(
      (w, k) =>
        new Promise<void>((resolve, reject) => {
          w.once('error', (e) => reject(new NasflowError('E_PARALLEL', `gradient worker ${k} failed to start: ${e.message}`)));
          w.once('message', (m: { names: string[] }) => {
            const want = vars.map((v) => v.name).join(',');
            if (m.names.join(',') !== want) reject(new NasflowError('E_PARALLEL', `gradient worker ${k} built a model with other variables (${m.names.length} vs ${vars.length})`));
            else resolve();
          });
        }),
    );
    const pool = new GradientPool(workers, layout, views(buffers));
    try {
      await Promise.all(ready);
    } catch (e) {
      await pool.close();
      throw e;
    }
    return pool;
  }

  gradients(params: ParamSource[], x: Float32Array, labels: Int32Array, req: Omit<StepRequest, 'shards'>): PoolResult {
    const { sh, layout: l } = this;
    if (labels.length > l.maxImages) throw new RangeError(`parallel: batch of ${labels.length} exceeds the pool's ${l.maxImages}`);
    if (params.length !== l.vars.length) throw new RangeError(`parallel: ${params.length} parameters for a layout of ${l.vars.length} variables`);
    const tp = performance.now();
    params.forEach((p, i) => {
      const fresh = this.sent[i] !== p.key;
      sh.fresh[i] = fresh ? 1 : 0;
      if (!fresh) return;
      p.readInto(sh.params, l.offsets[i]!);
      this.sent[i] = p.key;
    });
    sh.x.set(x);
    sh.labels.set(labels);
    const shards = split(labels.length, l.shards);
    writeText(sh.req, JSON.stringify({ ...req, shards }));
    const t0 = performance.now();
    Atomics.store(sh.ctrl, CTRL.DONE, 0);
    Atomics.store(sh.ctrl, CTRL.SUMMED, 0);
    Atomics.store(sh.ctrl, CTRL.FAIL, 0);
    Atomics.store(sh.ctrl, CTRL.CMD, CMD.STEP);
    Atomics.add(sh.ctrl, CTRL.GEN, 1);
    Atomics.notify(sh.ctrl, CTRL.GEN);
    for (let done = Atomics.load(sh.ctrl, CTRL.SUMMED); done < this.workers.length; done = Atomics.load(sh.ctrl, CTRL.SUMMED)) {
      if (performance.now() - t0 > STEP_TIMEOUT_MS) throw new NasflowError('E_PARALLEL', `gradient workers did not finish a step in ${STEP_TIMEOUT_MS / 60000} min (${done} of ${this.workers.length} done)`);
      Atomics.wait(sh.ctrl, CTRL.SUMMED, done, 1000);
    }
    const workers = this.workers.map((_, k) => {
      const [computeMs, barrierMs, combineMs, cpuMs, loadMs, writeMs] = Array.from(sh.times.subarray(k * PHASES, (k + 1) * PHASES)) as [number, number, number, number, number, number];
      return { computeMs, barrierMs, combineMs, cpuMs, loadMs, writeMs };
    });
    this.lastTiming = { workers, packMs: t0 - tp, waitMs: performance.now() - t0 };
    if (Atomics.load(sh.ctrl, CTRL.FAIL)) throw new NasflowError('E_PARALLEL', readText(sh.err));
    const numbers = shards.map((_, s) => Array.from(sh.nums.subarray(s * NUMBERS, (s + 1) * NUMBERS)));
    // Views into shared memory: valid until the next step, which is all a step's caller needs.
    const values = l.vars.map((_, v) => (sh.sumHas[v] ? sh.sum.subarray(l.offsets[v]!, l.offsets[v + 1] ?? l.total) : null));
    return { values, shards, numbers };
  }

  async close(): Promise<void> {
    Atomics.store(this.sh.ctrl, CTRL.CMD, CMD.STOP);
    Atomics.add(this.sh.ctrl, CTRL.GEN, 1);
    Atomics.notify(this.sh.ctrl, CTRL.GEN);
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
