// Measures a latency table in context and checks it in the same session. The reference network R
// and its one-layer variants are built (src/latency/plan.ts); a short pilot times them to predict
// every architecture, which picks the check architectures stratified over the predicted range
// (plus the uniform ones); then round-robin rounds time variants and check architectures together,
// with R as the drift clock; models whose corrected spread stays above the threshold get extra
// rounds; entries and the check's measured latencies come from the same corrected log.
import { Rng } from '../core/rng.js';
import { type ContextTimings, contextTimings, predictContext } from '../latency/context.js';
import { normalise, quantile, type TimedSample } from '../latency/drift.js';
import { type ContextPlan, FLOOR_KEY, REFERENCE_KEY, contextPlan } from '../latency/plan.js';
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
}

export interface CheckSample {
  name: string;
  kind: 'stratified' | 'uniform';
  choices: string[];
  lutMs: number;
  measuredMs: number;
  rawMs: number;
}

export interface ContextResult {
  plan: ContextPlan;
  timings: ContextTimings;
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

export async function measureContext(runner: LatencyRunner, space: Grid, s: MeasureSettings, seed: number, toArch: ArchMaker, log: (m: string) => void): Promise<ContextResult> {
  const plan = contextPlan(space);
  const rng = Rng.derived(seed, 'lut/rounds');
  const variantKeys = [...plan.variants.map((v) => v.key), FLOOR_KEY];
  await runner.loadArchs(space, [{ key: REFERENCE_KEY, choices: plan.reference }, { key: FLOOR_KEY, choices: plan.floors }, ...plan.variants.map((v) => ({ key: v.key, choices: v.choices }))], seed, toArch);
  await runner.warm([REFERENCE_KEY, ...variantKeys], s.warmup);

  const pilotLog = await timeRounds(runner, variantKeys, REFERENCE_KEY, { ...s, rounds: s.pilotRounds }, rng, 'build-lut: pilot');
  const pilot = contextTimings(space, plan, normalise(pilotLog, REFERENCE_KEY, s.quantile), s.quantile);
  const known = new Set([plan.reference, ...plan.variants.map((v) => v.choices)].map((c) => c.join(' ')));
  const picked = stratifiedArchs(pilot.entries.map((m) => new Map([...m].map(([b, t]) => [b, t.value]))), pilot.fixed.value, s.archs, Rng.derived(seed, 'lut/stratify'))
    .filter((a) => !known.has(a.choices.join(' ')));
  const checks = [
    ...picked.map((a, i) => ({ name: `check-${i}`, kind: 'stratified' as const, choices: a.choices })),
    ...uniformArchs(space).map((u) => ({ ...u, kind: 'uniform' as const })),
  ];
  log(`end-to-end check: ${picked.length} architectures stratified over the pilot's predicted range (${Math.min(...picked.map((a) => a.predicted)).toFixed(3)}–${Math.max(...picked.map((a) => a.predicted)).toFixed(3)} ms), plus ${checks.length - picked.length} uniform`);
  await runner.loadArchs(space, checks.map((c) => ({ key: c.name, choices: c.choices })), seed, toArch);
  await runner.warm(checks.map((c) => c.name), s.warmup);

  const all: TimedSample[] = await timeRounds(runner, [...variantKeys, ...checks.map((c) => c.name)], REFERENCE_KEY, s, rng, 'build-lut: interleaved rounds');
  const spreadOf = (xs: number[]): number => spread(summarize(xs));
  const remeasured = new Map<string, number>();
  for (let attempt = 1; attempt <= s.maxRemeasure; attempt++) {
    const norm = normalise(all, REFERENCE_KEY, s.quantile);
    const noisy = variantKeys.filter((k) => spreadOf(norm.samples.get(k)!) > s.spreadThreshold);
    if (!noisy.length) break;
    log(`re-measuring ${noisy.length} noisy variant(s) (attempt ${attempt}/${s.maxRemeasure}): ${noisy.slice(0, 6).join(', ')}${noisy.length > 6 ? ', …' : ''}`);
    noisy.forEach((k) => remeasured.set(k, attempt));
    all.push(...(await timeRounds(runner, noisy, REFERENCE_KEY, s, rng, `build-lut: re-measure ${attempt}`, all.at(-1)!.round + 1)));
  }
  const norm = normalise(all, REFERENCE_KEY, s.quantile);
  const timings = contextTimings(space, plan, norm, s.quantile, remeasured);
  const check = checks.map((c) => ({
    ...c,
    lutMs: predictContext(timings, c.choices),
    measuredMs: quantile(norm.samples.get(c.name)!, s.quantile),
    rawMs: quantile(norm.raw.get(c.name)!, s.quantile),
  }));
  const noisy = variantKeys.filter((k) => spreadOf(norm.samples.get(k)!) > s.spreadThreshold);
  return { plan, timings, clock: norm.clock, clockMs: norm.clockMs, check, noisy, remeasured };
}
