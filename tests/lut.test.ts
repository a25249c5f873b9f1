// build-lut's pieces: measured entries for every (layer, candidate), the one cost interface
// (latency / FLOPs / params), named errors for a lookup miss and for a table stamped for another
// space, and the monotonicity checks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { initBackend } from '../src/backend/index.js';
import { LookupMissError, LutMismatchError } from '../src/latency/errors.js';
import { monotonicityWarnings } from '../src/latency/checks.js';
import { archCost, checkStamp, costTable } from '../src/latency/table.js';
import { endToEndCheck } from '../src/lut/end-to-end.js';
import { measureEntries, measureFixed } from '../src/lut/measure.js';
import { candidatesHash, lutStamp } from '../src/lut/stamp.js';
import { blockCost } from '../src/ops/cost.js';
import { BLOCKS } from '../src/ops/register-all.js';
import type { LatencyTable, LutEntry, LutGrid } from '../src/types/generated.js';
import { lutSpace } from '../src/latency/space.js';
import { normalizeSpace } from '../src/spaces/normalize.js';
import { lutGrid, tinyChain, tinyChainDoc } from './helpers/spaces.js';

const space = tinyChain({ layers: [{ cOut: 8, stride: 1 }, { cOut: 16, stride: 2 }], ops: ['ir_k3_e1', 'ir_k3_e6', 'skip'], head: { cOut: 16 } });
const grid = lutGrid(space);
const ALL = ['ir_k3_e1', 'ir_k3_e6', 'skip'];
const settings = { warmup: 1, runs: 3, spreadThreshold: 10, maxRemeasure: 0 };

async function measuredLut(): Promise<LatencyTable> {
  const backend = await initBackend('cpu', () => {});
  const entries = measureEntries(grid, 1, settings, 1);
  return {
    schema: 'lut/v1', stamp: lutStamp(space, grid, backend, 1), settings, space: space.doc, grid: grid as unknown as LutGrid, fixed: measureFixed(grid, 1, settings, 1), entries,
    checks: { monotonicity: [], endToEnd: { archs: 0, spearman: null, meanRatio: null, maxRatio: null, samples: [] } }, warnings: [],
  };
}

test('every (layer, candidate) is measured at its real input shape with analytic FLOPs and params', async () => {
  const lut = await measuredLut();
  assert.equal(lut.entries.length, 6);
  for (const e of lut.entries) {
    const layer = grid.layers[e.layer]!;
    assert.deepEqual(e.input, [layer.inHW[0], layer.inHW[1], layer.cIn]);
    assert.ok(e.latency.median > 0 && e.latency.p10 <= e.latency.median && e.latency.median <= e.latency.p90);
    const c = blockCost(layer.cIn, layer.cOut, layer.stride, BLOCKS.get(e.block).op, e.input[0], e.input[1]);
    assert.equal(e.flops, c.flops);
    assert.equal(e.params, c.params);
  }
  assert.equal(lut.stamp.backend, 'cpu');
  assert.equal(lut.stamp.candidatesHash, candidatesHash(ALL));
});

test('one cost interface: latency, FLOPs or params per layer and candidate; an architecture costs fixed + its choices', async () => {
  const lut = await measuredLut();
  for (const metric of ['latency', 'flops', 'params'] as const) {
    const t = costTable(lut, metric, 'lut.json');
    assert.equal(t.costs.length, 2);
    assert.equal(t.costs[0]!.length, 3);
    const pick = (e: LutEntry): number => (metric === 'latency' ? e.latency.median : e[metric]);
    const e1 = lut.entries.find((e) => e.layer === 1 && e.block === 'ir_k3_e6')!;
    assert.equal(t.costs[1]![1], pick(e1));
    const e0 = lut.entries.find((e) => e.layer === 0 && e.block === 'skip')!;
    assert.equal(archCost(t, ['skip', 'ir_k3_e6']), t.fixed + pick(e0) + pick(e1));
  }
  assert.ok(costTable(lut, 'flops', 'x').costs[1]![1]! > costTable(lut, 'flops', 'x').costs[1]![0]!, 'e6 costs more FLOPs than e1');
});

test('a lookup miss is a named error, never a silent 0', async () => {
  const lut = await measuredLut();
  lut.entries = lut.entries.filter((e) => !(e.layer === 1 && e.block === 'ir_k3_e6'));
  assert.throws(() => costTable(lut, 'latency', 'artifacts/build-lut/lut.json'), (e: unknown) => e instanceof LookupMissError && /lut\.json: no latency entry for layer 1 candidate ir_k3_e6 \(input 4x4x8, cOut 16, stride 2\)/.test(e.message));
});

test('a table stamped for another space is refused', async () => {
  const lut = await measuredLut();
  checkStamp(lut, 'lut.json', space.hash, candidatesHash(ALL));
  const other = tinyChain({ layers: [{ cOut: 8, stride: 1 }], ops: ['skip'] });
  assert.throws(() => checkStamp(lut, 'lut.json', other.hash, candidatesHash(ALL)), (e: unknown) => e instanceof LutMismatchError && /stamp\.spaceHash expected/.test(e.message));
  assert.throws(() => checkStamp(lut, 'lut.json', space.hash, candidatesHash(['skip'])), LutMismatchError);
});

