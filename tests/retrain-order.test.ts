// Retrain's dispatch order (src/retrain/order.ts): longest predicted first, unknown costs first, ties in plan order.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { longestFirst } from '../src/retrain/order.js';

test('longestFirst puts the costliest jobs first and keeps plan order on ties', () => {
  assert.deepEqual(longestFirst([2, 9, 1, 9, 5]), [1, 3, 4, 0, 2]);
});

test('longestFirst starts jobs without an estimate first', () => {
  assert.deepEqual(longestFirst([1, NaN, 3, NaN]), [1, 3, 2, 0]);
  assert.deepEqual(longestFirst([]), []);
});
