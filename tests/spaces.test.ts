// Search spaces (space/v2): the shipped spaces normalise (fbnet-cifar faithfully, with its 1x1
// warning), choices get the fixed labels, samples are checked label by label, freeze gives
// architecture documents (chain with width / expansion / resolution choices, DARTS-like cells),
// bad spaces fail with file, JSON path, expected and found, a v1 file says how to convert it,
// and build-lut's restriction only ever narrows the space. Pure: no TF.js is loaded here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { normalizeArch } from '../src/arch/normalize.js';
import { ValidationError } from '../src/core/errors.js';
import { Rng } from '../src/core/rng.js';
import { choicesOf, randomSample, sampleKey, validateSample } from '../src/spaces/choices.js';
import { SampleError, SpaceError, SpaceVersionError } from '../src/spaces/errors.js';
import { freeze } from '../src/spaces/freeze.js';
import { lutGrid, sampleFromOps, sampleOps } from '../src/spaces/grid.js';
import { loadSpace, parseSpace, readSpace, restrictSpace } from '../src/spaces/load.js';
import { normalizeSpace } from '../src/spaces/normalize.js';
import type { SearchSpace } from '../src/types/generated.js';
import { REPO } from './helpers/sandbox.js';
import { CELLS, WIDTHS } from './helpers/spaces.js';

const file = (name: string): string => join(REPO, 'spaces', `${name}.json`);
const spaceDoc = (name: string): SearchSpace => readSpace(file(name));
const chainOf = (doc: SearchSpace) => (doc.body.kind === 'chain' ? doc.body : assert.fail('chain expected'));

test('every shipped space validates, normalises and freezes; fixed-shape chains and cells spaces have a grid', () => {
  const withGrid: string[] = [];
  for (const f of readdirSync(join(REPO, 'spaces'))) {
    const s = loadSpace(join(REPO, 'spaces', f));
    assert.match(s.hash, /^[0-9a-f]{64}$/);
    normalizeArch(freeze(s, randomSample(s, Rng.seeded(1)), 'x'), f);
    const shaped = s.body.kind === 'cells' || (s.resolution.label === null && s.body.layers.every((l) => l.width.label === null && !l.expansion));
    if (shaped) withGrid.push(`${s.name}:${lutGrid(s).layers.length}`);
    else assert.throws(() => lutGrid(s), SpaceError);
  }
  // cells: one row per (cell, edge): cells x (2 + 3 + ... + (nodes + 1)) edges
  assert.deepEqual(withGrid.sort(), ['cifar10-small:13', 'darts-cifar10:112', 'darts-fmnist-small:15', 'darts-fmnist:70', 'fbnet-cifar:22', 'fmnist-joint:6', 'fmnist-small:6']);
});

test('fbnet-cifar is the 22-layer FBNet plan and warns that its last five layers run at 1x1', () => {
  const s = loadSpace(file('fbnet-cifar'));
  const g = lutGrid(s);
  assert.equal(g.layers.length, 22);
  assert.deepEqual(g.layers.map((l) => l.cOut), [16, 24, 24, 24, 24, 32, 32, 32, 32, 64, 64, 64, 64, 112, 112, 112, 112, 184, 184, 184, 184, 352]);
  assert.deepEqual(g.layers.map((l) => l.stride), [1, 2, 1, 1, 1, 2, 1, 1, 1, 2, 1, 1, 1, 1, 1, 1, 1, 2, 1, 1, 1, 1]);
  assert.deepEqual(g.stem.outHW, [16, 16]);
  assert.deepEqual(g.layers.filter((l) => l.outHW[0] === 1).map((l) => l.index), [17, 18, 19, 20, 21]);
  assert.ok(g.layers.every((l) => l.candidates.length === 9));
  assert.equal(s.warnings.length, 1);
  assert.match(s.warnings[0]!, /below 2x2 before the head: layers 17, 18, 19, 20, 21 output 1x1/);
});

test('the default space: six op choices labelled layers.<i>.op, no warnings, fixed shapes', () => {
  const s = loadSpace(file('fmnist-small'));
  assert.deepEqual(s.warnings, []);
  const choices = choicesOf(s);
  assert.deepEqual(choices.map((c) => [c.label, c.kind, c.values.length]), [0, 1, 2, 3, 4, 5].map((i) => [`layers.${i}.op`, 'op', 7]));
  const g = lutGrid(s);
  assert.ok(g.layers.every((l) => l.outHW[0] >= 2));
  assert.equal(g.layers[0]!.cIn, 16);
});

