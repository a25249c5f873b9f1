// FBNetV2's pipeline wiring, fast: the registry entry builds the masked supernet (and refuses what
// it cannot train), τ follows FBNet's shared schedule, the width space's extremes and layout, the
// width model's prediction against a hand sum, the widest/narrowest baselines, and the node
// runner timing each model at its own input size.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import type { ChainModel } from '../src/arch/model.js';
import { normalizeArch, type NormalizedChainArch } from '../src/arch/normalize.js';
import { corners, widthLatency, widthParts } from '../src/latency/width-model.js';
import { NodeRunner } from '../src/lut/node-runner.js';
import { temperatureAt } from '../src/methods/fbnet.js';
import { FBNET_V2, fbnetV2, type FbnetV2Settings } from '../src/methods/fbnet-v2.js';
import { methodEntry } from '../src/methods/index.js';
import { useBackend } from '../src/ops/testing.js';
import { resolveUniform } from '../src/retrain/baselines.js';
import { freeze } from '../src/spaces/freeze.js';
import { normalizeSpace } from '../src/spaces/normalize.js';
import { extremeSample, isWidthSpace, widthGrid } from '../src/spaces/widths.js';
import { MaskedSupernet } from '../src/supernet/masked/masked-supernet.js';
import type { TrainSupernetConfig } from '../src/types/generated.js';
import { tinyChain, WIDTHS } from './helpers/spaces.js';

before(async () => assert.ok(await useBackend('cpu')));

const { recipe: _r, ...WDOC } = WIDTHS;
const SPACE = normalizeSpace(WDOC, 'widths.json');
const SETTINGS: FbnetV2Settings = {
  epochs: 4, warmupEpochs: 1, alternate: 'epoch',
  gumbel: { mode: 'soft', scope: 'batch', tau0: 5, decayRate: 0.5, tauEnd: 2 },
  loss: { form: 'paper', metric: 'flops', costScale: 100, alpha: 0.2, beta: 0.6 },
  optimizer: { w: { lr: 0.1, lrMin: 0, momentum: 0.9, weightDecay: 0 }, theta: { lr: 0.05, weightDecay: 0, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 } },
  eval: { mix: 'softmax' },
};

