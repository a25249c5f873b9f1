// Interleaved timing: every round times each model once, in a fresh seeded order, with the
// reference network re-timed as a clock before the first model, after every `clockEvery` models
// and after the last. So a table's variants and the architectures that check it see the same
// machine, and src/latency/drift.ts can divide out whatever the machine's speed did meanwhile.
// A round is short (a second for the default space), so the clock level within it is one number.
import type { Rng } from '../core/rng.js';
import { phaseProgress } from '../core/progress.js';
import type { TimedSample } from '../latency/drift.js';
import type { LatencyRunner } from './runner.js';

export interface RoundSettings {
  rounds: number;
  forwards: number;
  clockEvery: number;
}

/** The key sequence of one round: clock, up to clockEvery models, clock, …, clock. */
export function roundOrder(keys: string[], clockKey: string, clockEvery: number, rng: Rng): string[] {
  const order = [...keys];
  rng.shuffle(order);
  const seq = [clockKey];
  order.forEach((k, i) => {
    seq.push(k);
    if ((i + 1) % clockEvery === 0 || i === order.length - 1) seq.push(clockKey);
  });
  return seq;
}

/** Rounds are numbered from `firstRound`, so logs of several calls can be concatenated. */
export async function timeRounds(runner: LatencyRunner, keys: string[], clockKey: string, s: RoundSettings, rng: Rng, title: string, firstRound = 0): Promise<TimedSample[]> {
  const log: TimedSample[] = [];
  const bar = phaseProgress(title, s.rounds);
  for (let r = 0; r < s.rounds; r++) {
    const seq = roundOrder(keys, clockKey, s.clockEvery, rng);
    const ms = await runner.time(seq, s.forwards);
    seq.forEach((key, i) => log.push({ key, ms: ms[i]!, round: firstRound + r }));
    bar.tick(`round ${r + 1}/${s.rounds}, ${seq.length} timings`);
  }
  bar.stop();
  return log;
}
