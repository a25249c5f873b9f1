// Sampling architectures from softmax θ: argmax is stable, soft draws are seeded, distinct and
// follow the distribution; a LUT's space is rebuilt exactly and a tampered one is refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../src/core/rng.js';
import { LutMismatchError } from '../src/latency/errors.js';
import { lutSpace } from '../src/latency/space.js';
import { argmaxDraw, distinctDraws, randomDraw, softmax } from '../src/spaces/sample.js';
import { archOf, lutGrid, tinyChain } from './helpers/spaces.js';
import { normalizeArch } from '../src/arch/normalize.js';
import type { LatencyTable } from '../src/types/generated.js';

test('softmax is a distribution and shift-invariant', () => {
  const p = softmax([1, 2, 3]);
  assert.ok(Math.abs(p.reduce((a, b) => a + b, 0) - 1) < 1e-12);
  assert.deepEqual(softmax([1001, 1002, 1003]).map((v) => v.toFixed(12)), p.map((v) => v.toFixed(12)));
});

test('argmax picks the most probable candidate per layer, ties to the first', () => {
  const d = argmaxDraw([[0.2, 0.5, 0.3], [0.4, 0.4, 0.2]]);
  assert.deepEqual(d.picks, [1, 0]);
  assert.deepEqual(d.probabilities, [0.5, 0.4]);
  assert.ok(Math.abs(d.logProbability - Math.log(0.2)) < 1e-12);
});

test('soft draws are seeded and follow softmax θ', () => {
  const probs = [[0.7, 0.2, 0.1]];
  const a = Array.from({ length: 5 }, (_, i) => randomDraw(probs, Rng.seeded(i)).picks[0]);
  const b = Array.from({ length: 5 }, (_, i) => randomDraw(probs, Rng.seeded(i)).picks[0]);
  assert.deepEqual(a, b);
  const rng = Rng.seeded(1);
  const counts = [0, 0, 0];
  for (let i = 0; i < 20000; i++) counts[randomDraw(probs, rng).picks[0]!]!++;
  assert.ok(Math.abs(counts[0]! / 20000 - 0.7) < 0.02 && Math.abs(counts[2]! / 20000 - 0.1) < 0.02, `${counts}`);
});

test('distinct draws never repeat an architecture and stop when the distribution is exhausted', () => {
  const probs = [[0.5, 0.5], [0.5, 0.5]];
  const d = distinctDraws(probs, 10, Rng.seeded(2), 500);
  assert.equal(d.length, 4, 'only 4 architectures exist');
  assert.equal(new Set(d.map((x) => x.picks.join())).size, 4);
});

test('a LUT space is rebuilt exactly; a tampered one is refused', () => {
  const space = tinyChain({ layers: [{ cOut: 8, stride: 1 }, { cOut: 16, stride: 2 }], ops: ['ir_k3_e1', 'skip'], head: { cOut: 16 } });
  const lut = { space: JSON.parse(JSON.stringify(space.doc)), grid: JSON.parse(JSON.stringify(lutGrid(space))), stamp: { spaceHash: space.hash }, warnings: [] } as unknown as LatencyTable;
  const again = lutSpace(lut, 'lut.json');
  assert.equal(again.hash, space.hash);
  const arch = normalizeArch(archOf(again, ['skip', 'ir_k3_e1'], 'a'), 'a');
  assert.ok(arch.kind === 'chain');
  assert.deepEqual(arch.blocks.map((b) => [b.name, b.cIn, b.cOut, b.stride]), [['skip', 8, 8, 1], ['ir_k3_e1', 8, 16, 2]]);
  const layers = (lut.space as { body: { layers: { cOut: number }[] } }).body.layers;
  layers[1]!.cOut = 24;
  assert.throws(() => lutSpace(lut, 'lut.json'), LutMismatchError);
  layers[1]!.cOut = 16;
  (lut.grid.layers[1] as { cOut: number }).cOut = 24;
  assert.throws(() => lutSpace(lut, 'lut.json'), (e: unknown) => e instanceof LutMismatchError && /stamp\.grid/.test(e.message));
});
