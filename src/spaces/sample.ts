// Drawing architectures from per-layer categorical distributions (softmax θ): the argmax
// architecture, or seeded independent draws per layer. Pure: plain arrays in, choices out.
import type { Rng } from '../core/rng.js';

export function softmax(logits: readonly number[]): number[] {
  const m = Math.max(...logits);
  const e = logits.map((v) => Math.exp(v - m));
  const z = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / z);
}

export interface Drawn {
  /** Candidate index per layer. */
  picks: number[];
  probabilities: number[];
  logProbability: number;
}

function drawn(picks: number[], probs: number[][]): Drawn {
  const probabilities = picks.map((p, l) => probs[l]![p]!);
  return { picks, probabilities, logProbability: probabilities.reduce((s, p) => s + Math.log(p), 0) };
}

/** argmax per layer; ties go to the first candidate (the space's order), so the result is stable. */
export function argmaxDraw(probs: number[][]): Drawn {
  return drawn(
    probs.map((p) => p.reduce((best, v, i) => (v > p[best]! ? i : best), 0)),
    probs,
  );
}

/** One independent draw per layer by inverse CDF on a seeded uniform. */
export function randomDraw(probs: number[][], rng: Rng): Drawn {
  const picks = probs.map((p) => {
    const u = rng.float();
    let acc = 0;
    for (let i = 0; i < p.length; i++) {
      acc += p[i]!;
      if (u < acc) return i;
    }
    return p.length - 1; // u within rounding of 1
  });
  return drawn(picks, probs);
}

/** Up to `count` distinct draws (by picks), trying at most `maxAttempts` times. */
export function distinctDraws(probs: number[][], count: number, rng: Rng, maxAttempts: number): Drawn[] {
  const seen = new Set<string>();
  const out: Drawn[] = [];
  for (let a = 0; a < maxAttempts && out.length < count; a++) {
    const d = randomDraw(probs, rng);
    const key = d.picks.join(',');
    if (!seen.has(key)) {
      seen.add(key);
      out.push(d);
    }
  }
  return out;
}
