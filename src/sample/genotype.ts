// sample `how: genotype` (DARTS): the genotype rule (src/methods/genotype.ts) over the selected
// epoch's softmax(α) in search.json -> a sample of the space's `.op<k>` / `.in<k>` choices ->
// freeze -> a cells architecture document with its search record (method, the kept edges' op
// weights, predicted costs from the cells LUT: the genotype's op at each kept (cell, edge) row,
// `none` elsewhere). Also the random genotypes of the found-vs-random comparison. Pure.
import { normalizeArch } from '../arch/normalize.js';
import { NasflowError } from '../core/errors.js';
import type { Rng } from '../core/rng.js';
import type { Choice } from '../methods/choices.js';
import { deriveGenotype, genotypeSample } from '../methods/genotype.js';
import { genotypeGridOps } from '../spaces/cell-grid.js';
import { freeze } from '../spaces/freeze.js';
import type { NormalizedSpace } from '../spaces/normalize.js';
import type { SearchResult } from '../types/generated.js';
import { type CostTables, predictedCost, type Written } from './archs.js';

export interface GenotypeSpec {
  name: string;
  description: string;
  details: Record<string, string | number>;
}

/** The probabilities of every α row (choice order) in search.json; refuses a method without them. */
export function alphaProbabilities(result: SearchResult, choices: readonly Choice[], file: string): number[][] {
  return choices.map((c, i) => {
    const p = result.choices[i]?.probabilities;
    if (!p) throw new NasflowError('E_UPSTREAM', `${file}#/choices/${i}/probabilities: how: genotype needs a method with per-edge probabilities (darts), ${result.method} has none for ${c.label}`);
    return p;
  });
}

export function genotypeArch(space: NormalizedSpace, choices: readonly Choice[], probs: number[][], tables: CostTables, method: string, s: GenotypeSpec): Written {
  const g = deriveGenotype(choices, probs);
  const sample = genotypeSample(g);
  const strengths: Record<string, number> = {};
  for (const t of ['normal', 'reduce'] as const) g[t].forEach((edges, j) => edges.forEach((e, k) => (strengths[`${t}.n${j}.op${k}`] = e.strength)));
  return written(space, sample, tables, method, s, strengths);
}

/**
 * A random genotype as DARTS' random baselines draw them: per node two distinct inputs and, for
 * each, an op other than `none`, uniformly (rng order: per cell type, node, edge: input, op).
 */
export function randomGenotypeSample(space: NormalizedSpace, rng: Rng): Record<string, string | number> {
  if (space.body.kind !== 'cells') throw new RangeError(`space ${space.name}: random genotypes need a cells space`);
  const ops = space.body.ops.filter((o) => o !== 'none');
  const out: Record<string, string | number> = {};
  for (const t of ['normal', 'reduce'] as const) {
    for (let j = 0; j < space.body.nodes; j++) {
      const first = rng.int(0, j + 1);
      let second = rng.int(0, j);
      if (second >= first) second++;
      [first, second].forEach((input, k) => {
        out[`${t}.n${j}.in${k}`] = input;
        out[`${t}.n${j}.op${k}`] = ops[rng.int(0, ops.length - 1)]!;
      });
    }
  }
  return out;
}

export function randomGenotypeArch(space: NormalizedSpace, rng: Rng, tables: CostTables, s: GenotypeSpec): Written {
  return written(space, randomGenotypeSample(space, rng), tables, 'random', s, null);
}

function written(space: NormalizedSpace, sample: Record<string, string | number>, tables: CostTables, method: string, s: GenotypeSpec, strengths: Record<string, number> | null): Written {
  const bare = freeze(space, sample, s.name);
  const predicted = predictedCost(tables, genotypeGridOps(space, bare));
  const doc = freeze(space, sample, s.name, { description: s.description, search: { method, ...(strengths ? { probabilities: strengths } : {}), predicted, details: s.details } });
  normalizeArch(doc, s.name);
  return { doc, entry: { name: s.name, file: `arch-${s.name}.json`, sample, logProbability: null, valTop1: null, predicted } };
}
