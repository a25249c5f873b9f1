// Plain-number views of θ for reports and diagnostics (pure: no tfjs, no I/O).
//   softmax(θ), entropy (nats; uniform over K candidates = log K), argmax
//   expectedCost  fixed + Σ_l Σ_i softmax(θ_l)_i · cost_li   (deterministic, no noise)
//   diagnose      warnings: skip is the argmax of more than `collapseShare` of the layers
//                 (collapse towards the cheapest candidate), and θ has not moved from its init
//                 by more than `minMove` anywhere (the θ optimiser is not doing anything).
export function softmax(theta: ArrayLike<number>): number[] {
  const v = Array.from(theta);
  const mx = Math.max(...v);
  const e = v.map((t) => Math.exp(t - mx));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / s);
}

export function entropy(p: number[]): number {
  return -p.reduce((h, q) => (q > 0 ? h + q * Math.log(q) : h), 0);
}

export function argmax(v: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < v.length; i++) if (v[i]! > v[best]!) best = i;
  return best;
}

export function expectedCost(thetas: ArrayLike<number>[], costs: number[][], fixed: number): number {
  return thetas.reduce<number>((sum, t, l) => sum + softmax(t).reduce((s, p, i) => s + p * costs[l]![i]!, 0), fixed);
}

export interface DiagnoseOptions {
  collapseShare: number;
  minMove: number;
}

export function diagnose(thetas: ArrayLike<number>[], init: ArrayLike<number>[], candidates: string[], opts: DiagnoseOptions): string[] {
  const warnings: string[] = [];
  const skip = candidates.indexOf('skip');
  if (skip >= 0 && thetas.length > 0) {
    const layers = thetas.map((t, l) => (argmax(t) === skip ? l : -1)).filter((l) => l >= 0);
    const share = layers.length / thetas.length;
    if (share > opts.collapseShare) {
      warnings.push(`skip is the argmax of ${layers.length} of ${thetas.length} layers (${(100 * share).toFixed(0)}% > collapseShare ${(100 * opts.collapseShare).toFixed(0)}%: layers ${layers.join(', ')}); the cost term may dominate — lower β/λ or check the cost scale`);
    }
  }
  let moved = 0;
  thetas.forEach((t, l) => {
    for (let i = 0; i < t.length; i++) moved = Math.max(moved, Math.abs(t[i]! - (init[l]?.[i] ?? 0)));
  });
  if (moved <= opts.minMove) warnings.push(`θ has not moved: the largest change from its initial value is ${moved.toExponential(2)} <= minThetaMove ${opts.minMove} (θ learning rate, number of θ steps, warm-up longer than the run?)`);
  return warnings;
}
