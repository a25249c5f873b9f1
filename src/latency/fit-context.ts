// A table fitted to the whole networks of a drift-corrected log (pure). The fit set is the
// reference network R (its latency: the clock), and the networks named in `nets` (R's one-layer
// variants and the all-floor network when they were timed, and random networks); nothing else in
// the log — in particular no end-to-end check architecture — is read, so the check is held out.
// With swaps measured, the swap marginals (src/latency/context.ts) are the ridge prior, otherwise
// a FLOPs/params/dispatch model fitted to the same set (fit-prior.ts); λ is chosen by
// cross-validation over the fit set unless the config fixes it.
import type { Grid } from '../spaces/grid.js';
import { type Figures, figures } from './agreement.js';
import { type ContextTimings, contextTimings, predictContext } from './context.js';
import { type Normalised, quantile } from './drift.js';
import { type FitLayout, type FitPoint, fitTable, predictFitted } from './fit.js';
import { type FeaturePrior, featurePrior } from './fit-prior.js';
import { type RidgeChoice, chooseRidge, fittedTimings } from './fit-select.js';
import { type ContextPlan, candidatesAt } from './plan.js';

export interface FitNetwork {
  key: string;
  choices: string[];
}

export interface FitSettings {
  /** Fixed λ; absent: chosen by cross-validation. */
  ridge?: number;
  /** The swap variants were timed (their marginals are the prior unless `prior` says otherwise). */
  swaps: boolean;
  prior?: 'swaps' | 'features';
  folds?: number;
}

export interface FitResult {
  timings: ContextTimings;
  /** The swap-marginal table (the prior), when swaps were timed: the check scores it too. */
  swapTimings: ContextTimings | null;
  ridge: RidgeChoice | { ridge: number; folds: 0; cv: [] };
  prior: 'swaps' | 'features';
  /** The analytic-feature model behind a `features` prior. */
  features: FeaturePrior['coefficients'] | null;
  /** Networks in the fit (R included) and full rounds behind the spread. */
  networks: number;
  rounds: number;
  /** The fit's own figures on its networks (in-sample). */
  inSample: Figures;
}

export function fitLayout(space: Grid, plan: ContextPlan): FitLayout {
  return { candidates: space.layers.map((_, l) => candidatesAt(space, l)), floors: plan.floors };
}

export function fitFromLog(space: Grid, plan: ContextPlan, nets: FitNetwork[], norm: Normalised, q: number, s: FitSettings, remeasured: Map<string, number> = new Map()): FitResult {
  const layout = fitLayout(space, plan);
  const ref: FitPoint = { choices: plan.reference, ms: norm.clockMs };
  const points: FitPoint[] = [ref, ...nets.map((n) => {
    const xs = norm.samples.get(n.key);
    if (!xs?.length) throw new RangeError(`fit: no samples for fit network ${n.key}`);
    return { choices: n.choices, ms: quantile(xs, q) };
  })];
  const swapTimings = s.swaps ? contextTimings(space, plan, norm, q, remeasured) : null;
  const priorKind = s.prior ?? (swapTimings ? 'swaps' : 'features');
  if (priorKind === 'swaps' && !swapTimings) throw new RangeError('fit: a swap prior needs the swaps timed');
  const fp = priorKind === 'features' ? featurePrior(space, layout, points) : null;
  // the all-floor network, when timed, is fixed itself (src/latency/fit.ts)
  const floorOf = (ps: FitPoint[]): { floorMs?: number } => {
    const f = ps.find((p) => p.choices.every((c, l) => c === plan.floors[l]));
    return f ? { floorMs: f.ms } : {};
  };
  const base = { scale: norm.clockMs, prior: fp ? fp.entries : swapTimings!.entries.map((m) => new Map([...m].map(([b, t]) => [b, t.value]))), ...floorOf(points) };
  const ridge = s.ridge !== undefined ? { ridge: s.ridge, folds: 0 as const, cv: [] as [] } : chooseRidge(layout, points, base, undefined, s.folds);
  const opts = { ...base, ridge: ridge.ridge };
  const fit = fitTable(layout, points, opts);
  // rounds in which every fit network was timed (re-measure rounds time only some)
  const counts = new Map<number, number>();
  for (const n of nets) for (const r of new Set(norm.rounds.get(n.key) ?? [])) counts.set(r, (counts.get(r) ?? 0) + 1);
  const full = [...counts].filter(([, c]) => c === nets.length).map(([r]) => r).sort((a, b) => a - b);
  const perRound = full.map((r) => {
    const ps = [ref, ...nets.map((n) => {
      const i = norm.rounds.get(n.key)!.indexOf(r);
      return { choices: n.choices, ms: norm.samples.get(n.key)![i]! };
    })];
    return fitTable(layout, ps, { ...opts, ...floorOf(ps) });
  });
  const remOf = (l: number, c: string): number => Math.max(0, ...nets.filter((n) => n.choices[l] === c).map((n) => remeasured.get(n.key) ?? 0));
  const t = fittedTimings(layout, fit, perRound, remOf);
  const timings: ContextTimings = { entries: t.entries, fixed: t.fixed, clamped: fit.pinned };
  return { timings, swapTimings, ridge, prior: priorKind, features: fp?.coefficients ?? null, networks: points.length, rounds: full.length, inSample: figures(points.map((p) => predictFitted(fit, p.choices)), points.map((p) => p.ms)) };
}

/** Both tables' predictions of some architectures (the swap table's: null without swaps). */
export function predictBoth(r: FitResult, choices: string[]): { fitted: number; swaps: number | null } {
  return { fitted: predictContext(r.timings, choices), swaps: r.swapTimings ? predictContext(r.swapTimings, choices) : null };
}
