// A toy evolution problem shared by tests/evolution.test.ts and its kill -9 child: 6 choices of 4
// values, score = the share of choices equal to a target, cost = the sum of value indices (cap
// 10, the target costs 9); and a runner that checkpoints to a file like the sample stage does.
import { existsSync, readFileSync } from 'node:fs';
import writeFileAtomic from 'write-file-atomic';
import type { Choice, Sample } from '../../src/methods/choices.js';
import { type EvolutionHooks, type EvolutionSettings, type EvolutionState, evolve, freshEvolution } from '../../src/strategies/evolution.js';

export const TOY_CHOICES: Choice[] = Array.from({ length: 6 }, (_, i) => ({ label: `layers.${i}.op`, kind: 'op', values: ['a', 'b', 'c', 'd'] }));
export const TARGET: Sample = { 'layers.0.op': 'b', 'layers.1.op': 'c', 'layers.2.op': 'a', 'layers.3.op': 'd', 'layers.4.op': 'b', 'layers.5.op': 'a' };
export const TOY_SETTINGS: EvolutionSettings = { population: 16, generations: 12, parents: 4, mutations: 6, mutationProb: 0.2, crossovers: 6, maxTries: 50 };
export const toyCost = (s: Sample): number => TOY_CHOICES.reduce((c, ch) => c + ch.values.indexOf(s[ch.label]!), 0);
export const toyScore = (s: Sample): number => TOY_CHOICES.filter((c) => s[c.label] === TARGET[c.label]).length / TOY_CHOICES.length;

export async function runToy(o: { seed: number; cap: number | null; file?: string; delayMs?: number; onScore?: (s: Sample) => void }): Promise<EvolutionState> {
  let start = freshEvolution(o.seed);
  if (o.file && existsSync(o.file)) start = JSON.parse(readFileSync(o.file, 'utf8')) as EvolutionState;
  const hooks: EvolutionHooks = {
    cost: toyCost,
    cap: o.cap,
    score: async (s) => {
      o.onScore?.(s);
      if (o.delayMs) await new Promise((r) => setTimeout(r, o.delayMs));
      return toyScore(s);
    },
    save: (st) => {
      if (o.file) writeFileAtomic.sync(o.file, JSON.stringify(st));
    },
  };
  return evolve(TOY_CHOICES, TOY_SETTINGS, hooks, start);
}
