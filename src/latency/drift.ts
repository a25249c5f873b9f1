// Common-mode drift removal (pure). Measurements arrive as a log of timed samples in rounds; the
// reference network is timed several times per round as a clock. Each round's clock level is the
// q-quantile of its clock samples, and every model sample of the round is scaled by (median clock
// level over rounds) / (this round's level): "what this model takes when the reference takes its
// usual time". The machine's speed moves by tens of percent over a minute here; ratios measured
// within one round do not. With q = 0.5 the level is the round's median clock; on a shared
// machine a lower q ignores the rounds' preempted clock samples (interference only adds time).
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
  const level = new Map<number, number>();
  for (const [r, list] of byRound) {
    const c = list.filter((s) => s.key === clockKey).map((s) => s.ms);
    if (!c.length) throw new NoClockError(r);
    level.set(r, quantile(c, q));
  }
  const clockMs = median([...level.values()]);
  const samples = new Map<string, number[]>();
  const raw = new Map<string, number[]>();
  const rounds = new Map<string, number[]>();
  for (const s of log) {
    if (s.key === clockKey) continue;
    push(samples, s.key, (s.ms * clockMs) / level.get(s.round)!);
    push(raw, s.key, s.ms);
    push(rounds, s.key, s.round);
  }
  return { clockMs, clock: log.filter((s) => s.key === clockKey).map((s) => s.ms), samples, raw, rounds };
}

function push(m: Map<string, number[]>, k: string, v: number): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}
