// Child process of tests/darts-resume.test.ts: runs a tiny second-order DARTS search (Gumbel-free
// softmax α, skip-connect dropout on, so the policy's stream is exercised) with a checkpoint every
// step at argv[2], then prints the history, α and weights as one JSON line.
import { useBackend } from '../../src/ops/testing.js';
import { dartsConfig, runDarts } from '../darts-helpers.js';

await useBackend((process.argv[3] as 'cpu' | 'wasm') ?? 'wasm');
const c = dartsConfig({ order: 'second', epochs: 2, limits: { batchesPerEpoch: 3, valImages: 16 }, collapse: { maxSkips: null, parameterFreeShare: 0.75, skipDrop: 0.3 }, checkpoint: { dir: '', everySteps: 1 } });
const r = await runDarts(c, { file: process.argv[2]!, everySteps: 1 }, (m) => console.error(m));
const state = r.net.state().map((a) => [a.name, Array.from(a.data)]);
console.log(JSON.stringify({ resumed: r.result.resumedFrom, history: r.result.history, alpha: r.method.policy.params(), state }));
