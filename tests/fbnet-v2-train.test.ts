// FBNetV2 through the method-neutral training step: the fbnet-v2 method (masking policy, FBNet
// loss forms over the effective-shape cost) trains a masked supernet a few steps on synthetic
// data; α receives gradients; a strong cost term moves probability to narrower widths; the
// expected cost is differentiable end to end and falls as α moves.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '../src/core/rng.js';
import { fbnetV2, type FbnetV2Settings } from '../src/methods/fbnet-v2.js';
import { useBackend } from '../src/ops/testing.js';
import { normalizeSpace } from '../src/spaces/normalize.js';
import { MaskedSupernet } from '../src/supernet/masked/masked-supernet.js';
import { trainStep } from '../src/train/step.js';
import { WIDTHS } from './helpers/spaces.js';

const SETTINGS: FbnetV2Settings = {
  epochs: 2, warmupEpochs: 0, alternate: 'step',
  gumbel: { mode: 'soft', scope: 'batch', tau0: 5, decayRate: 0 },
  loss: { form: 'additive', metric: 'flops', costScale: 1, lambda: 5 },
  optimizer: { w: { lr: 0.01, lrMin: 0, momentum: 0.9, weightDecay: 0 }, theta: { lr: 0.2, weightDecay: 0, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 } },
  eval: { mix: 'softmax' },
};

test('fbnet-v2 trains a masked supernet through trainStep; the cost term narrows the widths', { timeout: 120_000 }, async () => {
  assert.ok((await useBackend('wasm')) || (await useBackend('cpu')));
  const { recipe: _r, ...doc } = WIDTHS;
  const space = normalizeSpace(doc, 'widths.json');
  const net = new MaskedSupernet(space, { seed: 2 });
  const method = fbnetV2(SETTINGS, { net, file: 'test' });
  const optimizers = method.optimizers(net);
  const ctx = { net, method, rng: Rng.seeded(1), temperature: 5, optimizers, lr: { w: 0.01, arch: 0.2 } };
  const x = tf.randomNormal([8, ...space.input], 0, 1, 'float32', 3) as tf.Tensor4D;
  const batch = { x, labels: Int32Array.from({ length: 8 }, (_, i) => i % space.classes) };
  const widthAt = net.choices.findIndex((c) => c.label === 'stages.0.width');
  const resAt = net.choices.findIndex((c) => c.label === 'input.resolution');
  const before = method.policy.probabilities()!;
  const w0 = trainStep(ctx, 'w', batch);
  assert.ok(Number.isFinite(w0.loss) && w0.cost > 0, JSON.stringify(w0));
  const costs: number[] = [];
  for (let i = 0; i < 6; i++) costs.push(trainStep(ctx, 'arch', batch).cost);
  const after = method.policy.probabilities()!;
  // Narrow width (8 of [8, 12]) and the small resolution (12 of [12, 16]) gained probability.
  assert.ok(after[widthAt]![0]! > before[widthAt]![0]! + 0.05, `width p ${before[widthAt]} -> ${after[widthAt]}`);
  assert.ok(after[resAt]![0]! > before[resAt]![0]! + 0.05, `resolution p ${before[resAt]} -> ${after[resAt]}`);
  assert.ok(costs[costs.length - 1]! < costs[0]!, `expected MFLOPs ${costs.join(' ')}`);
  const exported = method.policy.exported()!;
  assert.equal(exported.length, net.choices.length);
  x.dispose();
  optimizers.w.dispose();
  optimizers.arch?.dispose();
  method.policy.dispose();
  net.dispose();
});

test('the found architecture: argmax α frozen with widths, input size and a search record', async () => {
  assert.ok((await useBackend('wasm')) || (await useBackend('cpu')));
  const { foundArch } = await import('../src/methods/fbnet-v2-found.js');
  const { recipe: _r, ...doc } = WIDTHS;
  const space = normalizeSpace(doc, 'widths.json');
  const net = new MaskedSupernet(space, { seed: 2 });
  const method = fbnetV2(SETTINGS, { net, file: 'test' });
  const policy = method.policy as import('../src/methods/policies/masking.js').MaskingPolicy;
  // Push α: smallest resolution, widest stage width.
  const set = (label: string, v: number[]) => policy.parameters.find((p) => p.name === `alpha.${label}`)!.variable.assign(tf.tensor1d(v));
  set('input.resolution', [2, 0]);
  set('stages.0.width', [0, 3]);
  const found = foundArch(net, policy, 'found');
  assert.deepEqual(found.input, [12, 12, 3]);
  assert.equal(found.body.kind === 'chain' && found.body.rows[0]!.cOut, 12);
  assert.equal(found.search!.method, 'fbnet-v2');
  assert.ok(Math.abs(found.search!.probabilities!['stages.0.width']! - Math.exp(3) / (1 + Math.exp(3))) < 1e-6);
  assert.ok(found.search!.predicted!.flops > 0);
  assert.throws(() => foundArch(new MaskedSupernet(normalizeSpace(WIDTHS, 'w.json'), { seed: 1 }), policy, 'x'), /searches no recipe.lr, recipe.optimizer/);
  method.policy.dispose();
  net.dispose();
});
