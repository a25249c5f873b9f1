// FBNetV3's fine stage: evolution over architecture + recipe (the SPOS evolution code,
// src/strategies/evolution.ts) under the resource constraints. Real recipe choices are searched on
// a grid of `levels` values (encode.ts discreteChoices); a proposal's cost is its largest
// cost/limit ratio and the cap is 1, so the evolution's own cap check — before scoring — keeps
// every scored (and so every returned) sample inside every constraint. The scorer is a callback
// (the accuracy predictor in the stage). Pure: no tfjs.
import type { Sample } from '../spaces/choices.js';
import type { NormalizedSpace } from '../spaces/normalize.js';
import { type EvolutionSettings, type EvolutionState, evolve, type Scored, topK } from '../strategies/evolution.js';
import { costsOf, type Limits, type Tables, worst } from './constraints.js';
import { discreteChoices } from './encode.js';

export interface JointEvolution {
  state: EvolutionState;
  winners: Scored[];
}

export async function evolveJoint(
  space: NormalizedSpace,
  tables: Tables,
  limits: Limits,
  o: EvolutionSettings & { levels: number; count: number },
  score: (s: Sample) => Promise<number>,
  start: EvolutionState,
  save: (s: EvolutionState) => void,
  log?: (m: string) => void,
): Promise<JointEvolution> {
  const choices = discreteChoices(space.choices, o.levels);
  const cost = (s: Sample): number => worst(costsOf(space, tables, s), limits);
  const state = await evolve(choices, o, { cost, cap: 1, score, save, ...(log ? { log } : {}) }, start);
  return { state, winners: topK(state.scored, o.count) };
}
