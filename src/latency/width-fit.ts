// A width model fitted to whole networks (pure). The width model (width-model.ts) predicts
// fixed + Σ parts, each part interpolated multilinearly between the corners of its width box, so
// a prediction is linear in the corner values: ŷ_a = f + Σ_j φ_aj·c_j, with φ_aj the
// interpolation weight of corner j in architecture a. Parts timed alone mostly measure per-call
// overhead (0.4–0.8 ms for a part that costs far less inside a network), so the corners are
// instead fitted to whole networks timed in the same rounds:
//   c_j = s·alone_j + t·MFLOPs_j + δ_j
// with f, s, t free and δ pulled toward 0 by a ridge λ chosen by k-fold cross-validation over the
// fit networks alone; the loss weighs relative errors (Σ ((y − ŷ)/y)²), as the check judges ±10 %.
// The fitted corners replace the boxes' `ms`, so every reader of the table stays unchanged.
import { solveSpd } from './fit.js';
import { lowestMape } from './fit-select.js';

/** One architecture as the fit sees it: its corner weights (column j -> φ_aj) and its latency. */
export interface WidthFitPoint {
  phi: Map<number, number>;
  ms: number;
}

export interface WidthFitOptions {
  /** Per corner column: the value timed alone (ms) and its analytic MFLOPs. */
  alone: number[];
  mflops: number[];
  /** Pull of δ toward 0, dimensionless (δ is divided by `scale`). */
  ridge: number;
  /** A typical whole-network latency (ms) that makes λ dimensionless. */
  scale: number;
}

export interface WidthFit {
  fixed: number;
  /** s, t: the weights of the alone timing and of MFLOPs in every corner. */
  aloneScale: number;
  flopsMs: number;
  /** The fitted value of every corner column. */
  corners: number[];
}

export const WIDTH_RIDGE_GRID = [0.1, 1, 10, 100, 1000, 10000];

export function fitWidths(points: WidthFitPoint[], o: WidthFitOptions): WidthFit {
  const m = o.alone.length;
  if (o.mflops.length !== m) throw new RangeError(`width fit: ${o.mflops.length} MFLOPs for ${m} corners`);
  const k = m + 3; // [f, s, t, δ_0 … δ_{m-1}]
  const A = new Float64Array(k * k);
  const b = new Float64Array(k);
  for (const p of points) {
    let alone = 0;
    let flops = 0;
    for (const [j, w] of p.phi) {
      alone += w * o.alone[j]!;
      flops += w * o.mflops[j]!;
    }
    const row: [number, number][] = [[0, 1], [1, alone], [2, flops], ...[...p.phi].map(([j, w]): [number, number] => [j + 3, w])];
    const wt = 1 / (p.ms * p.ms);
    for (const [i, xi] of row) {
      b[i] = b[i]! + wt * xi * p.ms;
      for (const [j, xj] of row) A[i * k + j] = A[i * k + j]! + wt * xi * xj;
    }
  }
  const lam = o.ridge / (o.scale * o.scale);
  for (let j = 3; j < k; j++) A[j * k + j] = A[j * k + j]! + lam;
  // f, s and t are unpenalised; a whisker keeps the system definite when few networks inform them
  for (let j = 0; j < 3; j++) A[j * k + j] = A[j * k + j]! + 1e-9 * (A[j * k + j] || 1);
  const x = solveSpd(A, b, k);
  const [f, s, t] = [x[0]!, x[1]!, x[2]!];
  return { fixed: f, aloneScale: s, flopsMs: t, corners: o.alone.map((a, j) => s * a + t * o.mflops[j]! + x[j + 3]!) };
}

export function predictWidthFit(fit: WidthFit, phi: Map<number, number>): number {
  let y = fit.fixed;
  for (const [j, w] of phi) y += w * fit.corners[j]!;
  return y;
}

export interface WidthRidgeChoice {
  ridge: number;
  folds: number;
  cv: { ridge: number; mape: number }[];
}

/** λ with the lowest out-of-fold MAPE over the fit networks (point i in fold i mod folds; ties: the larger λ). */
export function chooseWidthRidge(points: WidthFitPoint[], o: Omit<WidthFitOptions, 'ridge'>, grid = WIDTH_RIDGE_GRID, folds = 5): WidthRidgeChoice {
  const k = Math.max(2, Math.min(folds, points.length));
  const cv = grid.map((ridge) => {
    let err = 0;
    for (let f = 0; f < k; f++) {
      const fit = fitWidths(points.filter((_, i) => i % k !== f), { ...o, ridge });
      points.forEach((p, i) => {
        if (i % k === f) err += Math.abs(predictWidthFit(fit, p.phi) - p.ms) / p.ms;
      });
    }
    return { ridge, mape: err / points.length };
  });
  return { ridge: lowestMape(cv), folds: k, cv };
}
