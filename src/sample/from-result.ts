// Samples from train-supernet's method-neutral result (search.json): the most probable value of
// every choice, or seeded distinct draws from the per-choice probabilities. A method without
// probabilities (SPOS) has nothing to take an argmax of: that is an error that says to evolve.
// Pure: documents in, value indices out.
import { ConfigError } from '../core/errors.js';
import type { Rng } from '../core/rng.js';
import { argmaxDraw, distinctDraws, type Drawn } from '../spaces/sample.js';
import type { SearchResult } from '../types/generated.js';

export function resultProbabilities(r: SearchResult, resultFile: string, configFile: string): number[][] {
  const probs = r.choices.map((c) => c.probabilities);
  if (probs.some((p) => p === null)) {
    throw new ConfigError(configFile, '/how', `method ${r.method} (${resultFile}) has no per-choice probabilities to take an argmax of or draw from: use how: evolution`);
  }
  return probs as number[][];
}

export function argmaxSample(r: SearchResult, resultFile: string, configFile: string): Drawn {
  return argmaxDraw(resultProbabilities(r, resultFile, configFile));
}

export function drawSamples(r: SearchResult, count: number, rng: Rng, maxAttempts: number, resultFile: string, configFile: string): Drawn[] {
  return distinctDraws(resultProbabilities(r, resultFile, configFile), count, rng, maxAttempts);
}
