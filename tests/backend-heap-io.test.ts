// readInto (src/backend/heap-io.ts) copies a tensor's values to an offset of a caller's array on
// wasm and cpu — for a fresh tensor, a variable after assign, and a reshaped alias — touching
// nothing else in the array and leaving no tensor behind. writeInPlace overwrites a variable's own
// memory, and refuses (writing nothing) a wrong length, a buffer another tensor shares, and on wasm
// a filter or matrix operand a stock XNNPACK kernel has read (its packed copy would go stale): such
// a variable then gets a new tensor on assign, and the kernel sees the new values.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend, readInto, writeInPlace } from '../src/backend/index.js';

before(async () => {
  await initBackend('cpu', () => {});
  await initBackend('wasm', () => {});
});

for (const backend of ['wasm', 'cpu']) {
  test(`readInto on ${backend}: the values at an offset, the rest of the array untouched`, async () => {
    await tf.setBackend(backend);
    const start = tf.memory().numTensors;
    const t = tf.tensor2d([1.5, -2, 3, 4.25, 5, -6], [2, 3]);
    const out = new Float32Array(9).fill(9);
    readInto(t, out, 2);
    assert.deepEqual(Array.from(out), [9, 9, 1.5, -2, 3, 4.25, 5, -6, 9]);
    const v = tf.variable(t);
    const m = tf.mul(t, 2) as tf.Tensor2D;
    v.assign(m);
    m.dispose();
    readInto(v, out, 0);
    assert.deepEqual(Array.from(out), [3, -4, 6, 8.5, 10, -12, 5, -6, 9]);
    const r = tf.reshape(v, [6]);
    readInto(r, out, 3);
    assert.deepEqual(Array.from(out), [3, -4, 6, 3, -4, 6, 8.5, 10, -12]);
    tf.dispose([t, v, r]);
    assert.equal(tf.memory().numTensors, start);
  });
}

for (const backend of ['wasm', 'cpu']) {
  test(`writeInPlace on ${backend}: a variable's own memory where that is safe, nothing elsewhere`, async () => {
    await tf.setBackend(backend);
    const start = tf.memory().numTensors;
    const init = tf.tensor1d([1, 2, 3]);
    const v = tf.variable(init); // shares init's buffer while init lives
    assert.equal(writeInPlace(v, Float32Array.from([4, 5, 6])), false, 'buffer shared with the initial value');
    init.dispose();
    const id = v.dataId;
    assert.equal(writeInPlace(v, Float32Array.from([4, 5, 6])), true);
    assert.equal(v.dataId, id, 'the same buffer, no assign');
    assert.deepEqual(Array.from(v.dataSync()), [4, 5, 6]);
    assert.equal(writeInPlace(v, Float32Array.from([1, 2])), false, 'wrong length');
    const alias = tf.reshape(v, [3, 1]); // shares v's buffer
    assert.equal(writeInPlace(v, Float32Array.from([7, 8, 9])), false, 'shared buffer');
    assert.deepEqual(Array.from(alias.dataSync()), [4, 5, 6], 'the alias is untouched');
    alias.dispose();
    assert.equal(writeInPlace(v, Float32Array.from([7, 8, 9])), true, 'alone again');
    assert.deepEqual(Array.from(v.dataSync()), [7, 8, 9]);
    const stock = backend === 'wasm';
    const m = tf.tidy(() => tf.variable(tf.tensor2d([1, 0, 0, 1], [2, 2])));
    assert.equal(writeInPlace(m, Float32Array.from([1, 2, 3, 4])), true, 'a matrix nothing has read yet');
    const e = tf.tensor2d([1, 0, 0, 1], [2, 2]);
    const mm = (): number[] => tf.tidy(() => Array.from(tf.matMul(e, m as tf.Tensor2D).dataSync()));
    assert.deepEqual(mm(), [1, 2, 3, 4]);
    assert.equal(writeInPlace(m, Float32Array.from([5, 6, 7, 8])), !stock, stock ? 'a stock matrix product read it: refused' : 'cpu caches nothing');
    if (stock) tf.tidy(() => m.assign(tf.tensor2d([5, 6, 7, 8], [2, 2])));
    assert.deepEqual(mm(), [5, 6, 7, 8], 'the product sees the new values');
    // A 3x3 filter: nasflow has no kernel for it, so on wasm the stock (XNNPACK) convolution reads it.
    const f = tf.tidy(() => tf.variable(tf.ones([3, 3, 1, 1])));
    assert.equal(writeInPlace(f, new Float32Array(9).fill(2)), true, 'a filter nothing has read yet');
    const x = tf.ones([1, 3, 3, 1]) as tf.Tensor4D;
    const conv = (): number => tf.tidy(() => tf.conv2d(x, f as tf.Tensor4D, 1, 'valid').dataSync()[0]!);
    assert.equal(conv(), 18);
    assert.equal(writeInPlace(f, new Float32Array(9).fill(3)), !stock, stock ? 'read by XNNPACK: refused' : 'cpu caches nothing');
    if (stock) tf.tidy(() => f.assign(tf.fill([3, 3, 1, 1], 3)));
    assert.equal(conv(), 27, 'the convolution sees the new values');
    tf.dispose([v, m, e, f, x]);
    assert.equal(tf.memory().numTensors, start);
  });
}
