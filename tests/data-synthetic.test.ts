// Synthetic source (deterministic, balanced, learnable) and the source registry (duplicate and
// unknown names, dispatch on kind, the config seed as fallback).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, RegistryError } from '../src/core/errors.js';
import { sha256 } from '../src/core/hash.js';
import { countPerClass, sourceSha256 } from '../src/data/dataset.js';
import { SourceRegistry } from '../src/data/registry.js';
import { sources } from '../src/data/sources/index.js';
import { loadSynthetic, type SyntheticOptions, syntheticSource } from '../src/data/sources/synthetic.js';

const OPTS: SyntheticOptions = { count: 600, height: 8, width: 8, channels: 1, classes: 10, seed: 7 };

test('same options give the same bytes; another seed gives other bytes', () => {
  const a = loadSynthetic(OPTS);
  const b = loadSynthetic(OPTS);
  assert.equal(sha256(a.images), sha256(b.images));
  assert.equal(sha256(a.labels), sha256(b.labels));
  assert.equal(sourceSha256(a), sourceSha256(b));
  assert.notEqual(sourceSha256(loadSynthetic({ ...OPTS, seed: 8 })), sourceSha256(a));
});

test('shape and balanced labels as configured', () => {
  const ds = loadSynthetic({ ...OPTS, height: 5, width: 7, channels: 3, count: 103, classes: 4 });
  assert.deepEqual([ds.count, ds.height, ds.width, ds.channels, ds.images.length], [103, 5, 7, 3, 103 * 5 * 7 * 3]);
  assert.deepEqual(countPerClass(ds.labels, 4), [26, 26, 26, 25]);
  assert.equal(ds.source.kind, 'synthetic');
  assert.deepEqual(ds.source.files, []);
});

/** Accuracy of a nearest-class-mean classifier fitted on the first half, scored on the second. */
function nearestMeanAccuracy(opts: SyntheticOptions): number {
  const ds = loadSynthetic(opts);
  const px = ds.height * ds.width * ds.channels;
  const half = Math.floor(ds.count / 2);
  const sums = Array.from({ length: opts.classes }, () => new Float64Array(px));
  const counts = new Array<number>(opts.classes).fill(0);
  for (let i = 0; i < half; i++) {
    const l = ds.labels[i]!;
    counts[l]!++;
    for (let p = 0; p < px; p++) sums[l]![p]! += ds.images[i * px + p]!;
  }
  let right = 0;
  for (let i = half; i < ds.count; i++) {
    let best = -1;
    let bestD = Infinity;
    sums.forEach((s, c) => {
      let d = 0;
      for (let p = 0; p < px; p++) d += (ds.images[i * px + p]! - s[p]! / counts[c]!) ** 2;
      if (d < bestD) [best, bestD] = [c, d];
    });
    if (best === ds.labels[i]) right++;
  }
  return right / (ds.count - half);
}

test('classes are separable: a nearest-class-mean classifier scores near 100% on held-out images', () => {
  assert.ok(nearestMeanAccuracy(OPTS) >= 0.97);
  assert.ok(nearestMeanAccuracy({ ...OPTS, height: 16, width: 16, channels: 3, seed: 1 }) >= 0.97);
  // The noise is real: images of one class are not copies of each other.
  const ds = loadSynthetic(OPTS);
  const firstOfClass0 = [...ds.labels.keys()].filter((i) => ds.labels[i] === 0).slice(0, 2);
  const [i, j] = firstOfClass0 as [number, number];
  assert.notEqual(sha256(ds.images.subarray(i * 64, i * 64 + 64)), sha256(ds.images.subarray(j * 64, j * 64 + 64)));
});

test('bad shapes are ConfigErrors at the option path', () => {
  assert.throws(() => loadSynthetic({ ...OPTS, channels: 5 }, { configFile: 'p.yaml' }), (e: unknown) => e instanceof ConfigError && /p\.yaml#\/source\/channels: 5 is not an integer in 1\.\.4/.test(e.message));
  assert.throws(() => loadSynthetic({ ...OPTS, classes: 300 }), ConfigError);
});

test('registry: dispatch on kind, config seed as fallback, duplicate and unknown names rejected', () => {
  assert.deepEqual(sources.names(), ['cifar10', 'fashion-mnist', 'idx', 'synthetic']);
  const { seed: _unused, ...noSeed } = OPTS;
  const viaRegistry = sources.load({ kind: 'synthetic', ...noSeed }, { seed: 7 });
  assert.equal(sourceSha256(viaRegistry), sourceSha256(loadSynthetic(OPTS)));
  assert.throws(() => new SourceRegistry([syntheticSource, syntheticSource]), (e: unknown) => e instanceof RegistryError && /synthetic: is already registered/.test(e.message));
  assert.throws(() => sources.get('imagenet'), (e: unknown) => e instanceof RegistryError && /imagenet: unknown source; known: cifar10, fashion-mnist, idx, synthetic/.test(e.message));
});
