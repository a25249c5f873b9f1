// Test-set scoring: confusion matrix, per-class accuracy, top-1 / top-5 from logits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addLogits, emptyConfusion, finish } from '../src/eval/confusion.js';

test('confusion matrix rows are true classes, columns predictions; rates follow from it', () => {
  const c = emptyConfusion(3);
  // 4 images: true 0 predicted 0; true 1 predicted 2; true 2 predicted 2; true 2 predicted 0 (label ranked 2nd)
  const logits = Float32Array.from([5, 1, 0, 0, 1, 3, 0, 1, 4, 3, 0, 2]);
  addLogits(c, logits, [0, 1, 2, 2], 3);
  const f = finish(c);
  assert.deepEqual(f.matrix, [[1, 0, 0], [0, 0, 1], [1, 0, 1]]);
  assert.equal(f.top1, 0.5);
  assert.equal(f.top5, 1, 'with 3 classes every label is in the top 5');
  assert.deepEqual(f.perClass, [1, 0, 0.5]);
  assert.equal(f.images, 4);
});

test('top-5 misses a label ranked sixth; argmax ties go to the lower class', () => {
  const c = emptyConfusion(7);
  addLogits(c, Float32Array.from([6, 5, 4, 3, 2, 1, 0]), [6], 7);
  addLogits(c, Float32Array.from([1, 1, 0, 0, 0, 0, 0]), [1], 7);
  const f = finish(c);
  assert.equal(f.top5, 0.5);
  assert.equal(f.matrix[1]![0], 1, 'tie between classes 0 and 1 predicts 0');
  assert.equal(f.top1, 0);
});
