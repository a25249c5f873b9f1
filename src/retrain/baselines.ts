// Uniform baselines named relative to the space, so a new space needs no edit in retrain.yaml:
// `cheapest` and `costliest` are the candidates whose all-same network (that op at every chain
// layer, frozen from the space) has the fewest / the most analytic FLOPs (pure: no LUT, so
// baselines do not move with latency noise). Identity ops (`skip`) are left out: an all-skip
// network has no searchable compute to compare with. Ties go to the op listed first. Any other
// entry must be an op of every chain layer. A keyword that lands on a candidate an earlier entry
// already names is dropped (in a space with one non-skip op, cheapest = costliest); a repeated
// name is a config error (preflight). A width space (FBNetV2) has no all-same op network: its
// baselines are `widest` and `narrowest`, every width, expansion and the resolution at their
// largest / smallest with each layer's costliest / cheapest op (src/spaces/widths.ts).
// Pure: no tfjs, no I/O.
import { normalizeArch } from '../arch/normalize.js';
import { ConfigError } from '../core/errors.js';
import { freeze } from '../spaces/freeze.js';
import { sampleFromOps } from '../spaces/grid.js';
import { catalogOp, type NormalizedSpace } from '../spaces/normalize.js';
import { type Extreme, extremeSample, isWidthSpace } from '../spaces/widths.js';

export const BASELINE_KEYWORDS = ['cheapest', 'costliest'] as const;
export const WIDTH_KEYWORDS = ['widest', 'narrowest'] as const;

export const isBaselineKeyword = (entry: string): boolean => (BASELINE_KEYWORDS as readonly string[]).includes(entry) || (WIDTH_KEYWORDS as readonly string[]).includes(entry);
const isExtreme = (entry: string): entry is Extreme => (WIDTH_KEYWORDS as readonly string[]).includes(entry);

/** The baseline's architecture name: `<space>-all-<op>`, or `<space>-widest` / `-narrowest`. */
export const baselineName = (space: NormalizedSpace, cand: string): string => (isExtreme(cand) ? `${space.name}-${cand}` : `${space.name}-all-${cand}`);

/** Ops every chain layer offers, in the first layer's order (empty for a cells space). */
export function uniformCandidates(space: NormalizedSpace): string[] {
  if (space.body.kind !== 'chain') return [];
  const layers = space.body.layers;
  return layers[0] ? layers[0].ops.values.filter((op) => layers.every((l) => l.ops.values.includes(op))) : [];
}

/** The all-`op` architecture of the space (a width space: its widest or narrowest instance). */
export function uniformArch(space: NormalizedSpace, op: string, name: string) {
  if (isExtreme(op)) return freeze(space, extremeSample(space, op), name, { search: { method: 'uniform' } });
  const layers = space.body.kind === 'chain' ? space.body.layers : [];
  return freeze(space, sampleFromOps(space, layers.map(() => op)), name, { search: { method: 'uniform' } });
}

/** Analytic FLOPs of the all-`op` network. */
export function uniformFlops(space: NormalizedSpace, op: string): number {
  return normalizeArch(uniformArch(space, op, `${space.name}-all-${op}`), `${space.name} (all ${op})`).flops;
}

/** The op a `baselines.uniform` entry names; ConfigError at `file#path` when it names none. */
export function resolveUniform(entry: string, space: NormalizedSpace, file: string, path: string): string {
  if (isWidthSpace(space)) {
    if (isExtreme(entry)) return entry;
    throw new ConfigError(file, path, `space ${space.name} searches widths or resolution: its uniform baselines are ${WIDTH_KEYWORDS.join(' / ')}, found "${entry}"`);
  }
  if (isExtreme(entry)) throw new ConfigError(file, path, `"${entry}" names an extreme instance of a width space; space ${space.name} searches none (use ${BASELINE_KEYWORDS.join(' / ')} or an op)`);
  const ops = uniformCandidates(space);
  if (isBaselineKeyword(entry)) {
    const ranked = ops.filter((c) => catalogOp(c)?.kind !== 'skip').map((c) => ({ c, flops: uniformFlops(space, c) }));
    if (!ranked.length) throw new ConfigError(file, path, `"${entry}" needs an op other than skip at every chain layer; space ${space.name} has ${ops.join(', ') || 'none'}`);
    return ranked.reduce((best, r) => ((entry === 'cheapest' ? r.flops < best.flops : r.flops > best.flops) ? r : best)).c;
  }
  if (!ops.includes(entry)) {
    throw new ConfigError(file, path, `expected an op of every layer of space ${space.name} (${ops.join(', ')}) or one of ${BASELINE_KEYWORDS.join(', ')}, found "${entry}"`);
  }
  return entry;
}
