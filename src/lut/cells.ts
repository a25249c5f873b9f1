// The latency table of a cells space (DARTS' hardware-aware option), measured in this process on
// the current backend (node runtime). Every distinct (op, input shape, stride) of the cell grid
// (src/spaces/cell-grid.ts: one row per cell position and edge) is timed as the block alone on a
// fixed input, interleaved in seeded rounds with a reference network R (every node: the edges
// from both cell inputs, each the op of median FLOPs) as the drift clock and with the check
// architectures (seeded random genotypes), so all see the same machine. A `none` edge costs 0
// (a genotype has no such edge; the supernet does not run it). The fixed entry is R whole minus
// its entries (stem, preprocessing, concatenations, head, dispatch); the end-to-end check then
// compares fixed + Σ entries with each check genotype timed whole.
import * as tf from '@tensorflow/tfjs-core';
import { buildModel } from '../arch/model.js';
import { normalizeArch } from '../arch/normalize.js';
import { Rng } from '../core/rng.js';
import { normalise, quantile } from '../latency/drift.js';
import { REFERENCE_KEY } from '../latency/plan.js';
import { blockCost } from '../ops/cost.js';
import { BLOCKS } from '../ops/register-all.js';
import { randomGenotypeSample } from '../sample/genotype.js';
import { genotypeGridOps, sampleFromGridOps } from '../spaces/cell-grid.js';
import { freeze } from '../spaces/freeze.js';
import type { Grid } from '../spaces/grid.js';
import { catalogOp, type NormalizedSpace } from '../spaces/normalize.js';
import type { Timing } from '../types/generated.js';
import type { CheckSample } from './measure.js';
import { timeRounds } from './rounds.js';
import type { LatencyRunner, RuntimeInfo } from './runner.js';

export interface CellMeasureSettings {
  batch: number;
  warmup: number;
  runs: number;
  forwards: number;
  clockEvery: number;
  quantile: number;
  archs: number;
}

export interface CellMeasurement {
  /** Per grid row, per candidate (the row's order): the entry's timing. */
  entries: Timing[][];
  fixed: Timing;
  clock: Timing;
  reference: string[];
  check: CheckSample[];
  clamped: string[];
}

const shapeKey = (op: string, l: Grid['layers'][number]): string => `${op}@${l.inHW.join('x')}x${l.cIn}/s${l.stride}`;

/** A runner over in-process forwards, each with its own input (blocks and whole models differ in shape). */
class ForwardTimer implements Pick<LatencyRunner, 'time'> {
  readonly forwards = new Map<string, () => tf.Tensor>();
  /** The fixed inputs: an identity (skip_connect at stride 1) returns its input, which must survive. */
  readonly inputs = new Set<tf.Tensor>();
  private release(y: tf.Tensor | null): void {
    if (y && !this.inputs.has(y)) y.dispose();
  }
  async time(keys: string[], n: number): Promise<number[]> {
    return keys.map((k) => {
      const f = this.forwards.get(k)!;
      const t0 = performance.now();
      let y: tf.Tensor | null = null;
      for (let i = 0; i < n; i++) {
        this.release(y);
        y = tf.tidy(f);
      }
      // wasm and cpu run ops as they are called: one read-back at the end ends the group
      y!.dataSync();
      this.release(y);
      return (performance.now() - t0) / n;
    });
  }
}

/** R: every node takes both cell inputs, each edge the op of median FLOPs among the ops other than none. */
export function referenceOps(space: NormalizedSpace, grid: Grid): string[] {
  const ops = grid.layers[0]!.candidates.filter((o) => o !== 'none');
  const l0 = grid.layers[0]!;
  const ranked = [...ops].sort((a, b) => blockCost(l0.cIn, l0.cOut, 1, catalogOp(a)!, l0.inHW[0]!, l0.inHW[1]!).flops - blockCost(l0.cIn, l0.cOut, 1, catalogOp(b)!, l0.inHW[0]!, l0.inHW[1]!).flops);
  const mid = ranked[Math.floor((ranked.length - 1) / 2)]!;
  const b = space.body.kind === 'cells' ? space.body : null;
  if (!b) throw new RangeError(`space ${space.name}: a cells space`);
  const sample: Record<string, string | number> = {};
  for (const t of ['normal', 'reduce']) for (let j = 0; j < b.nodes; j++) for (const k of [0, 1]) Object.assign(sample, { [`${t}.n${j}.op${k}`]: mid, [`${t}.n${j}.in${k}`]: k });
  return genotypeGridOps(space, freeze(space, sample, 'reference'));
}

