// Evolutionary search over samples (SPOS's search; FBNetV3's later). Pure: no tfjs, no models —
// it sees the choices and samples, a cost function and a scorer callback (NNI v3's evolution
// strategy shape: mutation on labels, never the evaluator).
//   generation 0        `population` uniformly random samples
//   generation g > 0    parents = the top-k of everything scored so far; `mutations` children
//                       (a random parent, each choice redrawn uniformly with `mutationProb`),
//                       `crossovers` children (two random parents, each choice from either),
//                       then random samples up to `population`
//   every candidate     is new: a visited set (scored and capped-out keys) refuses repeats, and
//                       the hard cost cap is checked BEFORE scoring; a refused proposal is redrawn
//                       (at most `maxTries` times per slot, so a small space ends a generation short)
// Scoring: one sample at a time (`score`) or a generation's new samples at once (`scoreMany`).
// Resumable per generation: the state at the start of a generation (RNG, scored, refused, history)
// plus a memo of the scores already taken in it is saved after every score; a resumed run replays
// the generation's proposals from the same RNG state and takes memoised scores instead of scoring
// again, so a kill -9 at any point ends with the same result as an uninterrupted run.
import { Rng } from '../core/rng.js';
import { type Choice, type Sample, sampleKey } from '../methods/choices.js';
import { propose, topK } from './evolution-propose.js';

export { topK } from './evolution-propose.js';

export interface EvolutionSettings {
  population: number;
  generations: number;
  parents: number;
  mutations: number;
  mutationProb: number;
  crossovers: number;
  /** Redraws per slot before a generation gives up on filling it. */
  maxTries: number;
}

export interface Scored {
  sample: Sample;
  score: number;
  cost: number;
}

export interface GenerationRecord {
  generation: number;
  best: number;
  mean: number;
  scored: number;
  rejected: number;
  population: Scored[];
}

export interface EvolutionState {
  /** The generation to run next. */
  generation: number;
  rng: number[];
  scored: Scored[];
  /** Keys of samples refused by the cap (never scored). */
  refused: string[];
  history: GenerationRecord[];
  /** Scores already taken in the generation in progress, by key. */
  memo: Record<string, number>;
}

export interface EvolutionHooks {
  cost(sample: Sample): number;
  cap: number | null;
  /** Scores one sample; or `scoreMany` scores a generation's new samples at once (on an executor's workers). */
  score?(sample: Sample): Promise<number>;
  scoreMany?(samples: Sample[]): Promise<number[]>;
  save(state: EvolutionState): void;
  log?(msg: string): void;
}

export function freshEvolution(seed: number): EvolutionState {
  return { generation: 0, rng: Rng.derived(seed, 'evolution').state(), scored: [], refused: [], history: [], memo: {} };
}


export async function evolve(choices: readonly Choice[], o: EvolutionSettings, h: EvolutionHooks, start: EvolutionState): Promise<EvolutionState> {
  let st = start;
  while (st.generation < o.generations) {
    const rng = Rng.fromState(st.rng);
    const { candidates, refused } = propose(choices, st, o, h, rng);
    const todo = candidates.filter((c) => st.memo[sampleKey(choices, c.sample)] === undefined);
    if (h.scoreMany && todo.length) {
      const scores = await h.scoreMany(todo.map((c) => c.sample));
      const memo = { ...st.memo };
      todo.forEach((c, i) => (memo[sampleKey(choices, c.sample)] = scores[i]!));
      st = { ...st, memo };
      h.save(st);
    }
    const population: Scored[] = [];
    for (const c of candidates) {
      const key = sampleKey(choices, c.sample);
      let score = st.memo[key];
      if (score === undefined) {
        if (!h.score) throw new Error(`evolution: no score for ${key}`);
        score = await h.score(c.sample);
        st = { ...st, memo: { ...st.memo, [key]: score } };
        h.save(st);
      }
      population.push({ sample: c.sample, score, cost: c.cost });
    }
    const scored = [...st.scored, ...population];
    const parents = topK(scored, o.parents);
    const rec: GenerationRecord = {
      generation: st.generation,
      best: parents[0]?.score ?? NaN,
      mean: parents.reduce((s, p) => s + p.score, 0) / Math.max(parents.length, 1),
      scored: population.length,
      rejected: refused.length,
      population,
    };
    st = { generation: st.generation + 1, rng: rng.state(), scored, refused: [...st.refused, ...refused], history: [...st.history, rec], memo: {} };
    h.save(st);
    h.log?.(`generation ${rec.generation + 1}/${o.generations}: scored ${rec.scored}, refused by the cap ${rec.rejected}, best ${rec.best.toFixed(4)}, parents' mean ${rec.mean.toFixed(4)}`);
  }
  return st;
}
