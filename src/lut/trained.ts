// evaluate's latency: the retrained models timed in the LUT's own runtime and backend, round-robin
// with the LUT's reference network R (chain: from the table's block pool; cells: built whole) as the drift clock, so each can be compared with its
// prediction as if measured when the table was: corrected = (model / R, both timed now) × R's
// latency in the table. With a panel (src/latency/panel.ts: check architectures whose latency the
// table measured), the level is then set by the panel instead of R alone: corrected ÷ the panel's
// median now/then. Raw and R-only figures are kept beside the corrected ones.
import { buildModel, type NasflowModel } from '../arch/model.js';
import { normalizeArch } from '../arch/normalize.js';
import { Rng } from '../core/rng.js';
import { normalise, quantile } from '../latency/drift.js';
import { type PanelArch, type PanelFactor, panelFactor } from '../latency/panel.js';
import { REFERENCE_KEY } from '../latency/plan.js';
import type { Grid } from '../spaces/grid.js';
import type { LatencyTable } from '../types/generated.js';
import { NodeRunner } from './node-runner.js';
import { timeRounds } from './rounds.js';
import type { ArchMaker, LatencyRunner, RuntimeInfo, TrainedModel } from './runner.js';
import { openRunner } from './runtime.js';

export interface TrainedTiming {
  info: RuntimeInfo;
  nowMs: number;
  /** The panel's level (null: no panel, R alone sets it). */
  panel: (PanelFactor & { names: string[] }) | null;
  /** correctedMs = clockOnlyMs / panel factor (1 without a panel). */
  archs: Map<string, { rawMs: number; clockOnlyMs: number; correctedMs: number; raw: { median: number; p10: number; p90: number; runs: number } }>;
}

export async function timeTrained(
  lut: LatencyTable,
  grid: Grid,
  toArch: ArchMaker,
  models: TrainedModel[],
  s: { warmup: number; runs: number; forwards: number; clockEvery: number },
  nodeBackend: Omit<RuntimeInfo, 'runtime'>,
  log: (m: string) => void,
  panel: PanelArch[] = [],
): Promise<TrainedTiming> {
  const runtime = lut.stamp.runtime;
  const owned: NasflowModel[] = [];
  const runner: LatencyRunner = runtime === 'node' ? new NodeRunner({ runtime: 'node', ...nodeBackend }, lut.stamp.batch) : await openRunner('browser', lut.stamp.backend, lut.stamp.batch, log, true, lut.stamp.threads);
  try {
    if (runner.info.backend !== lut.stamp.backend) log(`warning: timing on ${runtime}/${runner.info.backend}, the LUT was measured on ${lut.stamp.runtime}/${lut.stamp.backend}: ratios compare different runtimes`);
    // R and the panel: networks of the table's own kind, built from their choices
    const panelKey = (name: string): string => `panel:${name}`;
    const tableNets = [{ key: REFERENCE_KEY, name: 'reference', choices: lut.reference.choices }, ...panel.map((p) => ({ key: panelKey(p.name), name: p.name, choices: p.choices }))];
    if (lut.reference.method === 'standalone') {
      // a cells table: whole cells networks, loaded like trained models (weights do not change their time)
      if (runtime !== 'node') throw new RangeError('a cells table is timed in the node runtime');
      const built = tableNets.map((t) => ({ key: t.key, model: buildModel(normalizeArch(toArch(t.choices, t.name), t.name), { seed: 1 }), exportedDir: '' }));
      owned.push(...built.map((b) => b.model));
      await runner.loadTrained(built);
    } else await runner.loadArchs(grid, tableNets.map((t) => ({ key: t.key, choices: t.choices })), 1, toArch);
    await runner.loadTrained(models);
    const keys = models.map((m) => m.key);
    const timedKeys = [...keys, ...panel.map((p) => panelKey(p.name))];
    await runner.warm([REFERENCE_KEY, ...timedKeys], s.warmup);
    const q = lut.settings.quantile;
    const log2 = await timeRounds(runner, timedKeys, REFERENCE_KEY, { rounds: s.runs, forwards: s.forwards, clockEvery: s.clockEvery }, Rng.derived(1, 'evaluate/rounds'), 'evaluate: latency rounds');
    const n = normalise(log2, REFERENCE_KEY, q);
    const scale = lut.reference.clock.value / n.clockMs;
    const clockOnly = (k: string): number => quantile(n.samples.get(k)!, q) * scale;
    const pf = panel.length ? { ...panelFactor(panel, (name) => clockOnly(panelKey(name))), names: panel.map((p) => p.name) } : null;
    const archs = new Map(keys.map((k) => {
      const raw = n.raw.get(k)!;
      const clockOnlyMs = clockOnly(k);
      return [k, { rawMs: quantile(raw, q), clockOnlyMs, correctedMs: clockOnlyMs / (pf?.factor ?? 1), raw: { median: quantile(raw, 0.5), p10: quantile(raw, 0.1), p90: quantile(raw, 0.9), runs: raw.length } }];
    }));
    return { info: runner.info, nowMs: n.clockMs, panel: pf, archs };
  } finally {
    await runner.close();
    owned.forEach((m) => m.dispose());
  }
}
