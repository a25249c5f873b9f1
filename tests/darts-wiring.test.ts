// DARTS through the stages, the pure pieces (no training): the cells LUT grid (one row per cell
// and edge) and its mapping onto the cell supernet's α rows (summed over the cells sharing α must
// give the supernet's own analytic costs), genotypes on the grid and back, the genotype sample
// written by `how: genotype` on hand-set α, random genotypes, retrain's evaluation layout, Cutout,
// and the cell graph drawing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../src/core/rng.js';
import { analyticCellCosts, cellChoices, cellSearchSpec } from '../src/supernet/cells/spec.js';
import { cellCostTable } from '../src/supernet/cells/costs.js';
import { blockCost } from '../src/ops/cost.js';
import { checkEmbeddableSvg, cellGraphSvg } from '../src/report/index.js';
import { augmentBatch } from '../src/retrain/augment.js';
import { evaluationReductions } from '../src/retrain/cells-layout.js';
import { retrainJobs } from '../src/retrain/plan.js';
import { genotypeArch, randomGenotypeSample } from '../src/sample/genotype.js';
import { cellGridEdges, genotypeGridOps, sampleFromGridOps } from '../src/spaces/cell-grid.js';
import { freeze } from '../src/spaces/freeze.js';
import { lutGrid } from '../src/spaces/grid.js';
import { catalogOp, normalizeSpace } from '../src/spaces/normalize.js';
import type { CostTable } from '../src/latency/table.js';
import type { RetrainConfig } from '../src/types/generated.js';
import { DARTS_OPS, TINY_CELLS } from './darts-helpers.js';

const space = normalizeSpace(TINY_CELLS, 'tiny-cells.json'); // 3 cells, reduction at 1, 2 nodes, 4 channels
const grid = lutGrid(space);

/** The grid's analytic FLOPs as build-lut's table holds them (fixed: stem + preprocessing + head, here 0). */
function gridFlops(): CostTable {
  const costs = grid.layers.map((l) => l.candidates.map((op) => blockCost(l.cIn, l.cOut, l.stride, catalogOp(op)!, l.inHW[0]!, l.inHW[1]!).flops));
  return { metric: 'flops', unit: 'FLOPs per image', candidates: [...DARTS_OPS], layerCandidates: grid.layers.map(() => [...DARTS_OPS]), uniform: true, costs, fixed: 0 };
}

test('cells grid: one row per (cell, edge) at the shape the edge runs at; stride 2 only on a reduction cell\'s inputs', () => {
  assert.equal(grid.layers.length, 3 * 5);
  const edges = cellGridEdges(space);
  assert.deepEqual(edges.slice(0, 5).map((e) => [e.cell, e.type, e.node, e.input]), [[0, 'normal', 0, 0], [0, 'normal', 0, 1], [0, 'normal', 1, 0], [0, 'normal', 1, 1], [0, 'normal', 1, 2]]);
  const red = grid.layers.slice(5, 10);
  assert.deepEqual(red.map((l) => l.stride), [2, 2, 2, 2, 1]);
  assert.deepEqual(red.map((l) => l.cIn), [8, 8, 8, 8, 8], 'channels doubled in the reduction cell');
  assert.deepEqual([red[0]!.inHW, red[4]!.inHW], [[8, 8], [4, 4]]);
});

test('cell supernet costs from the grid: summed over the cells sharing α, equal to the supernet\'s own analytic rows', () => {
  const spec = cellSearchSpec(space, 'tiny');
  const fromGrid = cellCostTable(spec, space, gridFlops(), 'lut.json');
  const analytic = analyticCellCosts(spec, 'flops');
  assert.equal(fromGrid.costs.length, cellChoices(spec).length);
  fromGrid.costs.forEach((row, k) => row.forEach((v, o) => assert.ok(Math.abs(v - analytic.costs[k]![o]!) < 1e-6, `row ${k} op ${o}: ${v} vs ${analytic.costs[k]![o]}`)));
});

test('genotypes on the grid: ops at the kept (cell, edge) rows, none elsewhere, and back', () => {
  const rng = Rng.derived(3, 'test');
  for (let i = 0; i < 5; i++) {
    const sample = randomGenotypeSample(space, rng);
    for (const t of ['normal', 'reduce']) {
      for (let j = 0; j < 2; j++) {
        assert.notEqual(sample[`${t}.n${j}.in0`], sample[`${t}.n${j}.in1`], 'two distinct inputs');
        assert.notEqual(sample[`${t}.n${j}.op0`], 'none');
      }
    }
    const ops = genotypeGridOps(space, freeze(space, sample, 'g'));
    assert.equal(ops.filter((o) => o !== 'none').length, 3 * 2 * 2, 'two edges per node in every cell');
    assert.deepEqual(genotypeGridOps(space, freeze(space, sampleFromGridOps(space, ops), 'back')), ops);
  }
});

