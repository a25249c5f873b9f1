// Stratified splits: determinism (hash of the split bytes), disjointness, exact sizes,
// stratification within ±1 of the class shares, rounding of fractions, limits and config errors;
// controlled rounding checked on random tables.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from '../src/core/errors.js';
import { sha256 } from '../src/core/hash.js';
import { Rng } from '../src/core/rng.js';
import { controlledRounding } from '../src/data/apportion.js';
import { loadSynthetic } from '../src/data/sources/synthetic.js';
import { gatherSplit } from '../src/data/serialize.js';
import { SPLIT_NAMES, type SplitIndices, splitSizes, stratifiedSplit } from '../src/data/split.js';
import { classCounts } from '../src/data/stats.js';
import type { SplitSpecs } from '../src/types/generated.js';

const ds = loadSynthetic({ count: 1000, height: 6, width: 5, channels: 2, classes: 7, seed: 3 });
const SPEC: SplitSpecs = { train_w: { fraction: 0.4 }, train_theta: { count: 211 }, val: { fraction: 0.15 }, test: { count: 200 } };

/** Labels with very unequal classes (class c has 1 + c² images, plus a class of 1). */
function skewedLabels(): Uint8Array {
  const out: number[] = [];
  for (let c = 0; c < 9; c++) for (let k = 0; k < 1 + c * c * 5; k++) out.push(c);
  out.push(9);
  return Uint8Array.from(Rng.seeded(5).shuffle(out));
}

const splitHash = (s: SplitIndices) => sha256(SPLIT_NAMES.map((n) => { const b = gatherSplit(ds, s[n]); return sha256(b.images) + sha256(b.labels); }).join(''));

test('same seed gives the same split bytes; another seed gives others', () => {
  const a = splitHash(stratifiedSplit(ds.labels, 7, SPEC, 11));
  assert.equal(splitHash(stratifiedSplit(ds.labels, 7, SPEC, 11)), a);
  assert.notEqual(splitHash(stratifiedSplit(ds.labels, 7, SPEC, 12)), a);
});

test('splits are disjoint, in range, and have exactly their sizes (fractions floored)', () => {
  const s = stratifiedSplit(ds.labels, 7, SPEC, 1);
  assert.deepEqual(SPLIT_NAMES.map((n) => s[n].length), [400, 211, 150, 200]);
  const seen = new Set<number>();
  for (const n of SPLIT_NAMES) for (const i of s[n]) {
    assert.ok(i < ds.count);
    assert.ok(!seen.has(i), `index ${i} is in two splits`);
    seen.add(i);
  }
  // 0.7·70000 is 48999.999… in binary; the rule's 1e-9 tolerance must still give 49000.
  assert.equal(splitSizes(70000, { train_w: { fraction: 0.7 }, train_theta: { fraction: 0.1 }, val: { fraction: 0.1 }, test: { fraction: 0.1 } }).train_w, 49000);
  assert.equal(splitSizes(7, { train_w: { fraction: 0.5 }, train_theta: { fraction: 0.5 }, val: { count: 0 }, test: { count: 0 } }).train_w, 3);
});

test('every split has each class within ±1 of its share, also for skewed classes and under limits', () => {
  const labels = skewedLabels();
  const shares = classCounts(labels, Uint32Array.from(labels.keys()), 10).map((n) => n / labels.length);
  const specs: SplitSpecs[] = [
    { train_w: { count: 515 }, train_theta: { count: 257 }, val: { count: 129 }, test: { count: 129 } },
    { train_w: { fraction: 0.5 }, train_theta: { fraction: 0.25 }, val: { fraction: 0.125 }, test: { fraction: 0.125 } },
    { train_w: { count: 333 }, train_theta: { count: 101 }, val: { count: 77, limit: 13 }, test: { count: 60 } },
    { train_w: { count: 3 }, train_theta: { count: 2 }, val: { count: 1 }, test: { count: 1 } },
  ];
  for (const spec of specs) {
    for (const seed of [1, 2, 3]) {
      const s = stratifiedSplit(labels, 10, spec, seed);
      for (const n of SPLIT_NAMES) {
        const counts = classCounts(labels, s[n], 10);
        counts.forEach((k, c) => assert.ok(Math.abs(k - s[n].length * shares[c]!) <= 1 + 1e-9, `${n} class ${c}: ${k} vs share ${s[n].length * shares[c]!}`));
      }
    }
  }
  // All images used: every class, the 1-image one included, is fully distributed.
  const all = stratifiedSplit(labels, 10, specs[0]!, 4);
  assert.equal(SPLIT_NAMES.reduce((t, n) => t + all[n].length, 0), labels.length);
});

