// A ridge prior from analytic features (pure), for a fit without swap marginals: every block above
// its layer's floor costs Σ_f coefficient_f · (feature_f(block) − feature_f(floor)), plus one fixed
// per-inference cost, fitted by the same weighted least squares over the fit set. Shrinking toward
// this smooth model instead of toward 0 keeps entries that the noise cannot pin down near what
// their shape implies. The features separate what costs differently at batch 1: pointwise vs
// depthwise multiply-adds (as executed), weights read, one dispatch per conv kernel, the kernels
// of a grouped block (block-diagonal + channel shuffle: on FBNet CIFAR in wasm the grouped e1
// blocks measured slower than their FLOPs imply) and the residual add. Figures: README, latency.
import { blockCost } from '../ops/cost.js';
import type { Grid } from '../spaces/grid.js';
import { catalogOp } from '../spaces/normalize.js';
import { type FitLayout, type FitPoint, solveSpd } from './fit.js';
import { LookupMissError } from './errors.js';

/** The features, in order (`coefficients[name]`: ms per unit of the feature). */
export const PRIOR_FEATURES = ['pointwiseMflop', 'depthwiseMflop', 'kparam', 'kernel', 'groupedKernel', 'residual'] as const;
export type PriorFeature = (typeof PRIOR_FEATURES)[number];

export interface FeaturePrior {
  /** Per layer: candidate -> prior entry (ms, never below 0). */
  entries: Map<string, number>[];
  /** ms per unit of each feature above the floor, and the fixed per-inference cost. */
  coefficients: { fixed: number } & Record<PriorFeature, number>;
}

/** One block's raw features at one layer (PRIOR_FEATURES order). */
export function rawFeatures(space: Grid, l: number, b: string): number[] {
  const layer = space.layers[l]!;
  const op = catalogOp(b);
  if (!op) throw new LookupMissError(space.name, `block ${b} at layer ${l}`);
  const c = blockCost(layer.cIn, layer.cOut, layer.stride, op, layer.inHW[0], layer.inHW[1]);
  let pw = 0;
  let dw = 0;
  let kernels = 0;
  for (const p of c.parts) {
    if (p.executedFlops === 0) continue; // BN folds into the kernel's epilogue: no dispatch of its own
    kernels++;
    if (p.part.startsWith('dw')) dw += p.executedFlops;
    else pw += p.executedFlops;
  }
  const grouped = op.kind === 'ir' && op.groups > 1 ? kernels : 0;
  const residual = op.kind === 'ir' && layer.stride === 1 && layer.cIn === layer.cOut ? 1 : 0;
  return [pw / 1e6, dw / 1e6, c.params / 1e3, kernels, grouped, residual];
}

/** Per layer: candidate -> its features minus the floor's (all 0 for the floor). */
export function blockFeatures(space: Grid, t: FitLayout): Map<string, number[]>[] {
  return t.candidates.map((cands, l) => {
    const floor = rawFeatures(space, l, t.floors[l]!);
    return new Map(cands.map((b): [string, number[]] => [b, b === t.floors[l] ? floor.map(() => 0) : rawFeatures(space, l, b).map((v, i) => v - floor[i]!)]));
  });
}

export function featurePrior(space: Grid, t: FitLayout, points: FitPoint[]): FeaturePrior {
  const feats = blockFeatures(space, t);
  const k = PRIOR_FEATURES.length + 1;
  const A = new Float64Array(k * k);
  const rhs = new Float64Array(k);
  for (const p of points) {
    const x = new Array<number>(k).fill(0);
    x[0] = 1;
    p.choices.forEach((b, l) => feats[l]!.get(b)!.forEach((v, i) => (x[i + 1] = x[i + 1]! + v)));
    const w = 1 / (p.ms * p.ms);
    for (let i = 0; i < k; i++) {
      rhs[i] = rhs[i]! + w * x[i]! * p.ms;
      for (let j = 0; j < k; j++) A[i * k + j] = A[i * k + j]! + w * x[i]! * x[j]!;
    }
  }
  // a whisker of ridge keeps a degenerate fit set solvable (one layer only, no grouped blocks, ...)
  const scale = Math.max(...Array.from({ length: k }, (_, i) => A[i * k + i]!), 1e-12);
  for (let i = 1; i < k; i++) A[i * k + i] = A[i * k + i]! + 1e-9 * scale;
  const c = solveSpd(A, rhs, k);
  const entries = feats.map((m, l) => new Map([...m].map(([b, f]): [string, number] => [b, b === t.floors[l] ? 0 : Math.max(0, f.reduce((s, v, i) => s + c[i + 1]! * v, 0))])));
  const coefficients = { fixed: c[0]! } as FeaturePrior['coefficients'];
  PRIOR_FEATURES.forEach((f, i) => (coefficients[f] = c[i + 1]!));
  return { entries, coefficients };
}

/** "0.1234 ms/pointwiseMflop, …" for logs. */
export function featureLine(c: FeaturePrior['coefficients']): string {
  return [`fixed ${c.fixed.toFixed(3)} ms`, ...PRIOR_FEATURES.map((f) => `${c[f].toFixed(4)} ms/${f}`)].join(', ');
}
