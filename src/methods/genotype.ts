// The DARTS genotype rule and the collapse diagnostics read off it (pure: plain numbers in).
//   deriveGenotype  per cell type and intermediate node j: the two incoming edges with the largest
//                   max non-`none` op weight (ties: the earlier input), each with its argmax
//                   non-`none` op (quark0/darts model_search.py genotype()) -> a sample of the
//                   space's own choices (`<t>.n<j>.op<k>`, `<t>.n<j>.in<k>`, k = 0 the stronger)
//   collapseStats   of the derived normal cell: skip_connect count, parameter-free op count
//                   (none can never be picked; pools and skip_connect), and α's entropy per edge
//   collapseWarnings  DARTS' best-known failure (quark0/darts #73, #110): the normal cell filling
//                   with skip connections; the DARTS+ rule stops at >= maxSkips (default 2)
import { entropy } from '../supernet/theta-stats.js';
import type { Choice, Sample } from './choices.js';

const PARAMETER_FREE = new Set(['none', 'skip_connect', 'max_pool_3x3', 'avg_pool_3x3']);
const EDGE = /^(normal|reduce)\.n(\d+)\.e(\d+)$/;

export interface GenotypeEdge {
  op: string;
  input: number;
  strength: number;
}

/** Per cell type, per node, the two kept edges (strongest first). */
export type Genotype = Record<'normal' | 'reduce', GenotypeEdge[][]>;

export function deriveGenotype(choices: readonly Choice[], weights: readonly (readonly number[])[]): Genotype {
  const byNode: Genotype = { normal: [], reduce: [] };
  const candidates: Record<'normal' | 'reduce', GenotypeEdge[][]> = { normal: [], reduce: [] };
  choices.forEach((c, k) => {
    const m = EDGE.exec(c.label);
    if (!m) throw new RangeError(`genotype: choice ${c.label} is not a cell edge (<normal|reduce>.n<j>.e<i>)`);
    const [type, j, i] = [m[1] as 'normal' | 'reduce', Number(m[2]), Number(m[3])];
    const w = weights[k]!;
    let best = -1;
    c.values.forEach((v, o) => {
      if (v !== 'none' && (best < 0 || w[o]! > w[best]!)) best = o;
    });
    if (best < 0) throw new RangeError(`genotype: edge ${c.label} has no op other than none`);
    (candidates[type][j] ??= []).push({ op: String(c.values[best]), input: i, strength: w[best]! });
  });
  for (const t of ['normal', 'reduce'] as const) {
    byNode[t] = candidates[t].map((edges, j) => {
      if (!edges || edges.length < 2) throw new RangeError(`genotype: ${t} node ${j} has ${edges?.length ?? 0} incoming edges, needs 2`);
      return [...edges].sort((a, b) => b.strength - a.strength || a.input - b.input).slice(0, 2);
    });
  }
  return byNode;
}

/** The genotype as a sample of the space's cell choices. */
export function genotypeSample(g: Genotype): Sample {
  const out: Record<string, string | number> = {};
  for (const t of ['normal', 'reduce'] as const) {
    g[t].forEach((edges, j) =>
      edges.forEach((e, k) => {
        out[`${t}.n${j}.op${k}`] = e.op;
        out[`${t}.n${j}.in${k}`] = e.input;
      }),
    );
  }
  return out;
}

export interface CollapseStats {
  normalSkips: number;
  normalParameterFree: number;
  reduceSkips: number;
  /** α's softmax entropy per edge choice (choice order). */
  edgeEntropy: number[];
}

export function collapseStats(g: Genotype, probabilities: readonly number[][]): CollapseStats {
  const count = (t: 'normal' | 'reduce', f: (op: string) => boolean): number => g[t].flat().filter((e) => f(e.op)).length;
  return {
    normalSkips: count('normal', (op) => op === 'skip_connect'),
    normalParameterFree: count('normal', (op) => PARAMETER_FREE.has(op)),
    reduceSkips: count('reduce', (op) => op === 'skip_connect'),
    edgeEntropy: probabilities.map((p) => entropy(p)),
  };
}

export interface CollapseRule {
  /** DARTS+: stop once the normal cell has this many skip connections (null: never). */
  maxSkips: number | null;
  /** Warn when at least this share of the normal cell's ops are parameter-free. */
  parameterFreeShare: number;
}

export function collapseWarnings(s: CollapseStats, edges: number, rule: CollapseRule): { warnings: string[]; stop: boolean } {
  const warnings: string[] = [];
  const stop = rule.maxSkips !== null && s.normalSkips >= rule.maxSkips;
  if (stop) warnings.push(`collapse: the derived normal cell has ${s.normalSkips} skip_connect ops (DARTS+ rule: stop at ${rule.maxSkips})`);
  if (edges > 0 && s.normalParameterFree / edges >= rule.parameterFreeShare) warnings.push(`collapse: ${s.normalParameterFree} of the normal cell's ${edges} ops are parameter-free (share >= ${rule.parameterFreeShare})`);
  return { warnings, stop };
}
