// normalizeArch: defaults, shape propagation (cIn, H, W per block), costs, warnings below 2x2,
// schema errors (ValidationError) and fit errors (ArchError: block index + mismatched values,
// every problem in one error). Pure: no TF.js is loaded by this file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ValidationError } from '../src/core/errors.js';
import { ArchError } from '../src/arch/errors.js';
import { type NormalizedChainArch, normalizeArch } from '../src/arch/normalize.js';
import type { ArchChain, ArchDoc } from '../src/types/generated.js';

const doc = (): ArchDoc & { body: ArchChain } => ({
  schema: 'arch/v2',
  name: 'tiny',
  input: [28, 28, 1],
  classes: 10,
  body: {
    kind: 'chain',
    stem: { cOut: 16, stride: 2 },
    rows: [
      { op: { kind: 'ir', kernel: 3, expansion: 1 }, cOut: 16, stride: 1 },
      { op: { kind: 'ir', kernel: 5, expansion: 6, groups: 2, se: true }, name: 'ir_k5_e6_g2_se', cOut: 24, stride: 2 },
      { op: { kind: 'skip' }, cIn: 24, cOut: 32, stride: 2 },
    ],
    head: { cOut: 64 },
  },
});

const chain = (d: unknown, file: string): NormalizedChainArch => {
  const n = normalizeArch(d, file);
  assert.equal(n.kind, 'chain');
  return n as NormalizedChainArch;
};

test('defaults are filled and shapes propagate', () => {
  const input = doc();
  const before = JSON.stringify(input);
  const n = chain(input, 'tiny.json');
  assert.equal(JSON.stringify(input), before, 'the document is not modified');
  assert.deepEqual(n.stem, { ...n.stem, cIn: 1, cOut: 16, kernel: 3, stride: 2, outH: 14, outW: 14 });
  assert.deepEqual(
    n.blocks.map((b) => [b.name, b.cIn, b.cOut, b.inH, b.outH, b.residual]),
    [
      ['ir_k3_e1', 16, 16, 14, 14, true],
      ['ir_k5_e6_g2_se', 16, 24, 14, 7, false],
      ['skip', 24, 32, 7, 4, false],
    ],
  );
  assert.deepEqual(n.blocks[0]!.op, { kind: 'ir', kernel: 3, expansion: 1, groups: 1, se: false, expandConv: false });
  assert.deepEqual({ ...n.head, cost: null }, { cIn: 32, cOut: 64, norm: 'bn', relu: true, dropout: 0, inH: 4, inW: 4, cost: null });
  const parts = [n.stem.cost, ...n.blocks.map((b) => b.cost), n.head.cost];
  assert.equal(n.flops, parts.reduce((s, c) => s + c.flops, 0));
  assert.equal(n.params, parts.reduce((s, c) => s + c.params, 0));
  // Stem by hand: 3x3 conv 1->16 on a 14x14 output = 2*9*16*196 FLOPs; 144 weights + BN gamma/beta.
  assert.equal(n.stem.cost.flops, 2 * 9 * 16 * 196);
  assert.equal(n.stem.cost.params, 144 + 32);
  assert.deepEqual(n.warnings, []);
});

test('a feature map below 2x2 is a warning, not an error', () => {
  const d = doc();
  d.input = [8, 8, 1];
  const n = chain(d, 'small.json');
  assert.equal(n.warnings.length, 1);
  assert.match(n.warnings[0]!, /small\.json: block 2 \(skip, stride 2\) output 1x1 is below 2x2/);
});

test('fit errors name the block, the path and the mismatched values, all at once', () => {
  const d = doc();
  d.body.rows[1]!.name = 'ir_k5_e6_se';
  d.body.rows[2]!.cIn = 16;
  d.body.rows.push({ op: { kind: 'ir', kernel: 3, expansion: 3, groups: 4 }, cOut: 30, stride: 1 });
  d.body.rows.push({ op: { kind: 'ir', kernel: 3, expansion: 6, expandConv: false }, cOut: 32, stride: 1 });
  assert.throws(
    () => normalizeArch(d, 'bad.json'),
    (e: unknown) => {
      assert.ok(e instanceof ArchError);
      assert.deepEqual(e.problems.map((p) => [p.block, p.path]), [[1, '/body/rows/1'], [2, '/body/rows/2'], [3, '/body/rows/3'], [4, '/body/rows/4']]);
      assert.match(e.message, /arch: block 1 expects name ir_k5_e6_g2_se \(derived from op\), found ir_k5_e6_se in bad\.json#\/body\/rows\/1/);
      assert.match(e.message, /arch: block 2 expects cIn 24, found 16 in bad\.json#\/body\/rows\/2/);
      assert.match(e.message, /arch: block 3 groups 4 expects cOut divisible by 4, found cOut 30 in bad\.json#\/body\/rows\/3/);
      assert.match(e.message, /arch: block 4 op expansion 6 needs the expand conv, found expandConv false/);
      return true;
    },
  );
});

test('schema violations are ValidationErrors with paths', () => {
  const d = doc() as unknown as { body: { rows: { op: Record<string, unknown>; stride: number }[] } };
  d.body.rows[0]!.op.kernel = 4;
  d.body.rows[1]!.stride = 3;
  d.body.rows[2]!.op = { kind: 'conv' };
  assert.throws(
    () => normalizeArch(d, 'schema.json'),
    (e: unknown) => e instanceof ValidationError && /#\/body\/rows\/0\/op\/kernel/.test(e.message) && /#\/body\/rows\/1\/stride/.test(e.message) && /#\/body\/rows\/2\/op/.test(e.message),
  );
});

test('rows repeat, expansion may be real (mid = round(cIn x e)), and an arch/v1 document says how to convert it', () => {
  const d = doc();
  d.body.rows = [
    { op: { kind: 'ir', kernel: 3, expansion: 5.4566 }, cOut: 24, stride: 2, repeat: 3 },
    { op: { kind: 'sep_conv', kernel: 3 }, cOut: 32, stride: 1 },
  ];
  const n = chain(d, 'rows.json');
  assert.deepEqual(n.blocks.map((b) => [b.name, b.cIn, b.cOut, b.stride]), [['ir_k3_e5.4566', 16, 24, 2], ['ir_k3_e5.4566', 24, 24, 1], ['ir_k3_e5.4566', 24, 24, 1], ['sep_conv_3x3', 24, 32, 1]]);
  // pw of block 0: 16 -> round(16 * 5.4566) = 87 mid channels.
  assert.equal(n.blocks[0]!.cost.parts.find((p) => p.part === 'pw')!.params, 16 * 87);
  assert.throws(() => normalizeArch({ schema: 'arch/v1', name: 'old' }, 'old.json'), /old\.json#\/schema: expected "arch\/v2", found "arch\/v1"\. Convert it with `npx tsx scripts\/convert-v1\.ts old\.json`/);
});
