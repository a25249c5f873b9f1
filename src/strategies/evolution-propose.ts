// One generation's proposals for the evolution (src/strategies/evolution.ts): uniform random
// samples, mutations of a random parent, crossovers of two, every proposal checked against the
// visited set (scored or refused before) and the hard cost cap BEFORE anyone scores it. Pure.
import type { Rng } from '../core/rng.js';
import { type Choice, type Sample, sampleKey } from '../methods/choices.js';
import type { EvolutionHooks, EvolutionSettings, EvolutionState, Scored } from './evolution.js';

/** Best first: higher score, then lower cost, then earlier scored (stable, deterministic). */
export function topK(scored: readonly Scored[], k: number): Scored[] {
  return scored.map((s, i) => ({ s, i })).sort((a, b) => b.s.score - a.s.score || a.s.cost - b.s.cost || a.i - b.i).slice(0, k).map((x) => x.s);
}

const randomSample = (choices: readonly Choice[], rng: Rng): Sample => Object.fromEntries(choices.map((c) => [c.label, c.values[rng.int(0, c.values.length - 1)]!]));

function mutate(choices: readonly Choice[], p: Sample, prob: number, rng: Rng): Sample {
  return Object.fromEntries(choices.map((c) => [c.label, rng.float() < prob ? c.values[rng.int(0, c.values.length - 1)]! : p[c.label]!]));
}

function cross(choices: readonly Choice[], a: Sample, b: Sample, rng: Rng): Sample {
  return Object.fromEntries(choices.map((c) => [c.label, rng.float() < 0.5 ? a[c.label]! : b[c.label]!]));
}

/** This generation's new candidates (all unscored, all under the cap) and the keys it refused. */
export function propose(choices: readonly Choice[], st: EvolutionState, o: EvolutionSettings, h: EvolutionHooks, rng: Rng): { candidates: { sample: Sample; cost: number }[]; refused: string[] } {
  const seen = new Set([...st.scored.map((s) => sampleKey(choices, s.sample)), ...st.refused]);
  const candidates: { sample: Sample; cost: number }[] = [];
  const refused: string[] = [];
  const parents = topK(st.scored, o.parents);
  const fill = (n: number, make: () => Sample): void => {
    for (let slot = 0; slot < n && candidates.length < o.population; slot++) {
      for (let t = 0; t < o.maxTries; t++) {
        const sample = make();
        const key = sampleKey(choices, sample);
        if (seen.has(key)) continue;
        seen.add(key);
        const cost = h.cost(sample);
        if (h.cap !== null && cost > h.cap) {
          refused.push(key);
          continue;
        }
        candidates.push({ sample, cost });
        break;
      }
    }
  };
  const pick = (): Sample => parents[rng.int(0, parents.length - 1)]!.sample;
  if (st.generation > 0 && parents.length > 0) {
    fill(o.mutations, () => mutate(choices, pick(), o.mutationProb, rng));
    fill(o.crossovers, () => cross(choices, pick(), pick(), rng));
  }
  fill(o.population, () => randomSample(choices, rng));
  return { candidates, refused };
}

