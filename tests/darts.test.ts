// DARTS: the genotype rule on hand-set α; the collapse guard on a crafted α (warning and DARTS+
// stop, in the method and in the loop); the cell supernet trains first and second order on cpu
// and its history records the guard's numbers; the second-order α gradient against a central
// finite difference of the unrolled objective L_val(w − ξ(μ·buf + ∇w L_train(w, α) + wd·w), α).
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng } from '../src/core/rng.js';
import { darts } from '../src/methods/darts.js';
import { collapseStats, collapseWarnings, deriveGenotype, genotypeSample } from '../src/methods/genotype.js';
import { edgesOf } from '../src/supernet/cells/spec.js';
import { setBnStatsSink } from '../src/ops/layers/batchnorm.js';
import { useBackend } from '../src/ops/testing.js';
import { normalizeSpace } from '../src/spaces/normalize.js';
import { freeze } from '../src/spaces/freeze.js';
import { unrolledArchGradients } from '../src/methods/unrolled.js';
import { lossGrads, type StepContext } from '../src/train/step.js';
import { DARTS_OPS, dartsConfig, release, runDarts, TINY_CELLS, tinyCellNet, tinyData } from './darts-helpers.js';

before(async () => assert.ok(await useBackend('cpu')));

const choicesOf = (nodes: number) => (['normal', 'reduce'] as const).flatMap((t) => edgesOf(t, nodes).map((e) => ({ label: e.label, kind: 'op' as const, values: DARTS_OPS })));
const onehot = (op: string, w: number, rest = 0.01): number[] => DARTS_OPS.map((o) => (o === op ? w : rest));

test('genotype: per node the two strongest edges by max non-none weight, each with its best non-none op', () => {
  const choices = choicesOf(2); // per type: n0.e0, n0.e1, n1.e0, n1.e1, n1.e2
  const w = [
    onehot('sep_conv_3x3', 0.5), onehot('none', 0.9, 0.02), // n0: e1's `none` is ignored
    onehot('skip_connect', 0.3), onehot('dil_conv_5x5', 0.6), onehot('max_pool_3x3', 0.4), // n1: e1 then e2
    onehot('avg_pool_3x3', 0.2), onehot('sep_conv_5x5', 0.7), onehot('skip_connect', 0.3), onehot('dil_conv_3x3', 0.8), onehot('sep_conv_3x3', 0.25),
  ];
  const g = deriveGenotype(choices, w);
  // n0.e1 is all `none` but its best non-none op (ties: the first, max_pool_3x3) still competes.
  assert.deepEqual(g.normal.map((n) => n.map((e) => [e.op, e.input])), [[['sep_conv_3x3', 0], ['max_pool_3x3', 1]], [['dil_conv_5x5', 1], ['max_pool_3x3', 2]]]);
  assert.deepEqual(g.reduce.map((n) => n.map((e) => [e.op, e.input])), [[['sep_conv_5x5', 1], ['avg_pool_3x3', 0]], [['dil_conv_3x3', 1], ['skip_connect', 0]]]);
  // The sample is the space's own choices: it freezes to a cells architecture document.
  const space = normalizeSpace(TINY_CELLS, 'tiny-cells.json');
  const doc = freeze(space, genotypeSample(g), 'found');
  assert.equal(doc.body.kind, 'cells');
  if (doc.body.kind === 'cells') assert.deepEqual(doc.body.reduce.nodes[1]!.map((e) => [e.name, e.input]), [['dil_conv_3x3', 1], ['skip_connect', 0]]);
});

test('collapse guard fires on a crafted α: skip-dominated normal cell -> warning and DARTS+ stop', () => {
  const choices = choicesOf(2);
  const skip = choices.map((c) => (c.label.startsWith('normal') ? onehot('skip_connect', 0.9) : onehot('sep_conv_3x3', 0.9)));
  const s = collapseStats(deriveGenotype(choices, skip), skip);
  assert.equal(s.normalSkips, 4);
  assert.equal(s.normalParameterFree, 4);
  assert.equal(s.edgeEntropy.length, choices.length);
  const r = collapseWarnings(s, 4, { maxSkips: 2, parameterFreeShare: 0.75 });
  assert.ok(r.stop && r.warnings.length === 2, JSON.stringify(r));
  const healthy = choices.map(() => onehot('sep_conv_3x3', 0.9));
  const h = collapseWarnings(collapseStats(deriveGenotype(choices, healthy), healthy), 4, { maxSkips: 2, parameterFreeShare: 0.75 });
  assert.deepEqual(h, { warnings: [], stop: false });
});