test('the registry: fbnet-v2 trains a masked supernet; τ is FBNet\'s per-step schedule; latency metric refused', () => {
  const e = methodEntry({ method: 'fbnet-v2' } as TrainSupernetConfig, 'test');
  assert.equal(e, FBNET_V2);
  assert.equal(e.supernet, 'masked');
  const net = new MaskedSupernet(SPACE, { seed: 1 });
  const m = fbnetV2(SETTINGS, { net, file: 'c.yaml' });
  for (const [ep, f] of [[0, 0], [1, 0], [2, 0.5], [3, 0.99]] as const) assert.equal(m.temperature(ep, f), temperatureAt(SETTINGS as never, ep, f));
  assert.ok(m.temperature(2, 0) !== m.temperature(2, 0.5), 'τ moves within an epoch (tauEnd)');
  assert.throws(() => fbnetV2({ ...SETTINGS, loss: { ...SETTINGS.loss, metric: 'latency' } }, { net, file: 'c.yaml' }), /c\.yaml#\/loss\/metric: .*expects "flops", found "latency"/);
  assert.throws(() => e.create({ ...SETTINGS, method: 'fbnet-v2' } as never, { net: {} as never, costs: null, choices: [], file: 'c.yaml' }), /trains a masked supernet/);
  assert.deepEqual(net.pathCosts.path(net.choices.map(() => 0)) > 0, true);
  m.policy.dispose();
  net.dispose();
});

test('width space: its extremes freeze to the widest and narrowest instances; its layout is the widest at the largest size', () => {
  assert.equal(isWidthSpace(SPACE), true);
  assert.equal(isWidthSpace(tinyChain({ layers: [{ cOut: 8, stride: 1 }], ops: ['ir_k3_e1'] })), false);
  const wide = extremeSample(SPACE, 'widest');
  const narrow = extremeSample(SPACE, 'narrowest');
  assert.deepEqual(wide, { 'input.resolution': 16, 'layers.0.op': 'ir_k3_e6', 'stages.0.width': 12, 'layers.1.op': 'ir_k3_e6', 'layers.2.expansion': 4 });
  assert.deepEqual(narrow, { 'input.resolution': 12, 'layers.0.op': 'ir_k3_e1', 'stages.0.width': 8, 'layers.1.op': 'ir_k3_e1', 'layers.2.expansion': 2 });
  const flops = (s: typeof wide) => normalizeArch(freeze(SPACE, s, 'x'), 'x').flops;
  assert.ok(flops(wide) > flops(narrow));
  const g = widthGrid(SPACE);
  assert.deepEqual(g.input, [16, 16, 3]);
  assert.deepEqual(g.layers.map((l) => [l.cIn, l.cOut, l.inHW[0]]), [[8, 12, 8], [12, 12, 8], [12, 16, 8]]);
  assert.equal(resolveUniform('widest', SPACE, 'r.yaml', '/baselines/uniform/0'), 'widest');
  assert.throws(() => resolveUniform('cheapest', SPACE, 'r.yaml', '/baselines/uniform/1'), /r\.yaml#\/baselines\/uniform\/1: .*widest \/ narrowest, found "cheapest"/);
  assert.throws(() => resolveUniform('narrowest', tinyChain({ layers: [{ cOut: 8, stride: 1 }], ops: ['ir_k3_e1'] }), 'r.yaml', '/baselines/uniform/0'), /width space/);
});

test('width model: an architecture costs fixed + stem + its parts interpolated at its own widths (hand sum)', () => {
  // ms of a part = a linear function of its corner, so interpolation is exact and the sum is known.
  const f = (p: number[]) => 0.01 + p.reduce((s, v, i) => s + (i + 1) * 0.001 * v, 0);
  const boxes = widthParts(SPACE).map((p) => ({ part: p.part, resolution: p.resolution, layer: p.layer, op: p.op, axes: p.axes, ms: corners(p.axes).map(f) }));
  const sample = { 'input.resolution': 12, 'layers.0.op': 'skip', 'stages.0.width': 12, 'layers.1.op': 'ir_k3_e6', 'layers.2.expansion': 4 };
  const arch = normalizeArch(freeze(SPACE, sample, 'a'), 'a') as NormalizedChainArch;
  // stem (no axes) + layer 0 skip [8, 12, 0] + layer 1 ir_k3_e6 [12, 12, 0] + layer 2 ir_k5_e3 at e4 [12, 16, 4] + head [16]
  const hand = 0.5 + f([]) + f([8, 12, 0]) + f([12, 12, 0]) + f([12, 16, 4]) + f([16]);
  assert.ok(Math.abs(widthLatency(SPACE, boxes, 0.5, arch) - hand) < 1e-9, `${widthLatency(SPACE, boxes, 0.5, arch)} vs ${hand}`);
  const at16 = normalizeArch(freeze(SPACE, { ...sample, 'input.resolution': 16 }, 'b'), 'b') as NormalizedChainArch;
  assert.throws(() => widthLatency(SPACE, boxes.filter((b) => b.resolution === 12), 0, at16), /no stem box at resolution 16/);
});

test('latency as the training cost: at a one-hot path the masked supernet\'s expected latency is the width model\'s; α gets a gradient', () => {
  const f = (p: number[]) => 0.02 + p.reduce((s, v, i) => s + (i + 2) * 0.001 * v, 0);
  const boxes = widthParts(SPACE).map((p) => ({ part: p.part, resolution: p.resolution, layer: p.layer, op: p.op, axes: p.axes, ms: corners(p.axes).map(f) }));
  const net = new MaskedSupernet(SPACE, { seed: 1, latency: { boxes, fixedMs: 0.25, batch: 1 } });
  assert.equal(net.metric, 'latency');
  for (const sample of [
    { 'input.resolution': 12, 'layers.0.op': 'skip', 'stages.0.width': 12, 'layers.1.op': 'ir_k3_e6', 'layers.2.expansion': 4 },
    { 'input.resolution': 16, 'layers.0.op': 'ir_k3_e1', 'stages.0.width': 8, 'layers.1.op': 'skip', 'layers.2.expansion': 2 },
  ]) {
    const picks = net.choices.map((c) => c.values.indexOf(sample[c.label as keyof typeof sample]));
    const arch = normalizeArch(freeze(SPACE, sample, 'a'), 'a') as NormalizedChainArch;
    const want = widthLatency(SPACE, boxes, 0.25, arch);
    assert.ok(Math.abs(net.pathCosts.path(picks) - want) < 1e-5, `${net.pathCosts.path(picks)} vs ${want}`);
  }
  const alpha = net.choices.map((c) => tf.variable(tf.zeros([c.values.length])));
  const { grads } = tf.variableGrads(() => {
    const mixes = alpha.map((a) => ({ m: tf.softmax(tf.reshape(a, [1, -1])) as tf.Tensor2D, active: Array.from({ length: a.shape[0]! }, (_, i) => i) }));
    return tf.sum(net.cost(mixes, mixes[0]!.m)) as tf.Scalar;
  }, alpha);
  const width = net.choices.findIndex((c) => c.label === 'stages.0.width');
  const gw = grads[alpha[width]!.name]!.dataSync();
  assert.ok(gw[1]! > gw[0]!, `the wider value raises the expected latency: ${Array.from(gw)}`);
  tf.dispose([...alpha, ...Object.values(grads)]);
  net.dispose();
});

test('the node runner times every model at its own input size', async () => {
  const seen: string[] = [];
  const fake = (input: [number, number, number]) => ({ arch: { input }, apply: (x: tf.Tensor4D) => { seen.push(x.shape.join('x')); return tf.zeros([1, 2]); } }) as unknown as ChainModel;
  const runner = new NodeRunner({ runtime: 'node', backend: 'cpu', backendReason: 'test', tfjsVersion: 'x', threads: 1 }, 2);
  await runner.loadTrained([{ key: 'a', model: fake([6, 6, 1]), exportedDir: '' }, { key: 'b', model: fake([8, 8, 1]), exportedDir: '' }]);
  await runner.time(['a', 'b', 'a'], 1);
  assert.deepEqual(seen, ['2x6x6x1', '2x8x8x1', '2x6x6x1']);
  await runner.close();
});

test('preflight: a width space needs a masked-supernet method, widest/narrowest baselines, no evolution, no protocol', async () => {
  const { join } = await import('node:path');
  const { loadPipeline } = await import('../src/pipeline/pipeline.js');
  const { preflight } = await import('../src/pipeline/preflight.js');
  const repo = join(import.meta.dirname, '..');
  const overrides = { 'build-lut': 'configs/presets/fbnet-v2/build-lut.yaml', sample: 'configs/presets/spos/sample.yaml', 'train-supernet': 'configs/train-supernet.yaml', retrain: 'configs/retrain.yaml' };
  assert.throws(() => preflight(repo, loadPipeline(repo), undefined, overrides), (e: Error) => {
    for (const re of [/train-supernet\.yaml#\/method: method fbnet trains a mixed-op supernet/, /retrain\.yaml#\/baselines\/uniform\/0: .*widest \/ narrowest, found "costliest"/, /retrain\.yaml#\/protocol: /, /sample\.yaml#\/how: evolution/]) assert.match(e.message, re);
    return true;
  });
  assert.doesNotThrow(() => preflight(repo, loadPipeline(repo), undefined, { ...overrides, sample: 'configs/presets/fbnet-v2/sample.yaml', 'train-supernet': 'configs/presets/fbnet-v2/train-supernet.yaml', retrain: 'configs/presets/fbnet-v2/retrain.yaml' }));
});
