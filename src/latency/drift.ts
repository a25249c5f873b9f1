// Common-mode drift removal (pure). Measurements arrive as a log of timed samples in rounds, in the
// order they were timed; the reference network is timed every few models as a clock. Every model
// sample is scaled by (R's latency) / (the local clock level): the mean of the clock samples just
// before and just after it in its round (one side at a round's edge), i.e. "what this model takes
// when the reference takes its usual time". Local, not per round: on this 2-core VM, quiet, the
// reference timed back to back switches between levels ~1.8x apart in runs of 0.2-0.5 s, so a
// round-level clock (one number per 1-9 s round) cannot follow it; on the FBNet CIFAR table the
// bracketing clocks cut the corrected spread (p90 - p10) / median from 0.45 to 0.32 (README).
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

export function normalise(log: TimedSample[], clockKey: string, q = 0.5): Normalised {
  const byRound = new Map<number, TimedSample[]>();
  for (const s of log) byRound.set(s.round, [...(byRound.get(s.round) ?? []), s]);
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
    const local = localLevels(list, clockKey);
    list.forEach((s, i) => {
      if (s.key === clockKey) return;
      push(samples, s.key, (s.ms * clockMs) / local[i]!);
      push(raw, s.key, s.ms);
      push(rounds, s.key, s.round);
    });
  }
  return { clockMs, clock: log.filter((s) => s.key === clockKey).map((s) => s.ms), samples, raw, rounds };
}

/** Per sample of one round (log order): the mean of the nearest clock samples before and after it (a clock sample's own entry is unused). */
export function localLevels(list: TimedSample[], clockKey: string): number[] {
  const before: (number | undefined)[] = [];
  let last: number | undefined;
  for (const s of list) {
    before.push(last);
    if (s.key === clockKey) last = s.ms;
  }
  const out = new Array<number>(list.length);
  let next: number | undefined;
  for (let i = list.length - 1; i >= 0; i--) {
    const b = before[i];
    out[i] = b !== undefined && next !== undefined ? (b + next) / 2 : (b ?? next)!;
    if (list[i]!.key === clockKey) next = list[i]!.ms;
  }
  return out;
}

function push(m: Map<string, number[]>, k: string, v: number): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}
