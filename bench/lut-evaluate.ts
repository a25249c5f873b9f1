// npm run bench:lut-eval [-- --lut artifacts/build-lut/lut.json --archs 8]: evaluate's latency
// path without training. Whole nasflow models (seeded weights: latency does not depend on them)
// of architectures spread over the table's predicted range (its end-to-end check's, evenly by
// prediction, plus the uniform ones) are timed exactly as evaluate times retrained models
// (src/lut/trained.ts: round-robin with the table's reference as the drift clock, configs/
// evaluate.yaml's latency settings) and compared with the table's prediction through the one cost
// interface. Prints one JSON line per architecture and a summary line. Node runtime; not a test.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parse } from 'yaml';
import { readDocument } from '../src/artifacts/io.js';
import { buildModel } from '../src/arch/model.js';
import { normalizeArch } from '../src/arch/normalize.js';
import { initBackend } from '../src/backend/index.js';
import { layoutOf, lutSpace } from '../src/latency/space.js';
import { archCost, costTable } from '../src/latency/table.js';
import { timeTrained } from '../src/lut/trained.js';
import { Rng } from '../src/core/rng.js';
import { normalise, quantile } from '../src/latency/drift.js';
import { REFERENCE_KEY } from '../src/latency/plan.js';
import { NodeRunner } from '../src/lut/node-runner.js';
import { timeRounds } from '../src/lut/rounds.js';
import { freeze } from '../src/spaces/freeze.js';
import { sampleFromOps } from '../src/spaces/grid.js';
import type { EvaluateConfig, LatencyTable } from '../src/types/generated.js';

const { values } = parseArgs({ options: { lut: { type: 'string', default: 'artifacts/build-lut/lut.json' }, archs: { type: 'string', default: '8' }, config: { type: 'string', default: 'configs/evaluate.yaml' } } });
const lut = readDocument<LatencyTable>(values.lut!, 'lut');
if (lut.stamp.runtime !== 'node' || lut.widths || lut.reference.method !== 'context') throw new RangeError('bench:lut-eval times chain tables measured in node');
const space = lutSpace(lut, values.lut!);
const ev = parse(readFileSync(values.config!, 'utf8')) as EvaluateConfig;
const backend = await initBackend(lut.stamp.backend, (m) => process.stderr.write(m + '\n'));
const table = costTable(lut, 'latency', values.lut!);
const toArch = (ch: string[], name: string) => freeze(space, sampleFromOps(space, ch), name);

// evenly over the check's predicted range, and the uniform architectures
const checks = [...lut.checks.endToEnd.samples].sort((a, b) => a.lutMs - b.lutMs);
const strat = checks.filter((s) => s.kind === 'stratified');
const k = Math.min(Number(values.archs), strat.length);
const picked = [...new Set(Array.from({ length: k }, (_, i) => strat[Math.round((i * (strat.length - 1)) / Math.max(1, k - 1))]!))];
const archs = [...picked, ...checks.filter((s) => s.kind === 'uniform')].map((s, i) => ({ name: s.kind === 'uniform' ? s.name : `arch-${i}`, choices: s.choices }));
const models = archs.map((a) => {
  const model = buildModel(normalizeArch(toArch(a.choices, a.name), a.name), { seed: 3 });
  return { key: a.name, model, exportedDir: '' };
});
const lt = { warmup: ev.latency.warmup, runs: ev.latency.runs, forwards: ev.latency.forwards ?? 3, clockEvery: ev.latency.clockEvery ?? 2 };
const t = await timeTrained(lut, layoutOf(space), toArch, models, lt, { backend: backend.name, backendReason: backend.reason, tfjsVersion: backend.tfjsVersion, threads: backend.threads }, (m) => process.stderr.write(m + '\n'));
const ratios: number[] = [];
for (const a of archs) {
  const m = t.archs.get(a.name)!;
  const predicted = archCost(table, a.choices);
  ratios.push(m.correctedMs / predicted);
  process.stdout.write(JSON.stringify({ bench: 'lut_evaluate', name: a.name, choices: a.choices.join(' '), predictedMs: predicted, correctedMs: m.correctedMs, rawMs: m.rawMs, ratio: m.correctedMs / predicted, rawRatio: m.rawMs / predicted }) + '\n');
}
const within = ratios.filter((r) => Math.abs(r - 1) <= 0.1).length;
process.stdout.write(JSON.stringify({ bench: 'lut_evaluate_summary', archs: ratios.length, within10: within / ratios.length, minRatio: Math.min(...ratios), maxRatio: Math.max(...ratios), clockLutMs: lut.reference.clock.value, clockNowMs: t.nowMs }) + '\n');
// The same architectures as the table's runner builds them (a chain of pool blocks) and as
// evaluate loads them (nasflow models), timed in the same rounds: their ratio separates the model
// implementation from the table's accuracy.
const runner = new NodeRunner({ runtime: 'node', backend: backend.name, backendReason: backend.reason, tfjsVersion: backend.tfjsVersion, threads: backend.threads }, lut.stamp.batch);
await runner.loadArchs(layoutOf(space), [{ key: REFERENCE_KEY, choices: lut.reference.choices }, ...archs.map((a) => ({ key: `pool:${a.name}`, choices: a.choices }))], 1);
await runner.loadTrained(models);
const keys = [...archs.map((a) => `pool:${a.name}`), ...archs.map((a) => a.name)];
await runner.warm([REFERENCE_KEY, ...keys], lt.warmup);
const n = normalise(await timeRounds(runner, keys, REFERENCE_KEY, { rounds: lt.runs, forwards: lt.forwards, clockEvery: lt.clockEvery }, Rng.derived(1, 'bench/lut-eval'), 'pool vs model'), REFERENCE_KEY);
const same = archs.map((a) => quantile(n.samples.get(a.name)!, 0.5) / quantile(n.samples.get(`pool:${a.name}`)!, 0.5));
process.stdout.write(JSON.stringify({ bench: 'lut_evaluate_model_vs_pool', archs: archs.length, ratios: same.map((r) => Number(r.toFixed(3))), median: quantile(same, 0.5) }) + '\n');
await runner.close();
models.forEach((m) => m.model.dispose());
