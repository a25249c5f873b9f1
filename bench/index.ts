// Benchmark entry (npm run bench; not a test): prints one JSON line per (benchmark, backend) on
// stdout: (a) one inverted-residual block, (b) the FBNet CIFAR supernet (bench/supernet.ts; wasm
// only — on cpu one step takes minutes), (c) the DARTS cell supernet, first and second order (bench/darts.ts, wasm). Backends: wasm (the embedded default, batch 64) and cpu (the pure-JS reference: batch 8
// and one timed run, because its stock Conv2DBackpropFilter alone takes ~1.3 s per image there;
// images/s stays comparable, ms do not). A backend that cannot start on this machine is reported
// as a JSON line with `skipped` and the reason, never silently dropped.
// Run: npx tsx bench/index.ts [--iters N]

import { parseArgs } from 'node:util';
import { benchBlock } from './block.js';
import { benchDarts } from './darts.js';
import { benchFbnetCifar } from './supernet.js';

const { values } = parseArgs({ options: { iters: { type: 'string', default: '10' } } });
const iters = Math.max(1, Number(values.iters));

const plans = [
  { backend: 'wasm' as const, iters, warmup: 2, batch: 64 },
  { backend: 'cpu' as const, iters: 1, warmup: 0, batch: 8 },
];

for (const p of plans) {
  try {
    const r = await benchBlock(p.backend, p.iters, p.warmup, p.batch);
    process.stdout.write(JSON.stringify({ ...r, iters: p.iters }) + '\n');
  } catch (e) {
    process.stdout.write(JSON.stringify({ bench: 'ir_block', backend: p.backend, skipped: (e as Error).message }) + '\n');
  }
}

try {
  process.stdout.write(JSON.stringify(await benchFbnetCifar('wasm', 64, Math.max(3, Math.min(iters, 5)))) + '\n');
} catch (e) {
  process.stdout.write(JSON.stringify({ bench: 'fbnet_cifar_supernet', backend: 'wasm', skipped: (e as Error).message }) + '\n');
}
// Said, not silently dropped: the block line above already gives the cpu backend's speed.
process.stdout.write(JSON.stringify({ bench: 'fbnet_cifar_supernet', backend: 'cpu', skipped: 'one train step of the 72.96 MFLOP/image supernet at batch 64 takes minutes on the pure-JS reference backend' }) + '\n');

// The DARTS cell supernet (bench/darts.ts), first and second order, wasm.
try {
  for (const r of await benchDarts('wasm', 32, Math.max(2, Math.min(iters, 3)))) process.stdout.write(JSON.stringify(r) + '\n');
} catch (e) {
  process.stdout.write(JSON.stringify({ bench: 'darts_cell_supernet', backend: 'wasm', skipped: (e as Error).message }) + '\n');
}
