// The embedded Fashion-MNIST source: 70,000 28x28x1 images, 7,000 per class (the package's two
// empty rows in class 0 are dropped, not counted), pixel-exact against JSON.parse of a package
// file, and the strict row parser on malformed input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { DataError } from '../src/core/errors.js';
import { countPerClass } from '../src/data/dataset.js';
import { officialSplit } from '../src/data/official.js';
import { FASHION_MNIST_CLASSES, loadFashionMnist, parseImageRows } from '../src/data/sources/fashion-mnist.js';

test('fashion-mnist: 70,000 images of 28x28x1, 7,000 per class, identical to the package JSON', () => {
  const t0 = performance.now();
  const ds = loadFashionMnist();
  const ms = performance.now() - t0;
  assert.deepEqual([ds.count, ds.height, ds.width, ds.channels], [70000, 28, 28, 1]);
  assert.deepEqual(countPerClass(ds.labels, 10), new Array(10).fill(7000));
  assert.deepEqual(ds.classNames, FASHION_MNIST_CLASSES);
  assert.equal(ds.source.files.length, 10);
  assert.ok(ds.notes.some((n) => /0\.json: dropped 2 empty rows .* 1000, 7001/.test(n)));
  // The stage budget is 60 s; loading takes ~2 s here. 20 s leaves room for slow CI machines.
  assert.ok(ms < 20000, `load took ${ms.toFixed(0)} ms`);

  // Class 9 (the last 7000 images) against the package file read by JSON.parse.
  const pkg = dirname(createRequire(import.meta.url).resolve('fashion-mnist/package.json'));
  const rows = (JSON.parse(readFileSync(join(pkg, 'src/clothes/9.json'), 'utf8')) as { data: number[][] }).data;
  assert.equal(rows.length, 7000);
  const base = 63000 * 784;
  rows.forEach((row, k) => {
    for (let p = 0; p < 784; p++) if (ds.images[base + k * 784 + p] !== row[p]) assert.fail(`image ${k} pixel ${p}: ${ds.images[base + k * 784 + p]} vs ${row[p]}`);
  });
  assert.ok(ds.labels.subarray(63000).every((l) => l === 9));

  // The official test set: the first 1000 images of each class (see the source's header).
  const test = ds.officialTest!;
  assert.equal(test.length, 10000);
  assert.deepEqual(countPerClass(Uint8Array.from(test, (i) => ds.labels[i]!), 10), new Array(10).fill(1000));
  assert.deepEqual([test[0], test[999], test[1000], test[9999]], [0, 999, 7000, 63999]);
  const split = officialSplit(ds, { train_w: { count: 44000 }, train_theta: { count: 11000 }, val: { count: 4990 }, test: {} }, 1, { file: 'c.yaml', path: '/splits', modePath: '/testSplit' });
  assert.equal(split.droppedDuplicates, 10, 'training images with the bytes of a test image');
  assert.equal(split.pool, 59990);
});

test('the row parser accepts whitespace and empty rows and rejects anything else with a byte offset', () => {
  const enc = (s: string) => new TextEncoder().encode(s);
  const ok = parseImageRows(enc(' { "data" : [ [1, 2 ,3,255] ,[],\n[0,0,0,9] ] }\n'), 'f.json', 4);
  assert.equal(ok.count, 2);
  assert.deepEqual([...ok.images], [1, 2, 3, 255, 0, 0, 0, 9]);
  assert.deepEqual(ok.emptyRows, [1]);
  assert.equal(parseImageRows(enc('{"data":[]}'), 'f.json', 4).count, 0);
  const bad: [string, RegExp][] = [
    ['{"data":[[1,2,3,256]]}', /f\.json: byte 16: value of row 0 is not an integer 0\.\.255/],
    ['{"data":[[1,2,3]]}', /f\.json: row 0 has 3 values, expected 4/],
    ['{"data":[[1,2,3,4,5]]}', /f\.json: row 0 has more than 4 values/],
    ['{"data":[[1,2,-3,4]]}', /f\.json: byte 14: expected a pixel value \(digits\), found "-"/],
    ['{"data":[[1,2,3.5,4]]}', /f\.json: byte 15: expected "," or "\]", found "\."/],
    ['{"pixels":[]}', /f\.json: byte 2: expected "\\"data\\""/],
    ['{"data":[[1,2,3,4]]', /expected "}", found end of file/],
    ['{"data":[[1,2,3,4]]}x', /expected end of file, found "x"/],
  ];
  for (const [text, msg] of bad) {
    assert.throws(() => parseImageRows(enc(text), 'f.json', 4), (e: unknown) => e instanceof DataError && msg.test(e.message), text);
  }
});