export async function measureCells(space: NormalizedSpace, grid: Grid, s: CellMeasureSettings, seed: number, info: RuntimeInfo, log: (m: string) => void): Promise<CellMeasurement> {
  if (info.runtime !== 'node') throw new RangeError('a cells latency table is measured in the node runtime');
  const timer = new ForwardTimer();
  const owned: { dispose(): void }[] = [];
  const inputs = new Map<string, tf.Tensor4D>();
  const input = (shape: number[]): tf.Tensor4D => {
    const k = shape.join('x');
    if (!inputs.has(k)) {
      const rng = Rng.derived(1, `lut/cells/input/${k}`);
      const n = shape.reduce((a, b) => a * b, 1);
      inputs.set(k, tf.tensor4d(Float32Array.from({ length: n }, () => rng.float() * 2 - 1), shape as [number, number, number, number]));
      timer.inputs.add(inputs.get(k)!);
    }
    return inputs.get(k)!;
  };
  try {
    const keys: string[] = [];
    for (const l of grid.layers) {
      for (const op of l.candidates) {
        const k = shapeKey(op, l);
        if (op === 'none' || timer.forwards.has(k)) continue;
        const block = BLOCKS.build(catalogOp(op)!, l.cIn, l.cOut, l.stride, { rng: Rng.derived(seed, `lut/cells/${k}`) });
        owned.push(block);
        const x = input([s.batch, l.inHW[0]!, l.inHW[1]!, l.cIn]);
        timer.forwards.set(k, () => block.apply(x, false));
        keys.push(k);
      }
    }
    const model = (ops: string[], name: string): (() => tf.Tensor) => {
      const m = buildModel(normalizeArch(freeze(space, sampleFromGridOps(space, ops), name), name), { seed });
      owned.push(m);
      const x = input([s.batch, ...space.input]);
      return () => m.apply(x, false);
    };
    const reference = referenceOps(space, grid);
    timer.forwards.set(REFERENCE_KEY, model(reference, 'reference'));
    const rng = Rng.derived(seed, 'lut/cells/check');
    const checks = Array.from({ length: s.archs }, (_, i) => {
      const name = `check-${i}`;
      const ops = genotypeGridOps(space, freeze(space, randomGenotypeSample(space, rng), name));
      timer.forwards.set(name, model(ops, name));
      return { name, ops };
    });
    log(`${keys.length} distinct (op, shape) entries over ${grid.layers.length} (cell, edge) rows, reference network and ${checks.length} check genotypes; ${s.runs} rounds of ${s.forwards} forwards at batch ${s.batch}`);
    const all = [...keys, ...checks.map((c) => c.name)];
    await warm(timer, [REFERENCE_KEY, ...all], s.warmup);
    const samples = await timeRounds(timer as unknown as LatencyRunner, all, REFERENCE_KEY, { rounds: s.runs, forwards: s.forwards, clockEvery: s.clockEvery }, Rng.derived(seed, 'lut/cells/rounds'), 'build-lut: cell entries');
    const n = normalise(samples, REFERENCE_KEY, s.quantile);
    const timing = (k: string): Timing => {
      const xs = n.samples.get(k)!;
      return { value: quantile(xs, s.quantile), median: quantile(xs, 0.5), p10: quantile(xs, 0.1), p90: quantile(xs, 0.9), runs: xs.length, remeasured: 0 };
    };
    const zero: Timing = { value: 0, median: 0, p10: 0, p90: 0, runs: 1, remeasured: 0 };
    const byKey = new Map(keys.map((k) => [k, timing(k)]));
    const entries = grid.layers.map((l) => l.candidates.map((op) => (op === 'none' ? zero : byKey.get(shapeKey(op, l))!)));
    const sum = (ops: string[]): number => ops.reduce((t, op, r) => t + entries[r]![grid.layers[r]!.candidates.indexOf(op)]!.value, 0);
    const clockValues = n.clock;
    const clock: Timing = { value: n.clockMs, median: quantile(clockValues, 0.5), p10: quantile(clockValues, 0.1), p90: quantile(clockValues, 0.9), runs: clockValues.length, remeasured: 0 };
    const clamped: string[] = [];
    let fixedMs = n.clockMs - sum(reference);
    if (fixedMs < 0) {
      clamped.push(`fixed (${fixedMs.toFixed(3)} ms)`);
      fixedMs = 0;
    }
    const fixed: Timing = { value: fixedMs, median: fixedMs, p10: fixedMs, p90: fixedMs, runs: clock.runs, remeasured: 0 };
    const check: CheckSample[] = checks.map((c) => ({ name: c.name, kind: 'stratified' as const, choices: c.ops, lutMs: fixedMs + sum(c.ops), measuredMs: quantile(n.samples.get(c.name)!, s.quantile), rawMs: quantile(n.raw.get(c.name)!, s.quantile) }));
    return { entries, fixed, clock, reference, check, clamped };
  } finally {
    owned.forEach((o) => o.dispose());
    inputs.forEach((t) => t.dispose());
  }
}

async function warm(timer: ForwardTimer, keys: string[], n: number): Promise<void> {
  for (const k of keys) await timer.time([k], Math.max(1, n));
}
