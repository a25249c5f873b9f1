// A ridge prior from analytic features (pure), for a fit without swap marginals: every block above
// its layer's floor costs a·ΔFLOPs + b·Δparams + c (c: the per-block dispatch), with fixed, a, b, c
// fitted by the same weighted least squares over the fit set. Shrinking toward this smooth model
// instead of toward 0 keeps entries that the noise cannot pin down near what their size implies.
import { blockCost } from '../ops/cost.js';
import type { Grid } from '../spaces/grid.js';
import { catalogOp } from '../spaces/normalize.js';
import { type FitLayout, type FitPoint, solveSpd } from './fit.js';
import { LookupMissError } from './errors.js';

export interface FeaturePrior {
  /** Per layer: candidate -> prior entry (ms, never below 0). */
  entries: Map<string, number>[];
  coefficients: { fixed: number; perMflop: number; perKparam: number; perBlock: number };
}

/** Per layer: candidate -> [MFLOPs, kparams, 1] above the layer's floor ([0, 0, 0] for the floor). */
export function blockFeatures(space: Grid, t: FitLayout): Map<string, number[]>[] {
  return t.candidates.map((cands, l) => {
    const layer = space.layers[l]!;
    const raw = (b: string): number[] => {
      const op = catalogOp(b);
      if (!op) throw new LookupMissError(space.name, `block ${b} at layer ${l}`);
      const c = blockCost(layer.cIn, layer.cOut, layer.stride, op, layer.inHW[0], layer.inHW[1]);
      return [c.flops / 1e6, c.params / 1e3];
    };
    const floor = raw(t.floors[l]!);
    return new Map(cands.map((b): [string, number[]] => {
      if (b === t.floors[l]) return [b, [0, 0, 0]];
      const f = raw(b);
      return [b, [f[0]! - floor[0]!, f[1]! - floor[1]!, 1]];
    }));
  });
}

export function featurePrior(space: Grid, t: FitLayout, points: FitPoint[]): FeaturePrior {
  const feats = blockFeatures(space, t);
  const k = 4;
  const A = new Float64Array(k * k);
  const rhs = new Float64Array(k);
  for (const p of points) {
    const x = [1, 0, 0, 0];
    p.choices.forEach((b, l) => feats[l]!.get(b)!.forEach((v, i) => (x[i + 1] = x[i + 1]! + v)));
    const w = 1 / (p.ms * p.ms);
    for (let i = 0; i < k; i++) {
      rhs[i] = rhs[i]! + w * x[i]! * p.ms;
      for (let j = 0; j < k; j++) A[i * k + j] = A[i * k + j]! + w * x[i]! * x[j]!;
    }
  }
  // a whisker of ridge keeps a degenerate fit set (e.g. one layer only) solvable
  const scale = Math.max(...Array.from({ length: k }, (_, i) => A[i * k + i]!), 1e-12);
  for (let i = 1; i < k; i++) A[i * k + i] = A[i * k + i]! + 1e-9 * scale;
  const c = solveSpd(A, rhs, k);
  const entries = feats.map((m) => new Map([...m].map(([b, f]): [string, number] => [b, f[2] ? Math.max(0, c[1]! * f[0]! + c[2]! * f[1]! + c[3]!) : 0])));
  return { entries, coefficients: { fixed: c[0]!, perMflop: c[1]!, perKparam: c[2]!, perBlock: c[3]! } };
}
