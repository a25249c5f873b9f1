// The FBNetV2 masked-supernet benchmark (npm run bench): one training step (forward with soft
// Gumbel masks, backward to every weight and every α, SGD update of the weights) of a masked
// chain supernet on 28x28x1 (the Fashion-MNIST skeleton: stem 16 stride 2, 6 ir_k3_e3 layers at
// widths up to 16/24/32/32/48/48, head 1x1 → 128) with k = 1, 4 and 8 width choices per layer —
// the SAME largest widths, so the convs are identical and only the masks grow. FBNetV2's claim is
// that the step time stays flat in k; we report the ratio k=8 : k=1 (target ≤ 1.3) and the peak
// tensor memory of one step (tf.profile peakBytes), measured in one process, interleaved rounds.
// stepCpuMs is the process CPU time of a step (user + system, all threads): on a shared machine
// it is distorted far less than wall time, so its ratio is the one to read there.
// Run: npx tsx bench/masked.ts [--iters N] [--batch B] [--backend wasm|cpu]
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../src/backend/index.js';
import { Rng } from '../src/core/rng.js';
import { MaskingPolicy } from '../src/methods/policies/masking.js';
import { normalizeSpace } from '../src/spaces/normalize.js';
import { MaskedSupernet } from '../src/supernet/masked/masked-supernet.js';
import { crossEntropy } from '../src/supernet/loss.js';
import type { SearchSpace } from '../src/types/generated.js';

const MAX = [16, 24, 32, 32, 48, 48];
const STRIDES = [1, 2, 1, 2, 1, 1] as const;

/** k widths ending at max, evenly spaced from max/4 (distinct, ascending). */
export function widthChoices(max: number, k: number): number[] {
  if (k === 1) return [max];
  const lo = Math.max(1, Math.round(max / 4));
  return [...new Set(Array.from({ length: k }, (_, i) => Math.round(lo + ((max - lo) * i) / (k - 1))))];
}

function space(k: number): SearchSpace {
  return <SearchSpace>(<unknown>{
    schema: 'space/v2', name: `masked-k${k}`, input: [28, 28, 1], classes: 10, ops: ['ir_k3_e3'],
    body: { kind: 'chain', stem: { cOut: 16, stride: 2 }, layers: MAX.map((m, i) => ({ cOut: widthChoices(m, k), stride: STRIDES[i]! })), head: { cOut: 128 } },
  });
}

const median = (v: number[]): number => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;

interface Rig { k: number; step(): void; dispose(): void }

function rig(k: number, batch: number): Rig {
  const s = normalizeSpace(space(k), `masked-k${k}`);
  const net = new MaskedSupernet(s, { seed: 1 });
  const policy = new MaskingPolicy(net.choices, { mode: 'soft', scope: 'batch', evalMix: 'softmax' });
  const vars = [...net.variables('w').map((v) => v.variable), ...policy.parameters.map((p) => p.variable)];
  const rng = Rng.seeded(3);
  const x = tf.randomNormal([batch, 28, 28, 1], 0, 1, 'float32', 7) as tf.Tensor4D;
  const labels = Int32Array.from({ length: batch }, (_, i) => i % 10);
  return {
    k,
    step() {
      const { value, grads } = tf.variableGrads(() => {
        const { logits, cost } = net.forward(x, policy.trainMixes(rng, batch, 5), true);
        return tf.add(tf.mean(crossEntropy(logits, labels)), tf.mul(tf.mean(cost), 1e-3)) as tf.Scalar;
      }, vars);
      tf.tidy(() => net.variables('w').forEach((v) => v.variable.assign(tf.sub(v.variable, tf.mul(grads[v.variable.name]!, 1e-3)))));
      value.dataSync();
      tf.dispose([value, ...Object.values(grads)]);
    },
    dispose() {
      x.dispose();
      policy.dispose();
      net.dispose();
    },
  };
}

export async function benchMasked(backend: string, batch: number, iters: number): Promise<Record<string, unknown>[]> {
  await initBackend(backend, () => {});
  const rigs = [1, 4, 8].map((k) => rig(k, batch));
  const times = new Map<number, number[]>(rigs.map((r) => [r.k, []]));
  const cpu = new Map<number, number[]>(rigs.map((r) => [r.k, []]));
  rigs.forEach((r) => r.step()); // warm-up: kernels compiled, buffers allocated
  for (let i = 0; i < iters; i++) {
    for (const r of rigs) {
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      r.step();
      const c = process.cpuUsage(c0);
      times.get(r.k)!.push(performance.now() - t0);
      cpu.get(r.k)!.push((c.user + c.system) / 1000);
    }
  }
  const out: Record<string, unknown>[] = [];
  for (const r of rigs) {
    const info = await tf.profile(() => r.step());
    out.push({ bench: 'masked_supernet', backend: tf.getBackend(), batch, widthChoices: r.k, stepMs: median(times.get(r.k)!), stepCpuMs: median(cpu.get(r.k)!), peakMB: info.peakBytes / 2 ** 20, iters });
  }
  const base = out[0]!;
  for (const o of out) {
    o.ratioToK1 = (o.stepMs as number) / (base.stepMs as number);
    o.cpuRatioToK1 = (o.stepCpuMs as number) / (base.stepCpuMs as number);
  }
  rigs.forEach((r) => r.dispose());
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { iters: { type: 'string', default: '7' }, batch: { type: 'string', default: '32' }, backend: { type: 'string', default: 'wasm' } } });
  for (const line of await benchMasked(values.backend!, Number(values.batch), Number(values.iters))) process.stdout.write(JSON.stringify(line) + '\n');
}
