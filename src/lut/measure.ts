// Measures a latency table in context and checks it in the same session. The reference network R,
// optionally its one-layer variants and the all-floor network (the "swaps"), and `fit.archs`
// random whole networks (stratified over their analytic FLOPs) form the fit set
// (src/latency/plan.ts, fit-context.ts); a short pilot times them and fits a rough table, which
// picks the check architectures stratified over the predicted range (plus the uniform ones), none
// of them in the fit set, and optionally `fit.predicted` more fit networks over the same range;
// then round-robin rounds time fit set and check together, with R as the drift clock; fit networks whose corrected spread stays above the threshold get extra rounds;
// the entries are fitted to the fit set's corrected latencies and scored on the held-out check.
import { writeFileSync } from 'node:fs';
import { Rng } from '../core/rng.js';
import type { ContextTimings } from '../latency/context.js';
import { normalise, quantile, type TimedSample } from '../latency/drift.js';
import { type FitNetwork, type FitResult, fitFromLog, predictBoth } from '../latency/fit-context.js';
import { type ContextPlan, FLOOR_KEY, REFERENCE_KEY, candidatesAt, contextPlan, flopsAt } from '../latency/plan.js';
import { spread, summarize } from '../latency/stats.js';
import { stratifiedArchs } from '../latency/stratify.js';
import type { Grid } from '../spaces/grid.js';
import { type RoundSettings, timeRounds } from './rounds.js';
import type { ArchMaker, LatencyRunner } from './runner.js';

export interface MeasureSettings extends RoundSettings {
  warmup: number;
  spreadThreshold: number;
  maxRemeasure: number;
  pilotRounds: number;
  /** Which quantile of a model's corrected samples is its latency (0.5 = median). */
  quantile: number;
  /** Stratified check architectures (the uniform ones come on top). */
  archs: number;
  /**
   * The fit set: random networks besides R, whether the swap variants are timed, a fixed ridge λ
   * (absent: cross-validated), and networks picked after the pilot over its predicted range.
   */
  fit: { archs: number; swaps: boolean; ridge?: number; predicted?: number };
}

/** The ridge λ of the pilot's rough table (cross-validation would cost more than the pilot). */
const PILOT_RIDGE = 10;

export interface CheckSample {
  name: string;
  kind: 'stratified' | 'uniform';
  choices: string[];
  lutMs: number;
  measuredMs: number;
  rawMs: number;
  /** The swap-marginal table's prediction (when swaps were timed), for comparison. */
  swapMs?: number | null;
}

export interface ContextResult {
  plan: ContextPlan;
  timings: ContextTimings;
  /** The fit behind `timings`: λ, networks, rounds, in-sample figures, the swap table. */
  fit: FitResult;
  /** The fit set (R excluded). */
  fitNets: FitNetwork[];
  /** R's raw clock samples (ms per inference) and its latency (median clock level over rounds). */
  clock: number[];
  clockMs: number;
  check: CheckSample[];
  /** Variant keys whose corrected spread stayed above the threshold. */
  noisy: string[];
  remeasured: Map<string, number>;
}

/** Per block of a searchable layer: that block wherever offered (a layer without it keeps its first candidate). */
export function uniformArchs(space: Grid): { name: string; choices: string[] }[] {
  const blocks = [...new Set(space.layers.filter((l) => l.candidates.length > 1).flatMap((l) => l.candidates))];
  return blocks.map((b) => ({ name: `all-${b}`, choices: space.layers.map((l) => (l.candidates.includes(b) ? b : l.candidates[0]!)) }));
}

/**
 * The fit set: the swaps (when timed) and the all-floor network, then random networks spread over
 * their analytic FLOPs, none of them uniform — in a small space at most as many as leave `reserve`
 * architectures for the check.
 */
export function fitNetworks(space: Grid, plan: ContextPlan, s: MeasureSettings['fit'], seed: number, reserve = 0): FitNetwork[] {
  const swaps = s.swaps ? plan.variants.map((v) => ({ key: v.key, choices: v.choices })) : [];
  const taken = new Set([plan.reference, plan.floors, ...swaps.map((v) => v.choices)].map((c) => c.join(' ')));
  const total = space.layers.reduce((n, _, l) => n * candidatesAt(space, l).length, 1);
  const count = Math.max(0, Math.min(s.archs, total - taken.size - reserve));
  const flops = space.layers.map((_, l) => new Map(candidatesAt(space, l).map((b): [string, number] => [b, flopsAt(space, l, b)])));
  // the uniform architectures are kept for the check (its baselines)
  const keep = new Set([...taken, ...uniformArchs(space).map((u) => u.choices.join(' '))]);
  const random = stratifiedArchs(flops, 0, count, Rng.derived(seed, 'lut/fit'), undefined, keep).map((a, i) => ({ key: `fit-${i}`, choices: a.choices }));
  const floor = plan.floors.join(' ') === plan.reference.join(' ') ? [] : [{ key: FLOOR_KEY, choices: plan.floors }];
  return [...swaps, ...floor, ...random];
}

