// Common-mode drift removal (pure). Measurements arrive as a log of timed samples in rounds, in the
// order they were timed; the reference network R is timed every few models as a clock. Every model
// sample is scaled by (R's latency) / (the local clock level): the median of the LOCAL_CLOCKS clock
// samples just before and just after it in its round, i.e. "what this model takes when R takes its
// usual time". Local, not per round: on this 2-core VM, quiet, R timed back to back switches
// between levels ~1.8x apart within a second (consecutive clock samples 80 ms apart differ by 8 %
// at the median, 30 % at p90), so one level per round (1-9 s) cannot follow it, and one sample on
// each side is itself noisy. On the same logs (README, latency): the default table's held-out
// check within ±10 % went 90.9 / 89.1 / 90.9 % (per round) → 98.2 / 98.2 / 100 % (3 each side).
// R's latency is the median over rounds of each round's clock level, the q-quantile of its
// clock samples (with q < 0.5 on a shared machine, preempted clock samples count less).
import { quantileSorted } from 'simple-statistics';
import { median } from './stats.js';

export interface TimedSample {
  key: string;
  /** Milliseconds per inference (the mean of one group of forwards). */
  ms: number;
  round: number;
}

export interface Normalised {
  /** The reference network's latency: the median over rounds of the rounds' clock levels. */
  clockMs: number;
  /** Raw clock samples. */
  clock: number[];
  /** Per model key: drift-corrected samples, in log order. */
  samples: Map<string, number[]>;
  /** Per model key: the raw samples, for comparison. */
  raw: Map<string, number[]>;
  /** Per model key: the round of each sample (parallel to `samples`). */
  rounds: Map<string, number[]>;
}

export class NoClockError extends RangeError {
  constructor(round: number) {
    super(`drift correction: round ${round} holds no clock sample`);
  }
}

export function quantile(xs: number[], q: number): number {
  if (xs.length === 0) throw new RangeError('quantile: no values');
  return quantileSorted([...xs].sort((a, b) => a - b), q);
}

/** Clock samples on each side of a model sample that set its local level (measured: README). */
export const LOCAL_CLOCKS = 3;

export function normalise(log: TimedSample[], clockKey: string, q = 0.5, k = LOCAL_CLOCKS): Normalised {
  const byRound = new Map<number, TimedSample[]>();
  for (const s of log) push(byRound, s.round, s);
  const levels: number[] = [];
  for (const [r, list] of byRound) {
    const c = list.filter((s) => s.key === clockKey).map((s) => s.ms);
    if (!c.length) throw new NoClockError(r);
    levels.push(quantile(c, q));
  }
  const clockMs = median(levels);
  const samples = new Map<string, number[]>();
  const raw = new Map<string, number[]>();
  const rounds = new Map<string, number[]>();
  for (const list of byRound.values()) {
    const local = localLevels(list, clockKey, k);
    list.forEach((s, i) => {
      if (s.key === clockKey) return;
      push(samples, s.key, (s.ms * clockMs) / local[i]!);
      push(raw, s.key, s.ms);
      push(rounds, s.key, s.round);
    });
  }
  return { clockMs, clock: log.filter((s) => s.key === clockKey).map((s) => s.ms), samples, raw, rounds };
}

/**
 * Per sample of one round (log order): the median of the `k` nearest clock samples before it and
 * the `k` nearest after it (fewer at a round's edge; k = 1: the mean of the two around it); NaN
 * for a clock sample itself.
 */
export function localLevels(list: TimedSample[], clockKey: string, k = LOCAL_CLOCKS): number[] {
  const clocks = list.flatMap((s, i) => (s.key === clockKey ? [i] : []));
  let c = 0; // clocks[0..c) are before sample i
  return list.map((s, i) => {
    while (c < clocks.length && clocks[c]! < i) c++;
    if (s.key === clockKey) return NaN;
    return median([...clocks.slice(Math.max(0, c - k), c), ...clocks.slice(c, c + k)].map((j) => list[j]!.ms));
  });
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}
