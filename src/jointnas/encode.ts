// A joint sample (architecture + recipe) as a fixed-length vector for the accuracy predictor:
// op, categorical and inputs choices one-hot over their values; int choices normalised to [0, 1]
// over their value range; real choices normalised over their range (in log space for a log
// scale). Architecture choices come first, then `recipe.*` ones, so the predictor's encoder sees
// the architecture part alone and its accuracy head the embedding plus the recipe part. Pure.
import type { Choice, ChoiceValue, Sample } from '../spaces/choices.js';

export interface Encoding {
  /** One name per vector entry (`layers.0.op=ir_k3_e1`, `recipe.lr`), in order. */
  names: string[];
  /** Entries [0, archLength) encode the architecture, the rest the recipe. */
  archLength: number;
  length: number;
  choices: Choice[];
}

export const isRecipe = (c: { label: string }): boolean => c.label.startsWith('recipe.');

const oneHot = (c: Choice): boolean => c.kind === 'op' || c.kind === 'categorical' || c.kind === 'inputs';

export function encoding(choices: readonly Choice[]): Encoding {
  const ordered = [...choices.filter((c) => !isRecipe(c)), ...choices.filter(isRecipe)];
  const names: string[] = [];
  let archLength = 0;
  for (const c of ordered) {
    if (oneHot(c)) names.push(...c.values.map((v) => `${c.label}=${v}`));
    else names.push(c.label);
    if (!isRecipe(c)) archLength = names.length;
  }
  return { names, archLength, length: names.length, choices: ordered };
}

/** Position of a number in [lo, hi] as a fraction (0 when lo = hi). */
function unit(v: number, lo: number, hi: number, log: boolean): number {
  if (hi === lo) return 0;
  return log ? (Math.log(v) - Math.log(lo)) / (Math.log(hi) - Math.log(lo)) : (v - lo) / (hi - lo);
}

export function encode(e: Encoding, sample: Sample): number[] {
  const out: number[] = [];
  for (const c of e.choices) {
    const v: ChoiceValue | undefined = sample[c.label];
    if (v === undefined) throw new RangeError(`encode: sample has no value for ${c.label}`);
    if (oneHot(c)) {
      const i = c.values.indexOf(v);
      if (i < 0) throw new RangeError(`encode: ${c.label} expects one of [${c.values.join(', ')}], found ${JSON.stringify(v)}`);
      c.values.forEach((_, k) => out.push(k === i ? 1 : 0));
    } else if (c.kind === 'real') {
      out.push(unit(Number(v), c.range![0], c.range![1], c.log === true));
    } else {
      const nums = c.values.map(Number);
      if (!c.values.includes(v)) throw new RangeError(`encode: ${c.label} expects one of [${c.values.join(', ')}], found ${JSON.stringify(v)}`);
      out.push(unit(Number(v), Math.min(...nums), Math.max(...nums), false));
    }
  }
  return out;
}

/**
 * The sample at a point of the unit cube (one coordinate per choice, in the space's choice order):
 * discrete choices take value floor(u·n), real ones the point of their (log) range.
 */
export function sampleAt(choices: readonly Choice[], u: readonly number[]): Record<string, ChoiceValue> {
  if (u.length !== choices.length) throw new RangeError(`sampleAt: ${u.length} coordinates for ${choices.length} choices`);
  return Object.fromEntries(
    choices.map((c, d) => {
      const x = u[d]!;
      if (c.kind !== 'real') return [c.label, c.values[Math.min(c.values.length - 1, Math.floor(x * c.values.length))]!];
      const [lo, hi] = c.range!;
      return [c.label, c.log ? Math.exp(Math.log(lo) + x * (Math.log(hi) - Math.log(lo))) : lo + x * (hi - lo)];
    }),
  );
}

/**
 * Choices for the discrete evolution (src/strategies/evolution.ts draws from `values`): a real
 * choice becomes `levels` evenly spaced values of its (log) range, rounded to 4 significant digits.
 */
export function discreteChoices(choices: readonly Choice[], levels: number): Choice[] {
  return choices.map((c) => {
    if (c.kind !== 'real') return c;
    const [lo, hi] = c.range!;
    const at = (k: number): number => {
      const f = levels === 1 ? 0 : k / (levels - 1);
      const v = c.log ? Math.exp(Math.log(lo) + f * (Math.log(hi) - Math.log(lo))) : lo + f * (hi - lo);
      return Math.min(hi, Math.max(lo, Number(v.toPrecision(4))));
    };
    return { ...c, values: [...new Set(Array.from({ length: levels }, (_, k) => at(k)))] };
  });
}
