// Uniform baselines named relative to the space, so a new space needs no edit in retrain.yaml:
// `cheapest` and `costliest` are the candidates whose all-same network (that block at every
// searchable layer) has the fewest / the most analytic FLOPs, from the block catalogue and the
// space's shapes (pure: no LUT, so baselines do not move with latency noise). Identity blocks
// (`skip`) are left out: an all-skip network has no searchable compute to compare with. Ties go to
// the candidate listed first. Any other entry must be a candidate name. A keyword that lands on a
// candidate an earlier entry already names is dropped (in a space with one non-skip candidate,
// cheapest = costliest); a repeated name is a config error. Pure: no tfjs, no I/O.
import { ConfigError } from '../core/errors.js';
import { blockCost } from '../ops/cost.js';
import type { NormalizedSpace } from '../spaces/normalize.js';
import { catalogOp } from '../spaces/to-arch.js';

export const BASELINE_KEYWORDS = ['cheapest', 'costliest'] as const;

export const isBaselineKeyword = (entry: string): boolean => (BASELINE_KEYWORDS as readonly string[]).includes(entry);

/** Analytic FLOPs of the searchable layers when every one holds `candidate`. */
export function uniformFlops(space: NormalizedSpace, candidate: string): number {
  const op = catalogOp(candidate);
  if (!op) return NaN;
  return space.layers.reduce((s, l) => s + blockCost(l.cIn, l.cOut, l.stride, op, l.inHW[0], l.inHW[1]).flops, 0);
}

/** The candidate a `baselines.uniform` entry names; ConfigError at `file#path` when it names none. */
export function resolveUniform(entry: string, space: NormalizedSpace, file: string, path: string): string {
  if (entry === 'cheapest' || entry === 'costliest') {
    const ranked = space.candidates.filter((c) => catalogOp(c)?.kind !== 'skip').map((c) => ({ c, flops: uniformFlops(space, c) }));
    if (!ranked.length) throw new ConfigError(file, path, `"${entry}" needs a candidate other than skip; space ${space.name} has ${space.candidates.join(', ')}`);
    const pick = ranked.reduce((best, r) => ((entry === 'cheapest' ? r.flops < best.flops : r.flops > best.flops) ? r : best));
    return pick.c;
  }
  if (!space.candidates.includes(entry)) {
    throw new ConfigError(file, path, `expected a candidate of space ${space.name} (${space.candidates.join(', ')}) or one of ${BASELINE_KEYWORDS.join(', ')}, found "${entry}"`);
  }
  return entry;
}