test('chain with width, expansion, resolution and recipe choices: labels, samples, freeze', () => {
  const s = normalizeSpace(WIDTHS, 'widths.json');
  assert.deepEqual(choicesOf(s).map((c) => `${c.label}:${c.kind}`), [
    'input.resolution:int', 'layers.0.op:op', 'stages.0.width:int', 'layers.1.op:op', 'layers.2.expansion:int', 'recipe.lr:real', 'recipe.optimizer:categorical',
  ]);
  const sample = { 'input.resolution': 12, 'layers.0.op': 'ir_k3_e6', 'stages.0.width': 12, 'layers.1.op': 'skip', 'layers.2.expansion': 4, 'recipe.lr': 0.1, 'recipe.optimizer': 'adam' };
  validateSample(s, sample);
  const doc = freeze(s, sample, 'w', { search: { method: 'spos', predicted: { flops: 1, params: 1 } } });
  assert.deepEqual(doc.input, [12, 12, 3]);
  assert.deepEqual(doc.recipe, { lr: 0.1, optimizer: 'adam' });
  assert.deepEqual(doc.search, { method: 'spos', predicted: { flops: 1, params: 1 }, space: 'widths', sample });
  const rows = doc.body.kind === 'chain' ? doc.body.rows : assert.fail('chain');
  assert.deepEqual(rows.map((r) => [r.name, r.cIn, r.cOut, r.stride]), [['ir_k3_e6', 8, 12, 1], ['skip', 12, 12, 1], ['ir_k5_e4', 12, 16, 2]]);
  assert.deepEqual(rows[2]!.op, { kind: 'ir', kernel: 5, expansion: 4 });
  const a = normalizeArch(doc, 'w.json');
  assert.ok(a.kind === 'chain');
  assert.deepEqual(a.blocks.map((b) => [b.inH, b.outH]), [[6, 6], [6, 6], [6, 3]]);
  // A layer-wise op sample cannot be priced by a fixed-shape table: the grid says why.
  assert.throws(() => lutGrid(s), (e: unknown) => e instanceof SpaceError && /#\/resolutions: expected one input size/.test(e.message));
});

test('a sample with a missing, unknown or out-of-range label is refused label by label', () => {
  const s = normalizeSpace(WIDTHS, 'widths.json');
  const good = randomSample(s, Rng.seeded(3));
  validateSample(s, good);
  const lr = good['recipe.lr'] as number;
  assert.ok(lr >= 0.01 && lr <= 0.5);
  const { 'layers.0.op': _drop, ...missing } = good;
  assert.throws(
    () => validateSample(s, { ...missing, 'stages.0.width': 10, 'recipe.lr': 2, 'layers.9.op': 'skip' }),
    (e: unknown) => {
      assert.ok(e instanceof SampleError);
      assert.deepEqual(e.problems.map((p) => [p.label, p.expected, p.found]), [
        ['layers.0.op', 'one of ["ir_k3_e1","ir_k3_e6","skip"]', 'nothing'],
        ['stages.0.width', 'one of [8,12]', '10'],
        ['recipe.lr', 'a number in [0.01, 0.5]', '2'],
        ['layers.9.op', 'no such choice in the space', '"skip"'],
      ]);
      return true;
    },
  );
  assert.equal(sampleKey({ b: 1, a: 'x' }), sampleKey({ a: 'x', b: 1 }));
});

test('random samples of an op-only space draw one rng.int per layer, in layer order', () => {
  const s = loadSpace(file('fmnist-small'));
  const rng = Rng.seeded(11);
  const ops = chainOf(s.doc).stages ? s.doc.ops! : [];
  const expected = Array.from({ length: 6 }, () => ops[rng.int(0, ops.length - 1)]);
  assert.deepEqual(sampleOps(s, randomSample(s, Rng.seeded(11))), expected);
  assert.deepEqual(sampleOps(s, sampleFromOps(s, expected as string[])), expected);
});

test('a DARTS-like cells space: edge op and input choices, frozen to a genotype that normalises', () => {
  const s = normalizeSpace(CELLS, 'cells.json');
  const labels = choicesOf(s).map((c) => c.label);
  assert.equal(labels.length, 2 * 2 * 2 * 2);
  assert.deepEqual(labels.slice(0, 8), ['normal.n0.op0', 'normal.n0.in0', 'normal.n0.op1', 'normal.n0.in1', 'normal.n1.op0', 'normal.n1.in0', 'normal.n1.op1', 'normal.n1.in1']);
  assert.deepEqual(choicesOf(s).find((c) => c.label === 'reduce.n1.in1')!.values, [0, 1, 2]);
  const sample = randomSample(s, Rng.seeded(5));
  const doc = freeze(s, sample, 'cell');
  const body = doc.body.kind === 'cells' ? doc.body : assert.fail('cells');
  assert.deepEqual(body.layout, { cells: 3, reductions: [1], channels: 4 });
  assert.deepEqual(body.normal.concat, [2, 3]);
  assert.equal(body.normal.nodes[1]![0]!.input, sample['normal.n1.in0']);
  const a = normalizeArch(doc, 'cell.json');
  assert.ok(a.kind === 'cells');
  assert.deepEqual(a.cells.map((c) => [c.reduction, c.c, c.pre0.kind, c.outH, c.cOut]), [[false, 4, 'relu_conv_bn', 12, 8], [true, 8, 'relu_conv_bn', 6, 16], [false, 8, 'factorized_reduce', 6, 16]]);
  assert.deepEqual(lutGrid(s).layers.map((l) => l.stride), [1, 1, 1, 1, 1, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1], 'a cells grid: stride 2 only on the reduction cell\'s inputs');
});

test('bad spaces fail with file, JSON path, expected and found', () => {
  const bad = (mutate: (d: SearchSpace) => void): SearchSpace => {
    const d = structuredClone(spaceDoc('fmnist-small'));
    mutate(d);
    return d;
  };
  const cases: [SearchSpace, RegExp][] = [
    [bad((d) => (d.ops = ['ir_k3_e6', 'ir_k9_e6'])), /space: x\.json#\/ops\/1: expected a block registry name .*, found "ir_k9_e6"/],
    [bad((d) => (chainOf(d).layers = [{ cOut: 16, stride: 1 }])), /x\.json#\/body: expected `layers` or `stages`, found both/],
    [bad((d) => { chainOf(d).stages = undefined; chainOf(d).layers = [{ cOut: 16, stride: 1 }, { cIn: 32, cOut: 24, stride: 2 }]; }), /x\.json#\/body\/layers\/1\/cIn: expected cIn 16 \(from layer 0\), found 32/],
    [bad((d) => (chainOf(d).stages![1]!.ops = ['ir_k3_e1', 'max_pool_3x3'])), /x\.json#\/body\/stages\/1\/ops\/1: expected an op that fits layer 1 \(cIn 16, cOut 24, stride 2\), found max_pool_3x3: max_pool_3x3 keeps the channels/],
    [bad((d) => (d.resolutions = [20, 32])), /x\.json#\/resolutions\/1: expected a size at most the input's 28x28, found 32/],
    [bad((d) => { d.ops = undefined; }), /x\.json#\/body\/stages\/0\/ops: expected an op list here or a space-level `ops`, found neither/],
    [{ ...CELLS, body: { ...CELLS.body, reductions: [1, 3] } } as SearchSpace, /x\.json#\/body\/reductions\/1: expected a cell position below cells = 3, found 3/],
  ];
  for (const [doc, re] of cases) assert.throws(() => normalizeSpace(doc, 'x.json'), (e: unknown) => e instanceof SpaceError && re.test(e.message), String(re));
  // Schema-level problems: ajv's path, expected, found.
  assert.throws(
    () => parseSpace({ ...spaceDoc('fmnist-small'), body: { kind: 'chain', stem: { cOut: 16, stride: 3 }, stages: [{ cOut: 16, stride: 1, repeats: 1 }], head: {} } }, 'y.json'),
    (e: unknown) => e instanceof ValidationError && /y\.json#\/body\/stem\/stride: expected one of \[1,2\], found 3/.test(e.message),
  );
});

test('a space/v1 file is refused with the command that converts it, and the converter works', async () => {
  const v1 = { schema: 'space/v1', name: 'old', input: [8, 8, 1], classes: 3, stem: { cOut: 8, stride: 2 }, layers: [{ cOut: 8, stride: 1 }], candidates: ['skip'], head: {} };
  assert.throws(() => parseSpace(v1, 'spaces/old.json'), (e: unknown) => e instanceof SpaceVersionError && /spaces\/old\.json#\/schema: expected "space\/v2", found "space\/v1"\. Convert it with `npx tsx scripts\/convert-v1\.ts spaces\/old\.json`/.test(e.message));
  const { spaceV1ToV2 } = await import('../src/spaces/convert-v1.js');
  const v2 = parseSpace(spaceV1ToV2(v1, ['skip', 'ir_k3_e1']), 'converted');
  assert.deepEqual(v2.ops, ['skip', 'ir_k3_e1']);
  assert.deepEqual(chainOf(v2).layers, [{ cOut: 8, stride: 1 }]);
});

test("build-lut's restriction narrows every op list and never adds an op", () => {
  const doc = spaceDoc('fmnist-small');
  const r = restrictSpace(doc, { ops: ['ir_k3_e1', 'skip'] }, 'spaces/fmnist-small.json', 'configs/build-lut.yaml');
  assert.deepEqual(r.ops, ['ir_k3_e1', 'skip']);
  assert.deepEqual(doc.ops!.length, 7, 'the document itself is not modified');
  assert.throws(() => restrictSpace(doc, { ops: ['ir_k3_e1', 'ir_k3_e6_se'] }, 'spaces/fmnist-small.json', 'configs/build-lut.yaml'), /configs\/build-lut\.yaml#\/restrict\/ops\/1: expected an op of space spaces\/fmnist-small\.json \(a restriction never adds candidates\), found "ir_k3_e6_se"/);
  const per = structuredClone(WIDTHS);
  assert.throws(() => restrictSpace(per, { ops: ['ir_k3_e1'] }, 'w.json', 'c.yaml'), /c\.yaml#\/restrict\/ops: expected at least one op of w\.json#\/body\/stages\/1\/ops \(ir_k5_e3\) kept, found none/);
  assert.notEqual(normalizeSpace(r, 'x').hash, normalizeSpace(doc, 'x').hash);
  assert.ok(JSON.parse(readFileSync(file('fmnist-small'), 'utf8')).ops.length === 7);
});
