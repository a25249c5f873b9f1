// One top-k definition (src/core/topk.ts) for training meters, val selection and test scores:
// ties go to the lower class index, a NaN row is a miss, and the training meter and the test
// confusion matrix agree on every row.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { argmaxRow, labelRank } from '../src/core/topk.js';
import { addLogits, emptyConfusion, finish } from '../src/eval/confusion.js';
import { topkHits } from '../src/train/metrics.js';

test('constant logits score one class in ten, not 100 %', () => {
  const classes = 10;
  const logits = new Float32Array(classes * classes).fill(0.25);
  const labels = Int32Array.from({ length: classes }, (_, i) => i);
  assert.deepEqual(topkHits(logits, labels, classes), { top1: 1, topk: 5 });
  const c = emptyConfusion(classes);
  addLogits(c, logits, labels, classes);
  assert.equal(finish(c).top1, 0.1);
});

test('a row with a NaN logit is a miss at every k and has no prediction', () => {
  const nan = Float32Array.from([NaN, NaN, NaN, 0.5, NaN, 0.1]);
  assert.deepEqual(topkHits(nan, Int32Array.from([0, 1]), 3, 3), { top1: 0, topk: 0 });
  assert.equal(labelRank([0.5, NaN, 0.1], 0), Infinity);
  assert.equal(argmaxRow([0.5, NaN, 0.1]), -1);
  const c = emptyConfusion(3);
  addLogits(c, nan, [0, 1], 3);
  const f = finish(c);
  assert.equal(f.top1, 0);
  assert.equal(f.top5, 0);
  assert.equal(f.invalid, 2);
  assert.deepEqual(f.matrix, [[0, 0, 0], [0, 0, 0], [0, 0, 0]]);
  assert.deepEqual(f.perClass, [0, 0, 0]);
});

test('training meter and test scores agree row by row, ties included', () => {
  const rows = [[1, 1, 0], [0, 2, 2], [3, 3, 3], [0, 1, 2], [Infinity, Infinity, 0]];
  for (const row of rows) {
    for (let label = 0; label < 3; label++) {
      const meter = topkHits(Float32Array.from(row), [label], 3, 1).top1;
      const c = emptyConfusion(3);
      addLogits(c, Float32Array.from(row), [label], 3);
      assert.equal(meter, c.top1, `row ${row} label ${label}`);
      assert.equal(meter === 1, argmaxRow(row) === label, `row ${row} label ${label}: hit iff argmax is the label`);
    }
  }
});
