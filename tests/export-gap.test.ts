// The discretisation-gap warning (src/train/export-gap.ts) on hand-made epoch records: the
// default's measured 84 % mixed vs 29 % alone warns, a path that works alone does not, and an
// epoch without an exported-alone measurement (select best-val or last) says nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exportGap, exportGapWarnings } from '../src/train/export-gap.js';
import type { EpochRecord } from '../src/train/history.js';

const val = (top1: number) => ({ images: 1000, ce: 0.5, top1, top5: 0.99 });
const rec = (mixed: number, alone?: number): EpochRecord => ({ epoch: 4, val: val(mixed), ...(alone === undefined ? {} : { valExported: val(alone) }) }) as unknown as EpochRecord;

test('export gap: mixed val minus the exported architecture alone; warns above 20 points', () => {
  assert.ok(Math.abs(exportGap(rec(0.841, 0.291))! - 0.55) < 1e-9);
  const w = exportGapWarnings(rec(0.841, 0.291));
  assert.equal(w.length, 1);
  assert.match(w[0]!, /alone validates at 29\.1 % against the supernet's 84\.1 % at the selected epoch 5 \(gap 55\.0 % > 20\.0 %\)/);
  assert.deepEqual(exportGapWarnings(rec(0.84, 0.8)), []);
  assert.deepEqual(exportGapWarnings(rec(0.5, 0.9)), [], 'alone better than the mixture: no warning');
  assert.equal(exportGap(rec(0.84)), null);
  assert.deepEqual(exportGapWarnings(rec(0.84)), []);
  assert.deepEqual(exportGapWarnings(undefined), []);
  assert.equal(exportGapWarnings(rec(0.84, 0.7), 0.1).length, 1, 'the limit is a parameter');
});
