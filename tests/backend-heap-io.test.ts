// readInto (src/backend/heap-io.ts) copies a tensor's values to an offset of a caller's array on
// wasm and cpu — for a fresh tensor, a variable after assign, and a reshaped alias — touching
// nothing else in the array and leaving no tensor behind.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend, readInto } from '../src/backend/index.js';

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
