// Choices and samples as the search core sees them (the data model's types, src/spaces/choices.ts):
// a choice is a stable label with the values it may take; a sample is a plain {label: value} map.
// The supernets trained today mix op candidates per chain layer: their choices are the layers' op
// choices, labelled `layers.<i>.op` as the space's own labels. Pure.
import type { Choice, Sample } from '../spaces/choices.js';
import type { SupernetSpec } from '../supernet/spec.js';

export type { Choice, ChoiceKind, ChoiceValue, Sample } from '../spaces/choices.js';

/** One op choice per searchable layer of a chain supernet, in layer order. */
export function supernetChoices(spec: SupernetSpec): Choice[] {
  return spec.layers.map((l) => ({ label: `layers.${l.index}.op`, kind: 'op', values: [...spec.candidates] }));
}

/** Value indices (one per choice, in choice order) as a sample. */
export function sampleOf(choices: readonly Choice[], picks: readonly number[]): Sample {
  if (picks.length !== choices.length) throw new RangeError(`${picks.length} picks for ${choices.length} choices`);
  return Object.fromEntries(choices.map((c, i) => [c.label, c.values[picks[i]!]!]));
}

/** The value index of every choice in a sample; a missing label or foreign value names both. */
export function picksOf(choices: readonly Choice[], sample: Sample): number[] {
  return choices.map((c) => {
    const v = sample[c.label];
    const i = v === undefined ? -1 : c.values.indexOf(v);
    if (i < 0) throw new RangeError(`sample: choice ${c.label} expects one of [${c.values.join(', ')}], found ${JSON.stringify(v)}`);
    return i;
  });
}

/** Canonical key of a sample (labels in choice order): equal samples, equal keys. */
export function sampleKey(choices: readonly Choice[], sample: Sample): string {
  return JSON.stringify(choices.map((c) => sample[c.label] ?? null));
}
