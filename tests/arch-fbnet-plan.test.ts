// The FBNet CIFAR plan: 22 layer shapes, the 72.96 MFLOP supernet count (reference candidates:
// conv/dense multiply-adds x2) and the 69.98 MFLOP count of our expansion-1 blocks, the exact
// difference between them, and every candidate (both forms) built and run at every layer shape.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { fbnetCifarArch, fbnetCifarCandidates, fbnetCifarLayers, supernetFlops } from '../src/arch/fbnet-cifar-plan.js';
import { normalizeArch } from '../src/arch/normalize.js';
import { blockCost } from '../src/ops/cost.js';
import { opName } from '../src/ops/op.js';
import { BLOCKS } from '../src/ops/register-all.js';
import { useBackend } from '../src/ops/testing.js';

test('22 layers: channels, strides and input sizes of the plan', () => {
  const layers = fbnetCifarLayers();
  assert.equal(layers.length, 22);
  assert.deepEqual(layers.map((l) => l.cOut), [16, 24, 24, 24, 24, 32, 32, 32, 32, 64, 64, 64, 64, 112, 112, 112, 112, 184, 184, 184, 184, 352]);
  assert.deepEqual(layers.map((l) => l.stride), [1, 2, 1, 1, 1, 2, 1, 1, 1, 2, 1, 1, 1, 1, 1, 1, 1, 2, 1, 1, 1, 1]);
  assert.deepEqual(layers.map((l) => l.inH), [16, 16, 8, 8, 8, 8, 4, 4, 4, 4, 2, 2, 2, 2, 2, 2, 2, 2, 1, 1, 1, 1]);
  assert.deepEqual(layers.map((l) => l.cIn), [16, 16, 24, 24, 24, 24, 32, 32, 32, 32, 64, 64, 64, 64, 112, 112, 112, 112, 184, 184, 184, 184]);
});

test('supernet forward with all 9 candidates: 72.96 MFLOP per image (reference form)', () => {
  const ref = supernetFlops(fbnetCifarCandidates('reference'));
  assert.equal(ref.total, 72_959_424);
  assert.equal(ref.stem, 2 * 9 * 3 * 16 * 16 * 16, 'stem 3x3 conv 3->16 on 16x16');
  assert.equal(ref.head, 2 * 352 * 1504 * 1 + 2 * 1504 * 10, '1x1 conv 352->1504 on the final 1x1 map + dense 1504->10');
  assert.deepEqual(fbnetCifarCandidates('reference').map(opName), ['ir_k3_e1_pw', 'ir_k3_e3', 'ir_k3_e6', 'ir_k5_e1_pw', 'ir_k5_e3', 'ir_k5_e6', 'ir_k3_e1_g2', 'ir_k5_e1_g2', 'skip']);
});

test('our expansion-1 blocks (no expand conv) count 69.98 MFLOP; the gap is exactly those expand convs', () => {
  const ours = supernetFlops(fbnetCifarCandidates('nasflow'));
  assert.equal(ours.total, 69_976_512);
  const expandConvs = fbnetCifarLayers().reduce((s, l) => s + 2 * (2 * l.cIn * l.cIn * l.inH * l.inW), 0);
  assert.equal(supernetFlops(fbnetCifarCandidates('reference')).total - ours.total, expandConvs);
});

test('a single path normalises, with the stride schedule warning at layer 17', () => {
  const n = normalizeArch(fbnetCifarArch('path', Array.from({ length: 22 }, () => fbnetCifarCandidates()[2]!)), 'path.json');
  assert.deepEqual(n.warnings.length, 1);
  assert.match(n.warnings[0]!, /block 17 \(ir_k3_e6, stride 2\) output 1x1/);
});

test('every candidate (both forms) builds and runs at every layer shape', async (t) => {
  const backend = (await useBackend('wasm')) ? 'wasm' : (await useBackend('cpu')) && 'cpu';
  t.diagnostic(`backend ${backend}`);
  const ops = [...fbnetCifarCandidates('reference'), ...fbnetCifarCandidates('nasflow').filter((o) => o.kind === 'ir' && !o.expandConv)];
  assert.equal(ops.length, 11);
  for (const layer of fbnetCifarLayers()) {
    for (const op of ops) {
      const block = BLOCKS.forOp(op).create(layer.cIn, layer.cOut, layer.stride, { seed: layer.index });
      const cost = blockCost(layer.cIn, layer.cOut, layer.stride, op, layer.inH, layer.inW);
      const shape = tf.tidy(() => block.apply(tf.ones([1, layer.inH, layer.inW, layer.cIn]), false).shape);
      assert.deepEqual(shape, [1, cost.outH, cost.outW, layer.cOut], `layer ${layer.index} ${block.name}`);
      const params = block.store.all().filter((v) => v.trainable).reduce((s, v) => s + v.variable.size, 0);
      assert.equal(params, cost.params, `layer ${layer.index} ${block.name} params`);
      block.dispose();
    }
  }
});
