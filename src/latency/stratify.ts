// Architectures for the end-to-end check, spread over the predicted latency range (pure). Uniform
// random architectures cluster mid-range, where noise decides their ranks; instead a seeded pool
// is drawn with each layer's choice tilted towards cheap or costly blocks (p ∝ exp(β·z), z the
// block's standardised cost at that layer, β swept from -4 to 4), the range between the cheapest
// and the costliest architecture is cut into `count` equal bins, and one pool member is taken per
// bin (the nearest unused one when a bin is empty). Excluded architectures (e.g. those a fit was
// made on, for a held-out check) never enter the pool.
import type { Rng } from '../core/rng.js';

export interface Stratified {
  choices: string[];
  predicted: number;
}

/** `costs[l]`: block name -> predicted cost at layer l; `fixed` is added once; `exclude`: choices (joined by ' ') never picked. */
export function stratifiedArchs(costs: Map<string, number>[], fixed: number, count: number, rng: Rng, poolSize = 40 * count, exclude: ReadonlySet<string> = new Set()): Stratified[] {
  if (count <= 0 || costs.length === 0) return [];
  const layers = costs.map((m) => {
    const names = [...m.keys()];
    const v = names.map((n) => m.get(n)!);
    const mean = v.reduce((a, b) => a + b, 0) / v.length;
    const sd = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length) || 1;
    return { names, v, z: v.map((x) => (x - mean) / sd) };
  });
  const predict = (choices: string[]): number => choices.reduce((s, b, l) => s + costs[l]!.get(b)!, fixed);
  const extreme = (pick: (a: number, b: number) => boolean): string[] => layers.map((L) => L.names[L.v.reduce((bi, x, i) => (pick(x, L.v[bi]!) ? i : bi), 0)]!);
  const pool = new Map<string, Stratified>();
  const add = (choices: string[]): void => {
    if (!exclude.has(choices.join(' '))) pool.set(choices.join(' '), { choices, predicted: predict(choices) });
  };
  add(extreme((a, b) => a < b));
  add(extreme((a, b) => a > b));
  for (let i = 0; i < poolSize; i++) {
    const beta = -4 + (8 * i) / Math.max(1, poolSize - 1);
    add(layers.map((L) => {
      const w = L.z.map((z) => Math.exp(beta * z));
      let r = rng.float() * w.reduce((a, b) => a + b, 0);
      for (let j = 0; j < w.length; j++) if ((r -= w[j]!) <= 0) return L.names[j]!;
      return L.names[w.length - 1]!;
    }));
  }
  const all = [...pool.values()].sort((a, b) => a.predicted - b.predicted);
  if (!all.length) return [];
  const lo = all[0]!.predicted;
  const hi = all.at(-1)!.predicted;
  const used = new Set<Stratified>();
  const out: Stratified[] = [];
  for (let k = 0; k < Math.min(count, all.length); k++) {
    const centre = count === 1 ? (lo + hi) / 2 : lo + ((hi - lo) * k) / (count - 1);
    const pick = all.filter((a) => !used.has(a)).reduce((b, a) => (Math.abs(a.predicted - centre) < Math.abs(b.predicted - centre) ? a : b));
    used.add(pick);
    out.push(pick);
  }
  return out;
}
