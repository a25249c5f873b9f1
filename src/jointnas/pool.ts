// FBNetV3's candidate pool: Sobol points of the joint space (architecture + recipe choices, in the
// space's choice order) mapped to samples, keeping only those that meet the resource constraints,
// deduplicated, until `size` samples or `maxPoints` points. Deterministic in (space, seed,
// limits). Pure: no tfjs.
import { sampleKey, type Choice, type Sample } from '../spaces/choices.js';
import type { NormalizedSpace } from '../spaces/normalize.js';
import { type Costs, costsOf, type Limits, meets, type Tables } from './constraints.js';
import { sampleAt } from './encode.js';
import { sobolPoints } from './sobol.js';

export interface PoolMember {
  sample: Sample;
  costs: Costs;
  /** Index of its Sobol point. */
  point: number;
}

export interface Pool {
  members: PoolMember[];
  /** Points drawn, and how many the constraints refused. */
  points: number;
  refused: number;
}

export function sobolPool(space: NormalizedSpace, tables: Tables, limits: Limits, o: { size: number; maxPoints: number; seed: number }): Pool {
  const choices: Choice[] = space.choices;
  const members: PoolMember[] = [];
  const seen = new Set<string>();
  let refused = 0;
  let points = 0;
  const chunk = 256;
  while (members.length < o.size && points < o.maxPoints) {
    const batch = sobolPoints(choices.length, Math.min(chunk, o.maxPoints - points), o.seed, points);
    for (const u of batch) {
      const point = points++;
      if (members.length >= o.size) break;
      const sample = sampleAt(choices, u);
      const key = sampleKey(sample);
      if (seen.has(key)) continue;
      seen.add(key);
      const costs = costsOf(space, tables, sample);
      if (!meets(costs, limits)) {
        refused++;
        continue;
      }
      members.push({ sample, costs, point });
    }
  }
  return { members, points, refused };
}