test('a limited split is capped and still stratified; other splits keep their sizes', () => {
  const s = stratifiedSplit(ds.labels, 7, { ...SPEC, train_w: { fraction: 0.4, limit: 70 } }, 1);
  assert.equal(s.train_w.length, 70);
  // Classes hold 143 or 142 of the 1000 images, so each gets 10 ± 1 of the 70.
  const counts = classCounts(ds.labels, s.train_w, 7);
  assert.ok(counts.every((k) => k >= 9 && k <= 11), `${counts}`);
  assert.equal(s.test.length, 200);
});

test('split files are not ordered by class', () => {
  const s = stratifiedSplit(ds.labels, 7, SPEC, 1);
  const sorted = [...s.test].sort((a, b) => a - b);
  assert.notDeepEqual([...s.test], sorted);
});

test('impossible sizes are ConfigErrors naming the config path', () => {
  const at = { file: 'configs/prepare-data.yaml', path: '/splits' };
  const cases: [SplitSpecs, RegExp][] = [
    [{ ...SPEC, test: { count: 1001 } }, /configs\/prepare-data\.yaml#\/splits\/test: size 1001 exceeds the 1000 images/],
    [{ ...SPEC, test: { count: 300 } }, /#\/splits: train_w 400 \+ train_theta 211 \+ val 150 \+ test 300 = 1061 images, more than the 1000/],
    [{ ...SPEC, val: { fraction: 0.1, count: 5 } }, /#\/splits\/val: give exactly one of fraction or count/],
    [{ ...SPEC, val: {} }, /#\/splits\/val: give exactly one of fraction or count/],
    [{ ...SPEC, val: { fraction: 1.5 } }, /#\/splits\/val\/fraction: 1\.5 is not in \(0, 1\]/],
    // A limit does not rescue a config whose full sizes exceed the data.
    [{ ...SPEC, test: { count: 300, limit: 10 } }, /= 1061 images, more than the 1000/],
  ];
  for (const [spec, msg] of cases) {
    assert.throws(() => stratifiedSplit(ds.labels, 7, spec, 1, at), (e: unknown) => e instanceof ConfigError && msg.test(e.message));
  }
});

test('controlled rounding keeps totals exactly and every cell within floor..ceil of its quota', () => {
  const rng = Rng.seeded(99);
  for (let t = 0; t < 300; t++) {
    const cols = Array.from({ length: rng.int(1, 12) }, () => rng.int(0, 40));
    const n = cols.reduce((s, v) => s + v, 0);
    const rows: number[] = [];
    let left = n;
    for (let r = 0; r < 4; r++) { const v = rng.int(0, left); rows.push(v); left -= v; }
    rows.push(left);
    const x = controlledRounding(rows, cols);
    x.forEach((row, r) => assert.equal(row.reduce((s, v) => s + v, 0), rows[r]));
    cols.forEach((c, j) => assert.equal(x.reduce((s, row) => s + row[j]!, 0), c));
    x.forEach((row, r) => row.forEach((v, j) => {
      const q = n === 0 ? 0 : (rows[r]! * cols[j]!) / n;
      assert.ok(Number.isInteger(v) && v >= Math.floor(q) && v <= Math.ceil(q), `cell ${r},${j}: ${v} for quota ${q}`);
    }));
  }
});
