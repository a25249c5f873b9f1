// The block registry and the pure op layer: names derived from attributes (never parsed), every
// catalogue entry registered once, duplicates rejected, unknown names reported with the known
// ones, op attribute problems named, and block arguments that cannot carry an op rejected.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RegistryError } from '../src/core/errors.js';
import { catalogNames, catalogOps } from '../src/ops/catalog.js';
import { BlockError } from '../src/ops/errors.js';
import { canonicalOp, opName } from '../src/ops/op.js';
import { useBackend } from '../src/ops/testing.js';
import { BLOCKS, registerAll } from '../src/ops/register-all.js';
import { BlockRegistry } from '../src/ops/registry.js';

test('names are derived from structured attributes', () => {
  const name = (op: Parameters<typeof canonicalOp>[0]): string => opName(canonicalOp(op).op);
  assert.equal(name({ kind: 'ir', kernel: 5, expansion: 6, groups: 2, se: true }), 'ir_k5_e6_g2_se');
  assert.equal(name({ kind: 'ir', kernel: 3, expansion: 1 }), 'ir_k3_e1');
  assert.equal(name({ kind: 'ir', kernel: 3, expansion: 1, expandConv: true }), 'ir_k3_e1_pw');
  assert.equal(name({ kind: 'ir', kernel: 7, expansion: 1, groups: 4 }), 'ir_k7_e1_g4');
  assert.equal(name({ kind: 'skip' }), 'skip');
  // Defaults are filled, so the explicit and the implicit form are one op with one name.
  assert.deepEqual(canonicalOp({ kind: 'ir', kernel: 3, expansion: 3 }).op, canonicalOp({ kind: 'ir', kernel: 3, expansion: 3, groups: 1, se: false, expandConv: true }).op);
});

test('op attribute problems are named', () => {
  assert.match(canonicalOp({ kind: 'ir', kernel: 3, expansion: 6, expandConv: false }).problems.join(), /expansion 6 needs the expand conv/);
  assert.match(canonicalOp({ kind: 'ir', kernel: 3, expansion: 1, groups: 2, expandConv: false }).problems.join(), /groups 2 needs the grouped expand conv/);
  assert.deepEqual(canonicalOp({ kind: 'ir', kernel: 3, expansion: 1, groups: 2 }).problems, []);
});

test('the registry holds every catalogue op once, under its derived name', () => {
  const names = catalogNames();
  assert.equal(new Set(names).size, names.length, 'catalogue names are unique');
  assert.equal(names.length, 3 * 3 * 3 * 2 + 3 * 2 + 1 + 8, 'ir k x e x g x se, + e1_pw (x se), + skip, + the 8 DARTS ops');
  assert.deepEqual(BLOCKS.names(), names);
  for (const op of catalogOps()) assert.deepEqual(BLOCKS.forOp(op).op, op);
  for (const want of ['ir_k3_e1', 'ir_k5_e6', 'ir_k7_e3_se', 'ir_k3_e1_g2', 'ir_k5_e1_g4_se', 'ir_k3_e6_g4', 'skip']) assert.ok(BLOCKS.has(want), want);
  for (const want of ['none', 'max_pool_3x3', 'avg_pool_3x3', 'skip_connect', 'sep_conv_3x3', 'sep_conv_5x5', 'dil_conv_3x3', 'dil_conv_5x5']) assert.ok(BLOCKS.has(want), want);
});

test('registering a name twice is rejected', () => {
  assert.throws(() => registerAll(BLOCKS), (e: unknown) => e instanceof RegistryError && /block kind registry: ir: registered twice/.test(e.message));
  const fresh = new BlockRegistry();
  fresh.registerKind('skip', () => BLOCKS.get('skip').create(1, 1, 1));
  assert.throws(() => fresh.registerKind('skip', () => BLOCKS.get('skip').create(1, 1, 1)), RegistryError);
  const [first] = catalogOps();
  fresh.register(first!, () => {
    throw new Error('not built here');
  });
  assert.throws(() => fresh.register({ ...first! }, () => BLOCKS.get('skip').create(1, 1, 1)), RegistryError);
});

test('unknown names are reported with the known ones', () => {
  assert.throws(() => BLOCKS.get('ir_k9_e1'), (e: unknown) => e instanceof RegistryError && /unknown block \(known: ir_k3_e1, /.test(e.message));
});

test('block arguments that cannot carry the op are rejected with the values', () => {
  assert.throws(() => BLOCKS.get('ir_k3_e1_g4').create(6, 8, 1), (e: unknown) => e instanceof BlockError && /groups 4 expects cIn divisible by 4, found cIn 6/.test(e.message));
  assert.throws(() => BLOCKS.get('ir_k3_e3_g2').create(8, 9, 2), (e: unknown) => e instanceof BlockError && /expects cOut divisible by 2, found cOut 9/.test(e.message));
  assert.throws(() => BLOCKS.get('skip').create(8, 8, 3), (e: unknown) => e instanceof BlockError && /expects stride 1 or 2, found 3/.test(e.message));
});

test('build makes a block for any op of a registered kind, named or not', async () => {
  await useBackend('cpu');
  const named = BLOCKS.build({ kind: 'sep_conv', kernel: 3 }, 8, 8, 2);
  assert.equal(named.name, 'sep_conv_3x3');
  named.dispose();
  // A searched real expansion has no catalogue name; its kind's constructor builds it.
  const real = BLOCKS.build({ kind: 'ir', kernel: 3, expansion: 2.5, groups: 1, se: false, expandConv: true }, 8, 16, 1);
  assert.equal(real.name, 'ir_k3_e2.5');
  assert.equal((real as unknown as { mid: number }).mid, 20);
  real.dispose();
});
