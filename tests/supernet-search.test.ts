// The search searches, on a tiny synthetic problem (wasm: on these conv shapes it is several times faster than cpu):
//   (a) with β large the cost term dominates and argmax θ picks each layer's cheapest candidate,
//       which differs between layers (so it is per-layer costs, not a candidate's name, that win);
//   (b) with β = 0 (cost ignored) and a crippled candidate that outputs zeros, θ moves away from
//       it in every layer: its probability falls below uniform and it is nobody's argmax.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { useBackend } from '../src/ops/testing.js';
import { softmax } from '../src/supernet/theta-stats.js';
import { costTableOf, runTiny, tinySpec } from './supernet-helpers.js';

before(async () => assert.ok(await useBackend('wasm')));

test('(a) β large: argmax θ is the cheapest candidate of every layer', { timeout: 120_000 }, async () => {
  const candidates = ['ir_k3_e1', 'ir_k3_e3', 'skip'];
  // Layer 0: ir_k3_e1 cheapest; layer 1: ir_k3_e3 cheapest. C stays in [e, e^1.3] so log C > 0.
  const costs = costTableOf(candidates, [[0.1, 0.5, 0.6], [0.6, 0.1, 0.5]], 2.6);
  const { net, method } = await runTiny({
    spec: tinySpec(candidates), costs, epochs: 2, limits: { train_w: 6, train_theta: 6, valImages: 32 }, wLr: 0.01, thetaLr: 0.1,
    strategy: { loss: { form: 'paper', alpha: 1, beta: 8 }, tau0: 1 },
  });
  const thetas = method.policy.params()!;
  assert.deepEqual(thetas.map((t) => candidates[t.indexOf(Math.max(...t))]), ['ir_k3_e1', 'ir_k3_e3']);
  // And decisively so: the cheapest candidate holds clearly more than a uniform share.
  thetas.forEach((t, l) => assert.ok(softmax(t)[l === 0 ? 0 : 1]! > 0.5, `layer ${l}: softmax ${softmax(t).map((p) => p.toFixed(3))}`));
  net.dispose();
});

test('(b) β = 0: θ moves away from a candidate that zeroes its output', { timeout: 120_000 }, async () => {
  const candidates = ['ir_k3_e1', 'zero', 'ir_k3_e3'];
  const costs = costTableOf(candidates, [[1, 1, 1], [1, 1, 1]], 1);
  const { result, net, method } = await runTiny({
    spec: tinySpec(candidates), costs, epochs: 3, limits: { train_w: 8, train_theta: 8, valImages: 32 }, thetaLr: 0.05,
    strategy: { loss: { form: 'paper', alpha: 1, beta: 0 }, warmupEpochs: 1 },
  });
  for (const [l, t] of method.policy.params()!.entries()) {
    const p = softmax(t);
    assert.ok(p[1]! < 1 / 3 - 0.02, `layer ${l}: p(zero) ${p[1]!.toFixed(3)} should fall below 1/3 (softmax ${p.map((q) => q.toFixed(3))})`);
    assert.notEqual(t.indexOf(Math.max(...t)), 1, `layer ${l}: zero must not be the argmax`);
  }
  // Entropy fell from uniform: the search made a decision.
  const last = result.history[result.history.length - 1]!;
  assert.ok(last.meanEntropy! < Math.log(3), `mean entropy ${last.meanEntropy} < log 3`);
  net.dispose();
});
