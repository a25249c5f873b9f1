// The method registry and its methods: every registered method trains a few steps on synthetic
// data on every space kind it supports (a method without a test config here fails the test);
// the registry rejects duplicates; SPOS updates only the sampled path's weights — unsampled
// blocks get neither a gradient step nor momentum or decay drift, and affine-free BN keeps the
// searchable layers' scale and shift at 1 and 0 — and only draws paths inside its cost band.
import { before, test } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '../src/core/rng.js';
import { methodEntry, methodNames, supernetChoices } from '../src/methods/index.js';
import type { UniformPathPolicy } from '../src/methods/policies/uniform.js';
import { registerMethod } from '../src/methods/registry.js';
import { FBNET } from '../src/methods/fbnet.js';
import { useBackend } from '../src/ops/testing.js';
import { Supernet } from '../src/supernet/supernet.js';
import { SplitBatches } from '../src/train/batches.js';
import { trainStep } from '../src/train/step.js';
import type { TrainSupernetConfig } from '../src/types/generated.js';
import { dartsConfig, release, runDarts } from './darts-helpers.js';
import { FBNET_V2 } from '../src/methods/fbnet-v2.js';
import { normalizeSpace } from '../src/spaces/normalize.js';
import { MaskedSupernet } from '../src/supernet/masked/masked-supernet.js';
import { runSearch } from '../src/train/search.js';
import { costTableOf, runTiny, sposConfig, syntheticSplits, TEST_BLOCKS, type TinyRun, tinySpec } from './supernet-helpers.js';

before(async () => assert.ok(await useBackend('cpu')));

const CANDIDATES = ['ir_k3_e1', 'ir_k3_e3', 'skip'];
const COSTS = costTableOf(CANDIDATES, [[1, 2, 0.5], [1.5, 2.5, 0.5]], 3);
/** A small run per method (over runTiny's defaults); a newly registered method must add one. */
const RUNS: Record<string, Partial<TinyRun>> = {
  fbnet: { strategy: { warmupEpochs: 1, alternate: 'epoch', loss: { form: 'paper', alpha: 0.2, beta: 0.6 }, costScale: 1 } },
  spos: { spos: { costBand: { metric: 'latency', min: 4.5, max: 6.5, maxTries: 100 } } },
};