test('the end-to-end check compares LUT sums with measured whole models', async () => {
  const lut = await measuredLut();
  const e2e = endToEndCheck(space, costTable(lut, 'latency', 'lut.json'), 4, 1, settings, 3);
  assert.equal(e2e.samples.length, 4);
  assert.ok(e2e.samples.every((s) => s.lutMs > 0 && s.measuredMs > 0 && s.choices.length === 2));
  assert.ok(e2e.meanRatio! > 0 && e2e.maxRatio! >= 1);
});

test('monotonicity: more expansion but faster, and faster than skip, are reported', () => {
  const t = (ms: number) => ({ median: ms, p10: ms, p90: ms, runs: 3, remeasured: 0 });
  const ir = (kernel: number, expansion: number) => ({ kind: 'ir' as const, kernel, expansion, groups: 1, se: false, expandConv: expansion > 1 });
  const entry = (block: string, op: LutEntry['op'], ms: number): LutEntry => ({ layer: 2, block, op, input: [4, 4, 8], cOut: 8, stride: 1, latency: t(ms), flops: 0, params: 0 });
  const w = monotonicityWarnings([entry('ir_k3_e1', ir(3, 1), 0.5), entry('ir_k3_e6', ir(3, 6), 0.4), entry('ir_k5_e6', ir(5, 6), 0.9), entry('skip', { kind: 'skip' }, 0.45)]);
  assert.deepEqual(w, ['layer 2: ir_k3_e6 (0.400 ms) is faster than ir_k3_e1 (0.500 ms) despite more expansion', 'layer 2: ir_k3_e6 (0.400 ms) is faster than skip (0.450 ms)']);
});

test('build-lut sees other running stages by their live .tmp directories and waits for them', async () => {
  const { mkdtempSync, mkdirSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { runningStages, waitForIdle } = await import('../src/lut/idle.js');
  const dir = mkdtempSync(join(tmpdir(), 'nasflow-idle-'));
  try {
    mkdirSync(join(dir, `.tmp-prepare-data-${process.ppid}`)); // a live process
    mkdirSync(join(dir, '.tmp-retrain-999999999')); // no such process: left by a killed run
    mkdirSync(join(dir, `.tmp-build-lut-${process.pid}`)); // ourselves
    assert.deepEqual(runningStages(dir), [['prepare-data', process.ppid]]);
    const logs: string[] = [];
    setTimeout(() => rmSync(join(dir, `.tmp-prepare-data-${process.ppid}`), { recursive: true }), 400);
    assert.deepEqual(await waitForIdle(dir, 10_000, (m) => logs.push(m)), []);
    assert.match(logs[0]!, /waiting for prepare-data to finish/);
    mkdirSync(join(dir, `.tmp-prepare-data-${process.ppid}`));
    assert.deepEqual(await waitForIdle(dir, 300, (m) => logs.push(m)), ['prepare-data']);
    assert.match(logs.at(-1)!, /measuring while prepare-data still run/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('candidate lists may differ per layer: the grid, the entries and the costs follow each layer', async () => {
  const doc = tinyChainDoc({ layers: [{ cOut: 8, stride: 1 }, { cOut: 16, stride: 2 }], ops: ['ir_k3_e1', 'ir_k3_e6', 'skip'], head: { cOut: 16 } });
  if (doc.body.kind === 'chain') doc.body.layers![1]!.ops = ['ir_k3_e6', 'skip'];
  const s = normalizeSpace(doc, 'per-layer.json');
  const g = lutGrid(s);
  assert.deepEqual(g.layers.map((l) => l.candidates), [['ir_k3_e1', 'ir_k3_e6', 'skip'], ['ir_k3_e6', 'skip']]);
  const backend = await initBackend('cpu', () => {});
  const entries = measureEntries(g, 1, settings, 1);
  assert.equal(entries.length, 5);
  const lut: LatencyTable = {
    schema: 'lut/v1', stamp: lutStamp(s, g, backend, 1), settings, space: s.doc, grid: g as unknown as LutGrid, fixed: measureFixed(g, 1, settings, 1), entries,
    checks: { monotonicity: [], endToEnd: { archs: 0, spearman: null, meanRatio: null, maxRatio: null, samples: [] } }, warnings: [],
  };
  const t = costTable(lut, 'flops', 'lut.json');
  assert.equal(t.uniform, false);
  assert.deepEqual(t.layerCandidates, [['ir_k3_e1', 'ir_k3_e6', 'skip'], ['ir_k3_e6', 'skip']]);
  const e = (layer: number, block: string): number => entries.find((x) => x.layer === layer && x.block === block)!.flops;
  assert.equal(archCost(t, ['ir_k3_e1', 'skip']), t.fixed + e(0, 'ir_k3_e1') + e(1, 'skip'));
  assert.throws(() => archCost(t, ['ir_k3_e1', 'ir_k3_e1']), LookupMissError);
  assert.equal(lutSpace(lut, 'lut.json').hash, s.hash);
});
