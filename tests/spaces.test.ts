// Search spaces: the shipped spaces normalise (fbnet-cifar faithfully, with its 1x1 warning;
// the default without warnings), and broken spaces are refused with a named error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readDocument } from '../src/artifacts/io.js';
import { catalogNames } from '../src/ops/catalog.js';
import { SpaceError } from '../src/spaces/errors.js';
import { normalizeSpace } from '../src/spaces/normalize.js';
import type { SearchSpace } from '../src/types/generated.js';
import { REPO } from './helpers/sandbox.js';

const known = new Set(catalogNames());
const isKnown = (n: string): boolean => known.has(n);
const load = (name: string): SearchSpace => readDocument<SearchSpace>(join(REPO, 'spaces', `${name}.json`), 'space');

test('every shipped space validates and normalises with known candidates', () => {
  for (const f of readdirSync(join(REPO, 'spaces'))) {
    const s = normalizeSpace(load(f.replace(/\.json$/, '')), f, isKnown);
    assert.ok(s.layers.length > 0);
    assert.match(s.hash, /^[0-9a-f]{64}$/);
  }
});

test('fbnet-cifar is the 22-layer FBNet plan and warns that its last five layers run at 1x1', () => {
  const s = normalizeSpace(load('fbnet-cifar'), 'fbnet-cifar.json', isKnown);
  assert.equal(s.layers.length, 22);
  assert.deepEqual(s.layers.map((l) => l.cOut), [16, 24, 24, 24, 24, 32, 32, 32, 32, 64, 64, 64, 64, 112, 112, 112, 112, 184, 184, 184, 184, 352]);
  assert.deepEqual(s.layers.map((l) => l.stride), [1, 2, 1, 1, 1, 2, 1, 1, 1, 2, 1, 1, 1, 1, 1, 1, 1, 2, 1, 1, 1, 1]);
  assert.deepEqual(s.stem.outHW, [16, 16]);
  assert.deepEqual(s.layers.filter((l) => l.outHW[0] === 1).map((l) => l.index), [17, 18, 19, 20, 21]);
  assert.equal(s.candidates.length, 9);
  assert.equal(s.warnings.length, 1);
  assert.match(s.warnings[0]!, /below 2x2 before the head: layers 17, 18, 19, 20, 21 output 1x1/);
});

test('the default space stays at or above 2x2 and warns about nothing', () => {
  const s = normalizeSpace(load('fmnist-small'), 'fmnist-small.json', isKnown);
  assert.deepEqual(s.warnings, []);
  assert.ok(s.layers.every((l) => l.outHW[0] >= 2));
  assert.equal(s.layers[0]!.cIn, 16);
});

const base = (): SearchSpace => ({ ...load('fmnist-small'), stages: undefined, layers: [{ cOut: 16, stride: 1 }, { cIn: 16, cOut: 24, stride: 2 }] });

test('layers whose channels do not chain are refused with the layer, the values and the path', () => {
  const doc = base();
  doc.layers![1]!.cIn = 32;
  assert.throws(() => normalizeSpace(doc, 'spaces/x.json', isKnown), (e: unknown) => e instanceof SpaceError && /layer 1 expects cIn 32, found 16 from layer 0 in spaces\/x\.json#\/layers\/1\/cIn/.test(e.message));
});

test('an unknown candidate, and layers plus stages together, are refused', () => {
  const doc = base();
  doc.candidates = ['ir_k3_e6', 'ir_k9_e6'];
  assert.throws(() => normalizeSpace(doc, 'x.json', isKnown), /unknown block "ir_k9_e6" in x\.json#\/candidates\/1/);
  const both: SearchSpace = { ...base(), stages: [{ cOut: 8, stride: 1, repeats: 1 }] };
  assert.throws(() => normalizeSpace(both, 'x.json', isKnown), /give `layers` or `stages`, not both/);
});

test('the space hash changes with the candidates and with the shapes', () => {
  const a = normalizeSpace(base(), 'x', isKnown).hash;
  assert.notEqual(normalizeSpace({ ...base(), candidates: ['skip'] }, 'x', isKnown).hash, a);
  assert.notEqual(normalizeSpace({ ...base(), input: [32, 32, 1] }, 'x', isKnown).hash, a);
});
