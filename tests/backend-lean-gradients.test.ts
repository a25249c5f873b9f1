// The lean gradient driver (src/backend/lean-gradients.ts) against tfjs-core's own
// Engine.gradients: the same gradients bit for bit on wasm and cpu — for nasflow's supernet (every
// candidate mixed, BatchNorm, the FBNet loss), through tf.grads with a caller's dy, and for
// second-order gradients (tf.grad of tf.grad, where nothing may be freed early) — leaving no
// tensor behind; and its tape filter keeps exactly the nodes tfjs's does.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend, leanGradientsOn, useLeanGradients } from '../src/backend/index.js';
import { filterTape } from '../src/backend/lean-gradients.js';
import { Rng } from '../src/core/rng.js';
import { supernetChoices } from '../src/methods/choices.js';
import { fbnet } from '../src/methods/fbnet.js';
import { Supernet } from '../src/supernet/supernet.js';
import { benchConfig } from '../bench/supernet.js';
import { workload } from '../bench/workloads.js';

before(async () => {
  await initBackend('cpu', () => {});
  await initBackend('wasm', () => {});
});

const bits = (t: tf.Tensor): number[] => Array.from(new Uint32Array((t.dataSync() as Float32Array).slice().buffer));

/** Runs f with the stock driver, then the lean one; returns both results. */
function both<T>(f: () => T): [T, T] {
  try {
    useLeanGradients(false);
    const stock = f();
    useLeanGradients(true);
    return [stock, f()];
  } finally {
    useLeanGradients(true);
  }
}

/** Gradients (bits) of the default supernet's w loss and arch loss on one batch, and the tensors the two passes left. */
function supernetGrads(): { w: number[][]; arch: number[][]; leftover: number } {
  const wl = workload('fmnist-small');
  const net = new Supernet(wl.spec, wl.costs, { seed: 3 });
  const method = fbnet(benchConfig('soft', 8, 1), { net, costs: wl.costs, choices: supernetChoices(wl.spec), file: 'test' });
  const opt = method.optimizers(net);
  const x = tf.randomNormal([8, ...wl.spec.input], 0, 1, 'float32', 5) as tf.Tensor4D;
  const labels = Int32Array.from({ length: 8 }, (_, i) => i % wl.spec.classes);
  const run = (target: 'w' | 'arch'): number[][] => {
    const vars = (target === 'w' ? opt.w : opt.arch!).targets().map((v) => v.variable);
    const { value, grads } = tf.variableGrads(() => {
      const { logits, cost } = net.forward(x, method.policy.trainMixes(Rng.seeded(9), 8, 5), true);
      return method.loss(logits, labels, cost, target).loss;
    }, vars);
    const out = vars.map((v) => bits(grads[v.name]!));
    tf.dispose([value, ...Object.values(grads)]);
    return out;
  };
  const start = tf.memory().numTensors;
  const r = { w: run('w'), arch: run('arch') };
  const leftover = tf.memory().numTensors - start;
  x.dispose();
  opt.w.dispose();
  opt.arch?.dispose();
  method.policy.dispose();
  net.dispose();
  return { ...r, leftover };
}

for (const backend of ['wasm', 'cpu']) {
  test(`lean gradients on ${backend}: the supernet's w and arch gradients equal the stock driver's bit for bit, nothing leaks`, async () => {
    await tf.setBackend(backend);
    assert.ok(leanGradientsOn(), 'initBackend installs the lean driver');
    const [stock, lean] = both(supernetGrads);
    assert.ok(stock.w.length > 100 && stock.arch.length > 0);
    assert.deepEqual(lean.w, stock.w);
    assert.deepEqual(lean.arch, stock.arch);
    assert.equal(stock.leftover, 0);
    assert.equal(lean.leftover, 0);
  });

  test(`lean gradients on ${backend}: a caller's dy, shared inputs and second-order gradients`, async () => {
    await tf.setBackend(backend);
    const run = (): number[][] =>
      tf.tidy(() => {
        const a = tf.tensor1d([0.5, -1.5, 2, 3]);
        const b = tf.tensor1d([1, 2, -0.25, 4]);
        const dy = tf.tensor1d([1, -2, 0.5, 3]);
        // a feeds three ops (its gradient accumulates); the caller's dy must survive the pass.
        const [ga, gb] = tf.grads((p: tf.Tensor, q: tf.Tensor) => tf.add(tf.mul(tf.sin(p), q), tf.mul(p, tf.exp(p))))([a, b], dy);
        assert.equal(dy.isDisposed, false);
        // d²/dx² of x³ is 6x: the outer pass differentiates the inner gradient's ops.
        const g2 = tf.grad((x: tf.Tensor) => tf.grad((u: tf.Tensor) => tf.mul(tf.mul(u, u), u))(x))(a);
        return [bits(ga!), bits(gb!), bits(g2), Array.from(g2.dataSync())];
      });
    const start = tf.memory().numTensors;
    const [stock, lean] = both(run);
    assert.deepEqual(lean, stock);
    assert.deepEqual(lean[3], [3, -9, 12, 18]);
    assert.equal(tf.memory().numTensors, start);
  });
}

test('filterTape keeps the nodes on a path from xs to y, inputs pruned to those from xs', () => {
  const t = (id: number): tf.Tensor => ({ id }) as unknown as tf.Tensor;
  const node = (id: number, inputs: Record<string, number>, outputs: number[]) => ({ id, kernelName: `k${id}`, inputs: Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, t(v)])), outputs: outputs.map(t) });
  // x=1, c=2 (constant). n1: 3 = f(1, 2); n2: 4 = g(2) (not from x); n3: 5 = h(3) (not to y); n4: 6 = k(3, 4) = y.
  const tape = [node(1, { a: 1, b: 2 }, [3]), node(2, { a: 2 }, [4]), node(3, { a: 3 }, [5]), node(4, { a: 3, b: 4 }, [6])];
  const out = filterTape(tape, [t(1)], t(6));
  assert.deepEqual(out.map((n) => n.id), [1, 4]);
  assert.deepEqual(Object.keys(out[0]!.inputs), ['a']);
  assert.deepEqual(Object.keys(out[1]!.inputs), ['a']);
});
