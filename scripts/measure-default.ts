// `npm run measure:default [-- --force]`: runs the default experiment as a user does
// (`npx turbo run evaluate`, telemetry off) and prints what the README reports, read from the
// artifacts: seconds per stage (from each manifest's start/end; stages in pipeline order, with
// their start and end, since retrain-baselines overlaps train-supernet), the found architecture, and per
// retrained architecture its test top-1 and measured vs LUT latency at batch 1. A zx script: a
// shell-like sequence of commands whose numbers all come from files the run wrote.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { $, argv, chalk } from 'zx';
import { loadPipeline, topoOrder } from '../src/pipeline/pipeline.js';
import type { EvaluateLatency, EvaluateResults, Manifest } from '../src/types/generated.js';

const root = process.cwd();
const read = <T>(...p: string[]): T => JSON.parse(readFileSync(join(root, 'artifacts', ...p), 'utf8')) as T;
const started = Date.now();
$.verbose = true;
await $({ env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' } })`npx turbo run evaluate ${argv.force ? ['--force'] : []}`;
const wall = (Date.now() - started) / 1000;

// Stages overlap (retrain-baselines runs beside train-supernet): each one's start and end too.
const manifests = topoOrder(loadPipeline(root)).map((st) => ({ st, m: read<Manifest>(st, 'manifest.json') }));
const t0 = Math.min(...manifests.map(({ m }) => Date.parse(m.startedAt)));
const at = (iso: string): string => ((Date.parse(iso) - t0) / 1000).toFixed(1);
console.log(chalk.bold(`\n| stage | seconds (from its manifest) | from → to (s after the first stage started) |\n|---|---|---|`));
for (const { st, m } of manifests) {
  console.log(`| ${st} | ${((Date.parse(m.finishedAt) - Date.parse(m.startedAt)) / 1000).toFixed(1)} | ${at(m.startedAt)} → ${at(m.finishedAt)} |`);
}
console.log(`| **wall clock of the turbo run** | ${wall.toFixed(1)} | |`);

const results = read<EvaluateResults>('evaluate', 'results.json');
const latency = read<EvaluateLatency>('evaluate', 'latency.json');
console.log(`\ntest images: ${results.testImages}\n\n| architecture | choices | test top-1 | measured / LUT ms (batch 1) |\n|---|---|---|---|`);
for (const a of results.archs) {
  const l = latency.archs.find((x) => x.name === a.name);
  const at1 = l?.measured.find((m) => m.batch === 1);
  console.log(`| ${a.name} [${a.kind}] | ${a.choices.join(' ')} | ${(100 * a.test.top1).toFixed(2)} % | ${at1 ? at1.median.toFixed(2) : 'n/a'} / ${a.predictedLatencyMs.toFixed(2)} |`);
}
await $`npm run --silent verify`;