test('the DARTS method stops the loop early when the guard fires (α crafted in the policy)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'nasflow-darts-'));
  try {
    const c = dartsConfig({ epochs: 3, limits: { batchesPerEpoch: 1, valImages: 8 }, collapse: { maxSkips: 2, parameterFreeShare: 0.75, skipDrop: 0 } });
    const { net, choices, costs } = tinyCellNet();
    const method = darts(c, { net, costs, choices, file: 'test' });
    // α strongly on skip_connect everywhere: the first epoch's derived normal cell is all skips.
    for (const p of method.policy.parameters) p.variable.assign(tf.tensor1d(onehot('skip_connect', 10, 0)));
    const logs: string[] = [];
    const { runSearch } = await import('../src/train/search.js');
    const result = await runSearch({ net, method, choices, data: tinyData(8), seed: 1, limits: { train_w: 1, train_theta: 1, valImages: 8 }, select: 'last', checkpoint: { file: join(dir, 'ck.bin'), everySteps: 0, fingerprint: 't' }, log: (m) => logs.push(m) });
    assert.equal(result.history.length, 1, 'stopped after the first epoch');
    assert.ok(logs.some((l) => /collapse: the derived normal cell has 4 skip_connect/.test(l)), logs.join('\n'));
    release({ net, method });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

for (const order of ['first', 'second'] as const) {
  test(`DARTS ${order} order trains the cell supernet on cpu`, { timeout: 120_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nasflow-darts-'));
    try {
      const r = await runDarts(dartsConfig({ order, optimizer: { ...dartsConfig().optimizer, alpha: { ...dartsConfig().optimizer.alpha, lr: 0.05 } } }), { file: join(dir, 'ck.bin'), everySteps: 0 });
      assert.equal(r.result.history.length, 2);
      for (const e of r.result.history) {
        assert.ok(e.arch && Number.isFinite(e.arch.loss) && e.w.batches === 3);
        assert.ok(e.probabilities && e.probabilities.length === 10);
        assert.ok(e.sample && Object.values(e.sample).every((v) => v !== 'none'), 'exports no none');
      }
      const moved = r.method.policy.params()!.flat().some((v) => Math.abs(v) > 0.01);
      assert.ok(moved, 'α moved away from its 1e-3 init');
      release(r);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

test('second-order α gradient matches a finite difference of the unrolled objective (cpu)', { timeout: 120_000 }, () => {
  // f(α) = L_val(w'(α), α) is only piecewise smooth where ReLU masks move with α: ∇w L_train
  // jumps at every kink, and so does w'. This net puts no ReLU behind an α: one normal cell, its
  // inputs preprocessed straight from the stem, parameter-free linear edge ops (w = stem,
  // preprocessing and head), so the objective is smooth in α and a central difference converges.
  const xi = 0.1;
  const c = dartsConfig({ order: 'second', optimizer: { w: { lr: xi, lrMin: xi, momentum: 0.9, weightDecay: 0.01, clipNorm: null }, alpha: dartsConfig().optimizer.alpha } });
  const { net, choices, costs } = tinyCellNet(2, { ops: ['none', 'avg_pool_3x3', 'skip_connect'], cells: 1, reductions: [], nodes: 2, channels: 4, stem: 8 });
  const method = darts(c, { net, costs, choices, file: 'test' });
  const data = tinyData(32);
  const trainBatch = data.train_w.take(data.train_w.order(1, 0), 0);
  const valBatch = data.val.take(data.val.order(1, 0), 0);
  const rng = Rng.seeded(0);
  const alphas = method.policy.parameters.map((p) => p.variable);
  const rnd = Rng.seeded(5);
  for (const a of alphas) a.assign(tf.tensor1d(Array.from({ length: a.size }, () => rnd.float() - 0.5)));
  const opt = method.optimizers(net);
  const ctx: StepContext = { net, method, rng, temperature: 1, optimizers: opt, lr: { w: xi, arch: 3e-4 } };
  // One real w step first, so the momentum buffer is not zero.
  const g0 = lossGrads(ctx, trainBatch, opt.w.targets().map((v) => v.variable), 'w');
  opt.w.step(g0.grads, 0.05);
  tf.dispose([g0.value, ...g0.kept, ...Object.values(g0.grads)]);
  const ws = opt.w.targets().map((v) => v.variable);
  const w0 = ws.map((w) => tf.keep(tf.clone(w)));
  const toUnrolled = (): void => {
    const g = lossGrads(ctx, trainBatch, ws, 'w');
    tf.tidy(() =>
      ws.forEach((w, i) => {
        const step = tf.add(tf.add(g.grads[w.name] ?? tf.zerosLike(w), tf.mul(w0[i]!, 0.01)), tf.mul(opt.w.momentumOf(w)!, 0.9));
        w.assign(tf.sub(w0[i]!, tf.mul(step, xi)));
      }),
    );
    tf.dispose([g.value, ...g.kept, ...Object.values(g.grads)]);
  };
  const restore = (): void => tf.tidy(() => ws.forEach((w, i) => w.assign(w0[i]!)));
  // Batch statistics throughout, moving averages untouched (as the unrolled step does).
  setBnStatsSink(() => {});
  // f(α) = L_val(w'(α), α).
  const objective = (): number => {
    toUnrolled();
    const v = tf.tidy(() => method.loss(net.forward(valBatch.x, method.policy.trainMixes(rng, 32, 1), true).logits, valBatch.labels, tf.zeros([1]), 'arch').loss.dataSync()[0]!);
    restore();
    return v;
  };
  // The direct term alone (first order at w'): what the implicit term must correct.
  toUnrolled();
  const direct = lossGrads(ctx, valBatch, alphas, 'arch');
  const g1 = alphas.map((a) => Array.from(direct.grads[a.name]?.dataSync() ?? new Float32Array(a.size)));
  tf.dispose([direct.value, ...direct.kept, ...Object.values(direct.grads)]);
  restore();
  setBnStatsSink(null);
  const second = unrolledArchGradients(ctx, valBatch, { train_w: trainBatch });
  const g2 = alphas.map((a) => Array.from(second.grads[a.name]?.dataSync() ?? new Float32Array(a.size)));
  tf.dispose([second.value, ...second.kept, ...Object.values(second.grads)]);
  setBnStatsSink(() => {});
  const dirRng = Rng.seeded(11);
  const err2: number[] = [];
  const err1: number[] = [];
  const dot = (g: number[][], dir: number[][]): number => g.reduce((s, row, i) => s + row.reduce((t, v, k) => t + v * dir[i]![k]!, 0), 0);
  for (let d = 0; d < 4; d++) {
    const dir = alphas.map((a) => Array.from({ length: a.size }, () => dirRng.float() - 0.5));
    const base = alphas.map((a) => Array.from(a.dataSync()));
    const at = (s: number): number => {
      alphas.forEach((a, i) => a.assign(tf.tensor1d(base[i]!.map((v, k) => v + s * dir[i]![k]!))));
      return objective();
    };
        const h = 0.01;
    const fd = (at(h) - at(-h)) / (2 * h);
    alphas.forEach((a, i) => a.assign(tf.tensor1d(base[i]!)));
    err2.push(Math.abs(dot(g2, dir) - fd) / Math.abs(fd));
    err1.push(Math.abs(dot(g1, dir) - fd) / Math.abs(fd));
  }
  setBnStatsSink(null);
  const median = (v: number[]): number => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
  assert.ok(median(err2) < 0.05, `second order vs finite difference, relative errors ${err2.map((e) => e.toFixed(4)).join(' ')}`);
  assert.ok(median(err1) > 2 * median(err2), `the implicit term matters here: direct-only errors ${err1.map((e) => e.toFixed(4)).join(' ')}`);
  tf.dispose([trainBatch.x, valBatch.x, ...w0]);
  opt.w.dispose();
  opt.arch?.dispose();
  release({ net, method });
});