export async function measureContext(runner: LatencyRunner, space: Grid, s: MeasureSettings, seed: number, toArch: ArchMaker, log: (m: string) => void): Promise<ContextResult> {
  const plan = contextPlan(space);
  const rng = Rng.derived(seed, 'lut/rounds');
  const uniforms = uniformArchs(space);
  const fitNets = fitNetworks(space, plan, s.fit, seed, 2 * (s.archs + uniforms.length));
  const fitKeys = fitNets.map((n) => n.key);
  const fitSettings = { swaps: s.fit.swaps, ridge: s.fit.ridge };
  await runner.loadArchs(space, [{ key: REFERENCE_KEY, choices: plan.reference }, ...fitNets], seed, toArch);
  await runner.warm([REFERENCE_KEY, ...fitKeys], s.warmup);
  log(`fit set: R${s.fit.swaps ? `, its ${plan.variants.length} one-layer variants` : ''}, the all-floor network and ${fitNets.filter((n) => n.key.startsWith('fit-')).length} random networks spread over their FLOPs`);

  const pilotLog = await timeRounds(runner, fitKeys, REFERENCE_KEY, { ...s, rounds: s.pilotRounds }, rng, 'build-lut: pilot');
  const pilot = fitFromLog(space, plan, fitNets, normalise(pilotLog, REFERENCE_KEY, s.quantile), s.quantile, { ...fitSettings, ridge: s.fit.ridge ?? PILOT_RIDGE }).timings;
  const known = new Set([plan.reference, ...fitNets.map((n) => n.choices)].map((c) => c.join(' ')));
  const pilotCosts = pilot.entries.map((m) => new Map([...m].map(([b, t]) => [b, t.value])));
  // fit networks over the range the check is judged on; they join the fit set, never the check
  const overRange = stratifiedArchs(pilotCosts, pilot.fixed.value, s.fit.predicted ?? 0, Rng.derived(seed, 'lut/fit-predicted'), undefined, new Set([...known, ...uniforms.map((u) => u.choices.join(' '))]));
  const extra = overRange.map((a, i) => ({ key: `fit-p${i}`, choices: a.choices }));
  if (extra.length) {
    extra.forEach((n) => known.add(n.choices.join(' ')));
    fitNets.push(...extra);
    fitKeys.push(...extra.map((n) => n.key));
    await runner.loadArchs(space, extra, seed, toArch);
    await runner.warm(extra.map((n) => n.key), s.warmup);
    log(`fit set: ${extra.length} more networks stratified over the pilot's predicted range (${Math.min(...overRange.map((a) => a.predicted)).toFixed(3)}–${Math.max(...overRange.map((a) => a.predicted)).toFixed(3)} ms)`);
  }
  const picked = stratifiedArchs(pilotCosts, pilot.fixed.value, s.archs, Rng.derived(seed, 'lut/stratify'), undefined, known);
  const uniform = uniforms.filter((u) => !known.has(u.choices.join(' ')));
  const checks = [
    ...picked.map((a, i) => ({ name: `check-${i}`, kind: 'stratified' as const, choices: a.choices })),
    ...uniform.map((u) => ({ ...u, kind: 'uniform' as const })),
  ];
  const dropped = uniforms.length - uniform.length;
  log(`end-to-end check (held out: none in the fit set): ${picked.length} architectures stratified over the pilot's predicted range (${Math.min(...picked.map((a) => a.predicted)).toFixed(3)}–${Math.max(...picked.map((a) => a.predicted)).toFixed(3)} ms), plus ${uniform.length} uniform${dropped ? ` (${dropped} uniform one(s) in the fit set left out)` : ''}`);
  await runner.loadArchs(space, checks.map((c) => ({ key: c.name, choices: c.choices })), seed, toArch);
  await runner.warm(checks.map((c) => c.name), s.warmup);

  const all: TimedSample[] = await timeRounds(runner, [...fitKeys, ...checks.map((c) => c.name)], REFERENCE_KEY, s, rng, 'build-lut: interleaved rounds');
  const spreadOf = (xs: number[]): number => spread(summarize(xs));
  const remeasured = new Map<string, number>();
  for (let attempt = 1; attempt <= s.maxRemeasure; attempt++) {
    const norm = normalise(all, REFERENCE_KEY, s.quantile);
    const noisy = fitKeys.filter((k) => spreadOf(norm.samples.get(k)!) > s.spreadThreshold);
    if (!noisy.length) break;
    log(`re-measuring ${noisy.length} noisy fit network(s) (attempt ${attempt}/${s.maxRemeasure}): ${noisy.slice(0, 6).join(', ')}${noisy.length > 6 ? ', …' : ''}`);
    noisy.forEach((k) => remeasured.set(k, attempt));
    all.push(...(await timeRounds(runner, noisy, REFERENCE_KEY, s, rng, `build-lut: re-measure ${attempt}`, all.at(-1)!.round + 1)));
  }
  // for offline comparison of fitting choices on one measured log (never read back by nasflow)
  if (process.env.NASFLOW_LUT_DUMP) writeFileSync(process.env.NASFLOW_LUT_DUMP, JSON.stringify({ plan, fitNets, checks, log: all }));
  const norm = normalise(all, REFERENCE_KEY, s.quantile);
  const fit = fitFromLog(space, plan, fitNets, norm, s.quantile, fitSettings, remeasured);
  const check = checks.map((c) => {
    const p = predictBoth(fit, c.choices);
    return { ...c, lutMs: p.fitted, swapMs: p.swaps, measuredMs: quantile(norm.samples.get(c.name)!, s.quantile), rawMs: quantile(norm.raw.get(c.name)!, s.quantile) };
  });
  const noisy = fitKeys.filter((k) => spreadOf(norm.samples.get(k)!) > s.spreadThreshold);
  return { plan, timings: fit.timings, fit, fitNets, clock: norm.clock, clockMs: norm.clockMs, check, noisy, remeasured };
}
