// Choices and samples: the contract between spaces and search methods. A normalised space lists
// its choices (label, kind, values) in a stable order; a sample is a plain {label: value} map
// holding one value per choice. Methods, evolution, predictors and random baselines only ever
// see labels and values, never models. Pure: no tfjs.
//
// Label conventions (fixed; methods rely on them):
//   input.resolution                  input size (square), kind int
//   layers.<i>.op                     op of chain layer i (0-based over all layers), kind op
//   layers.<i>.width | stages.<j>.width  output channels of a layer / of every layer of stage j, kind int
//   layers.<i>.expansion              expansion of layer i's inverted-residual op, kind int
//   <normal|reduce>.n<j>.op<k>        op of edge k (0, 1) of intermediate node j of a cell, kind op
//   <normal|reduce>.n<j>.in<k>        its input state: 0, 1 the cell's inputs, 2 + m node m < j, kind inputs
//   recipe.<name>                     a training-recipe setting, kind real | int | categorical
import type { Rng } from '../core/rng.js';
import { SampleError, type SampleProblem } from './errors.js';
import type { NormalizedSpace } from './normalize.js';

export type ChoiceValue = string | number;
export type Sample = Readonly<Record<string, ChoiceValue>>;
export type ChoiceKind = 'op' | 'int' | 'inputs' | 'real' | 'categorical';

export interface Choice {
  label: string;
  kind: ChoiceKind;
  /** The values to choose from, in the space's order; empty for `real`. */
  values: readonly ChoiceValue[];
  /** real only: [low, high], inclusive. */
  range?: readonly [number, number];
  /** real only: sample uniformly in log space. */
  log?: boolean;
}

/** Every choice of the space, in a stable order (input, body in order, recipe). */
export function choicesOf(space: NormalizedSpace): Choice[] {
  return space.choices.map((c) => ({ ...c }));
}

/**
 * Throws a SampleError listing every missing, unknown or out-of-range label. `recipeOptional`: a
 * sample of the architecture alone (no `recipe.*` values) is complete too (freezing a baseline).
 */
export function validateSample(space: NormalizedSpace, sample: Sample, o: { recipeOptional?: boolean } = {}): void {
  const problems: SampleProblem[] = [];
  const known = new Set<string>();
  for (const c of space.choices) {
    known.add(c.label);
    const v = sample[c.label];
    if (v === undefined) {
      if (o.recipeOptional && c.label.startsWith('recipe.')) continue;
      problems.push({ label: c.label, expected: expectedOf(c), found: 'nothing' });
    } else if (c.kind === 'real') {
      const [lo, hi] = c.range!;
      if (typeof v !== 'number' || !(v >= lo && v <= hi)) problems.push({ label: c.label, expected: expectedOf(c), found: JSON.stringify(v) });
    } else if (!c.values.includes(v)) {
      problems.push({ label: c.label, expected: expectedOf(c), found: JSON.stringify(v) });
    }
  }
  for (const label of Object.keys(sample)) {
    if (!known.has(label)) problems.push({ label, expected: 'no such choice in the space', found: JSON.stringify(sample[label]) });
  }
  if (problems.length) throw new SampleError(space.name, problems);
}

function expectedOf(c: Choice): string {
  if (c.kind === 'real') return `a number in [${c.range![0]}, ${c.range![1]}]`;
  return `one of ${JSON.stringify(c.values)}`;
}

/**
 * One uniform draw per choice, in choice order (rng.int per discrete choice; real: uniform, or
 * log-uniform). For a space of op choices only this consumes the Rng exactly as the FBNet
 * baselines always did (one rng.int per layer), so random baselines are unchanged.
 */
export function randomSample(space: NormalizedSpace, rng: Rng): Record<string, ChoiceValue> {
  const out: Record<string, ChoiceValue> = {};
  for (const c of space.choices) {
    if (c.kind === 'real') {
      const [lo, hi] = c.range!;
      const u = rng.float();
      out[c.label] = c.log ? Math.exp(Math.log(lo) + u * (Math.log(hi) - Math.log(lo))) : lo + u * (hi - lo);
    } else {
      out[c.label] = c.values[rng.int(0, c.values.length - 1)]!;
    }
  }
  return out;
}

/** A canonical string of a sample (labels sorted): for visited sets and dedup. */
export function sampleKey(sample: Sample): string {
  return JSON.stringify(Object.keys(sample).sort().map((k) => [k, sample[k]]));
}