for (const name of methodNames()) {
  for (const kind of methodEntry({ method: name } as TrainSupernetConfig, 'test').spaceKinds) {
    test(`method ${name} trains a few steps on a ${kind} space`, { timeout: 60_000 }, async () => {
      if (kind === 'cells') {
        assert.equal(name, 'darts', `no synthetic cells run for ${name}: add one to tests/methods.test.ts`);
        const dir = mkdtempSync(join(tmpdir(), 'nasflow-methods-'));
        try {
          const r = await runDarts(dartsConfig({ limits: { batchesPerEpoch: 2, valImages: 16 } }), { file: join(dir, 'ck.bin'), everySteps: 0 });
          assert.equal(r.result.history.length, 2);
          for (const e of r.result.history) assert.ok(Number.isFinite(e.w.loss) && e.w.batches === 2 && e.val.images === 16);
          release(r);
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
        return;
      }
      if (name === 'fbnet-v2') {
        const r = await runMasked();
        assert.equal(r.method.name, name);
        assert.equal(r.result.history.length, 2);
        for (const e of r.result.history) assert.ok(Number.isFinite(e.w.loss) && e.w.batches === 3 && e.val.images === 16 && e.sampleCost! > 0, JSON.stringify(e.w));
        assert.ok(r.result.history[1]!.arch!.batches === 2, 'α trained after the warm-up');
        r.method.policy.dispose();
        r.net.dispose();
        return;
      }
      const run = RUNS[name];
      assert.ok(run, `no test run for method ${name}: add one to tests/methods.test.ts`);
      assert.equal(kind, 'chain', `no synthetic ${kind} supernet yet for ${name}`);
      const { result, net, method } = await runTiny({ spec: tinySpec(CANDIDATES), costs: COSTS, epochs: 2, batch: 8, limits: { train_w: 3, train_theta: 2, valImages: 16 }, ...run });
      assert.equal(method.name, name);
      assert.equal(result.history.length, 2);
      for (const e of result.history) {
        assert.ok(Number.isFinite(e.w.loss) && e.w.batches === 3, JSON.stringify(e.w));
        assert.ok(e.val.images === 16 && e.val.top1 >= 0 && e.val.top1 <= 1);
        if (e.probabilities) e.probabilities.forEach((p) => assert.ok(Math.abs(p.reduce((a, b) => a + b, 0) - 1) < 1e-6));
      }
      method.policy.dispose();
      net.dispose();
    });
  }
}

/** fbnet-v2 through the registry entry and the method-neutral loop on a tiny width space (8x8x1 like syntheticSplits). */
async function runMasked() {
  const space = normalizeSpace({
    schema: 'space/v2', name: 'tiny-widths', input: [8, 8, 1], classes: 4, resolutions: [6, 8], ops: ['ir_k3_e1', 'skip'],
    body: { kind: 'chain', stem: { cOut: 4, stride: 1 }, stages: [{ cOut: [4, 8], stride: 2, repeats: 1 }], head: { cOut: 8 } },
  }, 'tiny-widths.json');
  const net = new MaskedSupernet(space, { seed: 1 });
  const config = {
    schema: 'train-supernet-config/v2', seed: 1, backend: 'cpu', method: 'fbnet-v2', epochs: 2, warmupEpochs: 1, alternate: 'epoch', batch: 8,
    limits: { wBatchesPerEpoch: 3, thetaBatchesPerEpoch: 2, valImages: 16 }, gumbel: { mode: 'soft', scope: 'batch', tau0: 5, decayRate: 0.5, tauEnd: 2 },
    loss: { form: 'paper', metric: 'flops', costScale: 1000, alpha: 0.2, beta: 0.6 },
    optimizer: { w: { lr: 0.05, lrMin: 0, momentum: 0.9, weightDecay: 0 }, theta: { lr: 0.05, weightDecay: 0, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 } },
    eval: { mix: 'softmax' }, select: 'best-exported-val', checkpoint: { dir: '', everySteps: 0 },
  } as const;
  const method = FBNET_V2.create(config as never, { net, costs: null, choices: net.choices, file: 'test' });
  const splits = syntheticSplits(64);
  const norm = { mean: [0.5], std: [0.25] };
  const data = { train_w: new SplitBatches('train_w', splits.train_w, norm, 8), train_theta: new SplitBatches('train_theta', splits.train_theta, norm, 8), val: new SplitBatches('val', splits.val, norm, 8) };
  const dir = mkdtempSync(join(tmpdir(), 'nasflow-masked-'));
  try {
    const result = await runSearch({ net, method, choices: net.choices, data, seed: 1, limits: FBNET_V2.limits(config as never), select: 'best-exported-val', checkpoint: { file: join(dir, 'ck.bin'), everySteps: 0, fingerprint: 'test' }, log: () => {} });
    return { result, net, method };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('the method registry rejects a duplicate name', () => {
  assert.throws(() => registerMethod(FBNET), /method registry: fbnet: registered twice/);
});

test('SPOS: a step updates only the sampled path; unsampled blocks do not drift; affine-free BN stays put', () => {
  const spec = tinySpec(CANDIDATES);
  const net = new Supernet(spec, COSTS, { seed: 4, blocks: TEST_BLOCKS });
  const entry = methodEntry(sposConfig({}, 2, 0.1), 'test');
  const method = entry.create(sposConfig({ optimizer: { lr: 0.1, momentum: 0.9, weightDecay: 0.01 } }, 2, 0.1), { net, costs: COSTS, choices: supernetChoices(spec), file: 'test' });
  const policy = method.policy as UniformPathPolicy;
  const optimizers = method.optimizers(net);
  const splits = syntheticSplits(64);
  const data = new SplitBatches('train_w', splits.train_w, { mean: [0.5], std: [0.25] }, 8);
  const order = data.order(1, 0);
  const snap = (): Map<string, Float32Array> => new Map(net.variables('w').map((v) => [v.name, (v.variable.dataSync() as Float32Array).slice()]));
  const ctx = { net, method, rng: Rng.seeded(2), temperature: 1, optimizers, lr: { w: 0.1, arch: null } };
  const onPath = (name: string, path: number[]): boolean => path.some((p, l) => name.startsWith(`layers.${l}.${CANDIDATES[p]}.`));
  const paths: number[][] = [];
  for (let step = 0; step < 4; step++) {
    const before = snap();
    const batch = data.take(order, step);
    trainStep(ctx, 'w', batch);
    batch.x.dispose();
    const path = [...policy.lastPath];
    paths.push(path);
    for (const [name, after] of snap()) {
      const changed = after.some((v, i) => v !== before.get(name)![i]);
      if (/^layers\..*\.(gamma|beta)$/.test(name)) assert.ok(!changed, `${name}: affine-free BN must not train`);
      else if (name.startsWith('layers.')) assert.equal(changed, onPath(name, path) && !name.includes('.skip.'), `${name} (path ${path.map((p) => CANDIDATES[p])}) changed: ${changed}`);
      else assert.ok(changed, `${name}: stem and head train every step`);
    }
  }
  assert.ok(new Set(paths.map((p) => p.join())).size > 1, 'several different paths were drawn');
  optimizers.w.dispose();
  net.dispose();
});

test('SPOS cost band: every drawn path costs within [min, max]; an empty band is a named error', () => {
  const spec = tinySpec(CANDIDATES);
  const net = new Supernet(spec, COSTS, { seed: 1, blocks: TEST_BLOCKS });
  const ctx = { net, costs: COSTS, choices: supernetChoices(spec), file: 'test' };
  const band = { metric: 'latency' as const, min: 4.5, max: 5, maxTries: 200 };
  const policy = methodEntry(sposConfig({}, 1, 0.1), 'test').create(sposConfig({ costBand: band }, 1, 0.1), ctx).policy as UniformPathPolicy;
  const rng = Rng.seeded(3);
  const cost = (p: number[]): number => p.reduce((s, v, l) => s + COSTS.costs[l]![v]!, COSTS.fixed);
  for (let i = 0; i < 200; i++) {
    const c = cost(policy.draw(rng));
    assert.ok(c >= 4.5 && c <= 5, `path cost ${c}`);
  }
  const empty = methodEntry(sposConfig({}, 1, 0.1), 'test').create(sposConfig({ costBand: { ...band, min: 100, max: 200, maxTries: 10 } }, 1, 0.1), ctx).policy as UniformPathPolicy;
  assert.throws(() => empty.draw(rng), /no uniformly drawn path of 10 cost in the band \[100, 200\]/);
  tf.dispose();
  net.dispose();
});