test('sample how: genotype on hand-set α: the strongest edges, priced fixed + their rows', () => {
  const spec = cellSearchSpec(space, 'tiny');
  const choices = cellChoices(spec);
  // every edge prefers sep_conv_3x3 weakly, except normal n1 from input 2 (dil_conv_5x5, strong) and the none-heavy e0 edges
  const probs = choices.map((c) => DARTS_OPS.map((op) => (c.label === 'normal.n1.e2' && op === 'dil_conv_5x5' ? 0.6 : op === 'none' && c.label.endsWith('.e0') ? 0.9 : op === 'sep_conv_3x3' ? 0.2 : 0.05)));
  const flops = gridFlops();
  const tables = { latency: flops, flops, params: flops, batch: 1 };
  const w = genotypeArch(space, choices, probs, tables, 'darts', { name: 'found', description: 'test', details: { how: 'genotype' } });
  assert.equal(w.doc.body.kind, 'cells');
  assert.deepEqual(w.entry.sample, {
    'normal.n0.op0': 'sep_conv_3x3', 'normal.n0.in0': 0, 'normal.n0.op1': 'sep_conv_3x3', 'normal.n0.in1': 1,
    'normal.n1.op0': 'dil_conv_5x5', 'normal.n1.in0': 2, 'normal.n1.op1': 'sep_conv_3x3', 'normal.n1.in1': 0,
    'reduce.n0.op0': 'sep_conv_3x3', 'reduce.n0.in0': 0, 'reduce.n0.op1': 'sep_conv_3x3', 'reduce.n0.in1': 1,
    'reduce.n1.op0': 'sep_conv_3x3', 'reduce.n1.in0': 0, 'reduce.n1.op1': 'sep_conv_3x3', 'reduce.n1.in1': 1,
  });
  const ops = genotypeGridOps(space, w.doc);
  const expected = ops.reduce((s, op, r) => s + flops.costs[r]![DARTS_OPS.indexOf(op)]!, 0);
  assert.ok(Math.abs(w.entry.predicted.flops - expected) < 1e-6);
});

test('retrain for cells: random genotypes as baselines, every genotype in the evaluation layout', () => {
  assert.deepEqual(evaluationReductions(20), [6, 13]);
  assert.deepEqual(evaluationReductions(5), [1, 3]);
  const c = {
    schema: 'retrain-config/v1', archs: 'all', baselines: { uniform: [], random: 2 }, backend: 'cpu', seed: 1, epochs: 1, batch: 8, lr: 0.1, momentum: 0.9, weightDecay: 0,
    schedule: { kind: 'cosine' }, labelSmoothing: 0, augment: { cropPadding: 0, flip: false }, checkpointEvery: 10, cells: { cells: 5, channels: 6, dropPath: 0.1 },
  } as RetrainConfig;
  const found = freeze(space, randomGenotypeSample(space, Rng.derived(1, 'f')), 'found');
  const jobs = retrainJobs(c, [{ name: 'found', doc: found }], space, 'retrain.yaml');
  assert.deepEqual(jobs.map((j) => j.kind), ['found', 'random', 'random']);
  for (const j of jobs) {
    assert.ok(j.doc.body.kind === 'cells');
    if (j.doc.body.kind !== 'cells') continue;
    assert.deepEqual(j.doc.body.layout, { cells: 5, reductions: [1, 3], channels: 6 });
    assert.equal(j.doc.body.stem.cOut, 18, 'stem 3 x channels by default');
    assert.ok(j.doc.body.normal.nodes.flat().every((e) => e.name !== 'none'));
  }
  assert.deepEqual(jobs[0]!.doc.body.kind === 'cells' && jobs[0]!.doc.body.normal, found.body.kind === 'cells' && found.body.normal, 'the genotype itself is unchanged');
});

test('cutout zeroes one square per image, clipped at the border; off by default', () => {
  const x = new Float32Array(2 * 6 * 6).fill(1);
  const out = augmentBatch(x, 2, 6, 6, 1, { cropPadding: 0, flip: false, cutout: 2 }, [0], Rng.derived(1, 'cut'));
  for (let i = 0; i < 2; i++) {
    const zeros = out.slice(i * 36, (i + 1) * 36).filter((v) => v === 0).length;
    assert.ok(zeros >= 1 && zeros <= 4, `image ${i}: ${zeros} zeroed pixels`);
  }
  assert.equal(augmentBatch(x, 2, 6, 6, 1, { cropPadding: 0, flip: false }, [0], Rng.derived(1, 'cut')), x);
});

test('cell graph: an embeddable SVG with every kept op and its weight', () => {
  const svg = cellGraphSvg({ title: 'normal cell', id: 'cell-normal', concat: [2, 3], nodes: [[{ op: 'sep_conv_3x3', input: 0, weight: 0.31 }, { op: 'skip_connect', input: 1 }], [{ op: 'dil_conv_5x5', input: 2 }, { op: 'max_pool_3x3', input: 0 }]] });
  checkEmbeddableSvg(svg);
  for (const s of ['sep_conv_3x3 0.31', 'skip_connect', 'dil_conv_5x5', 'max_pool_3x3', 'c_{k-2}', 'c_{k}']) assert.ok(svg.includes(s), s);
  assert.ok(svg.includes('cell-normal-0'), 'ids scoped per drawing');
  assert.throws(() => cellGraphSvg({ title: 'bad', id: 'bad', concat: [2], nodes: [[{ op: 'sep_conv_3x3', input: 2 }, { op: 'skip_connect', input: 1 }]] }), /not a state before node 0/);
});

test('evaluate for cells: the found genotype ranked among every random genotype (no latency band)', async () => {
  const { protocolSummary } = await import('../src/protocol/summary.js');
  const arch = (name: string, kind: 'found' | 'random', top1: number, predictedLatencyMs: number) => ({ name, kind, test: { top1, top5: 1 }, predictedLatencyMs });
  const results = { schema: 'evaluate-results/v1', classNames: [], testImages: 1, archs: [arch('g', 'found', 0.9, 1), arch('r0', 'random', 0.95, 9), arch('r1', 'random', 0.8, 0.1), arch('r2', 'random', 0.85, 3)] } as unknown as Parameters<typeof protocolSummary>[0];
  const s = protocolSummary(results, () => 1, undefined, true);
  assert.match(s.lines[0]!, /ranks 2 of 4 against the 3 random genotypes retrained in the same layout/);
  assert.match(protocolSummary(results, () => 1, undefined).lines[0]!, /has no latency band to rank in/, 'chain spaces keep the band rule');
});
