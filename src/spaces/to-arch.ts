// From a normalised space and one candidate choice per searchable layer to an architecture
// document (schema arch): the bridge between search (θ, random baselines, the LUT's end-to-end
// check) and the arch builder. Pure: ops come from the tfjs-free block catalogue.
import { catalogOps } from '../ops/catalog.js';
import { type CanonicalOp, opName } from '../ops/op.js';
import type { ArchDoc, ArchOp } from '../types/generated.js';
import type { Rng } from '../core/rng.js';
import type { NormalizedSpace } from './normalize.js';
import { SpaceError } from './errors.js';

const OPS = new Map<string, CanonicalOp>(catalogOps().map((op) => [opName(op), op]));

/** Canonical attributes of a block name from the catalogue (undefined when unknown). */
export function catalogOp(name: string): CanonicalOp | undefined {
  return OPS.get(name);
}

export function archFromChoices(space: NormalizedSpace, choices: string[], name: string): ArchDoc {
  if (choices.length !== space.layers.length) throw new SpaceError(space.name, '/layers', `${choices.length} choices for ${space.layers.length} searchable layers`);
  const blocks = space.layers.map((l, i) => {
    const choice = choices[i]!;
    const op = catalogOp(choice);
    if (!op || !space.candidates.includes(choice)) throw new SpaceError(space.name, `/layers/${i}`, `choice "${choice}" is not a candidate (candidates: ${space.candidates.join(', ')})`);
    return { op: op as ArchOp, name: choice, cIn: l.cIn, cOut: l.cOut, stride: l.stride };
  });
  const h = space.head;
  return {
    schema: 'arch/v1',
    name,
    input: [...space.input],
    classes: space.classes,
    stem: { cOut: space.stem.cOut, stride: space.stem.stride as 1 | 2, kernel: space.stem.kernel as 1 | 3 | 5 | 7 },
    blocks: blocks.map((b) => ({ ...b, stride: b.stride as 1 | 2 })),
    head: { cOut: h.cOut, norm: h.norm, relu: h.relu, dropout: h.dropout },
  };
}

/** One uniformly drawn candidate per layer. */
export function randomChoices(space: NormalizedSpace, rng: Rng): string[] {
  return space.layers.map(() => space.candidates[rng.int(0, space.candidates.length - 1)]!);
}
