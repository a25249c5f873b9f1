// Where a DARTS search step's time goes, per kernel: one α step (first order) then one w step of
// the cell supernet on a cells space, under tf.profile with this thread's CPU time per kernel
// (bench/profile.ts's timer). Phases: arch (the α update) and w (the weight update), each with
// its kernels by time, largest first, and the step's wall time outside the profiler.
// Run: npx tsx bench/darts-profile.ts [--space darts-fmnist-small.json] [--batch 16] [--top 14]
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../src/backend/index.js';
import { Rng } from '../src/core/rng.js';
import { darts } from '../src/methods/darts.js';
import { normalizeSpace } from '../src/spaces/normalize.js';
import { CellSupernet } from '../src/supernet/cells/cell-supernet.js';
import { analyticCellCosts, cellChoices, cellSearchSpec } from '../src/supernet/cells/spec.js';
import { trainStep } from '../src/train/step.js';
import type { SearchSpace } from '../src/types/generated.js';
import { dartsConfig } from '../tests/darts-helpers.js';
import { summarise, withCpuTimer, type Recorded } from './profile.js';

const { values } = parseArgs({ options: { space: { type: 'string', default: 'darts-fmnist-small.json' }, batch: { type: 'string', default: '16' }, top: { type: 'string', default: '14' }, order: { type: 'string', default: 'first' } } });
await initBackend('wasm', () => {});
const batch = Number(values.batch);
const file = join(import.meta.dirname, '..', 'spaces', values.space);
const spec = cellSearchSpec(normalizeSpace(JSON.parse(readFileSync(file, 'utf8')) as SearchSpace, file), file);
const costs = analyticCellCosts(spec, 'flops');
const net = new CellSupernet(spec, costs, { seed: 1 });
const method = darts(dartsConfig({ order: values.order as 'first' | 'second', batch }), { net, costs, choices: cellChoices(spec), file });
const optimizers = method.optimizers(net);
const ctx = { net, method, rng: Rng.seeded(1), temperature: 1, optimizers, lr: { w: 0.025, arch: 3e-4 } };
const batchOf = (seed: number) => ({ x: tf.randomNormal([batch, ...spec.input], 0, 1, 'float32', seed) as tf.Tensor4D, labels: Int32Array.from({ length: batch }, (_, i) => (i * 7 + seed) % spec.classes) });
const wB = batchOf(1);
const aB = batchOf(2);
const engine = tf.engine() as unknown as { state: { activeProfile: { kernels: Recorded[] } } };
let mark = 0;
const step = (): void => {
  trainStep(ctx, 'arch', aB, { train_w: wB });
  mark = engine.state.activeProfile?.kernels.length ?? 0;
  trainStep(ctx, 'w', wB, { train_theta: aB });
};
step();
const walls: number[] = [];
for (let i = 0; i < 3; i++) {
  const t0 = performance.now();
  step();
  walls.push(performance.now() - t0);
}
const info = await withCpuTimer(() => tf.profile(step));
const ks = info.kernels as unknown as Recorded[];
const top = Number(values.top);
const out = [`darts step profile, ${spec.name}, batch ${batch}, ${values.order} order, wasm; wall ms per step (unprofiled): ${walls.map((w) => w.toFixed(0)).join(', ')}; kernels ${ks.length}`];
for (const [name, p] of [['arch', summarise('forward', ks.slice(0, mark), top)], ['w', summarise('backward', ks.slice(mark), top)]] as const) {
  out.push(`  ${name} step: kernels ${p.ms.toFixed(1)} ms`);
  for (const r of p.top) out.push(`    ${r.kernel.padEnd(38)} ${r.ms.toFixed(1).padStart(8)} ms  ${r.calls} calls`);
}
process.stdout.write(out.join('\n') + '\n');
