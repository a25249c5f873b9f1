// The cells half of normalizeArch: a DARTS network (arch/v2 body `cells`) made explicit — per
// cell its channels, whether it reduces, how its two inputs are preprocessed (ReLU-1x1 conv-BN,
// or factorized reduce when the cell before was a reduction and its older input is twice the
// size), every edge's canonical op, stride and cost, and the concatenated output. Pure.
import { type Cost, bnPart, convPart, headCost, stemCost, blockCost, sumParts } from '../ops/cost.js';
import { type CanonicalOp, canonicalOp, opName, shapeProblems, strided } from '../ops/op.js';
import type { ArchCells, ArchDoc, CellGenotype } from '../types/generated.js';
import { ArchError, type ArchProblem } from './errors.js';

export interface NormalizedEdge {
  node: number;
  k: number;
  op: CanonicalOp;
  name: string;
  /** State index: 0, 1 the cell's inputs, 2 + j intermediate node j. */
  input: number;
  stride: 1 | 2;
  cost: Cost;
}

export interface Preprocess {
  kind: 'relu_conv_bn' | 'factorized_reduce';
  cIn: number;
  cOut: number;
  cost: Cost;
}

export interface NormalizedCell {
  index: number;
  reduction: boolean;
  /** Channels of every node (C, doubled at reductions). */
  c: number;
  pre0: Preprocess;
  pre1: Preprocess;
  /** Input size of the cell's newer input, output size of the cell. */
  inH: number;
  inW: number;
  outH: number;
  outW: number;
  nodes: NormalizedEdge[][];
  concat: number[];
  cOut: number;
  cost: Cost;
}

export interface NormalizedCellsArch {
  kind: 'cells';
  name: string;
  input: [number, number, number];
  classes: number;
  stem: { cIn: number; cOut: number; outH: number; outW: number; cost: Cost };
  cells: NormalizedCell[];
  head: { cIn: number; cOut: null; norm: 'bn'; relu: false; dropout: number; inH: number; inW: number; cost: Cost };
  flops: number;
  executedFlops: number;
  params: number;
  state: number;
  warnings: string[];
}

function pre(kind: Preprocess['kind'], cIn: number, cOut: number, h: number, w: number): Preprocess {
  if (kind === 'relu_conv_bn') return { kind, cIn, cOut, cost: sumParts([convPart('conv', cIn, cOut, 1, 1, h * w), bnPart('bn', cOut)], h, w) };
  return { kind, cIn, cOut, cost: blockCost(cIn, cOut, 2, { kind: 'skip_connect' }, h, w) };
}

export function normalizeCells(d: ArchDoc, b: ArchCells, file: string): NormalizedCellsArch {
  const problems: ArchProblem[] = [];
  const warnings: string[] = [];
  const [h0, w0, c0] = d.input as [number, number, number];
  const stemC = stemCost(c0, b.stem.cOut, 3, 1, h0, w0);
  const stem = { cIn: c0, cOut: b.stem.cOut, outH: stemC.outH, outW: stemC.outW, cost: stemC };
  const { cells: count, reductions, channels } = b.layout;
  reductions.forEach((r, i) => {
    if (r >= count) problems.push({ path: `/body/layout/reductions/${i}`, block: null, detail: `expects a cell position below ${count}, found ${r}` });
  });
  if (channels % 2 !== 0) problems.push({ path: '/body/layout/channels', block: null, detail: `expects an even channel count (factorized reduce halves it), found ${channels}` });
  let [cPP, cP, c] = [stem.cOut, stem.cOut, channels];
  let [hP, wP] = [stem.outH, stem.outW];
  let [hPP, wPP] = [hP, wP];
  let reductionPrev = false;
  const cells: NormalizedCell[] = [];
  for (let i = 0; i < count; i++) {
    const reduction = reductions.includes(i);
    if (reduction) c *= 2;
    const g: CellGenotype = reduction ? b.reduce : b.normal;
    const gPath = `/body/${reduction ? 'reduce' : 'normal'}`;
    const pre0 = pre(reductionPrev ? 'factorized_reduce' : 'relu_conv_bn', cPP, c, hPP, wPP);
    const pre1 = pre('relu_conv_bn', cP, c, hP, wP);
    const [oh, ow] = reduction ? [strided(hP, 2), strided(wP, 2)] : [hP, wP];
    const nodes = g.nodes.map((edges, j) =>
      edges.map((e, k) => {
        const path = `${gPath}/nodes/${j}/${k}`;
        const { op, problems: opProblems } = canonicalOp(e.op);
        const name = opName(op);
        const stride: 1 | 2 = reduction && e.input < 2 ? 2 : 1;
        opProblems.forEach((detail) => problems.push({ path, block: i, detail }));
        if (e.input >= j + 2) problems.push({ path: `${path}/input`, block: i, detail: `node ${j} expects an input state below ${j + 2} (0, 1 the cell's inputs, 2 + m node m < ${j}), found ${e.input}` });
        if (e.name !== undefined && e.name !== name) problems.push({ path: `${path}/name`, block: i, detail: `expects name ${name} (derived from op), found ${e.name}` });
        shapeProblems(c, c, stride, op).forEach((detail) => problems.push({ path, block: i, detail }));
        return { node: j, k, op, name, input: e.input, stride, cost: blockCost(c, c, stride, op, e.input < 2 ? hP : oh, e.input < 2 ? wP : ow) };
      }),
    );
    g.concat.forEach((s, k) => {
      if (s >= g.nodes.length + 2) problems.push({ path: `${gPath}/concat/${k}`, block: i, detail: `expects a state index below ${g.nodes.length + 2}, found ${s}` });
    });
    const parts = [pre0.cost, pre1.cost, ...nodes.flat().map((e) => e.cost)].flatMap((x) => x.parts);
    cells.push({ index: i, reduction, c, pre0, pre1, inH: hP, inW: wP, outH: oh, outW: ow, nodes, concat: [...g.concat], cOut: g.concat.length * c, cost: sumParts(parts, oh, ow) });
    if ((oh < 2 || ow < 2) && hP >= 2 && wP >= 2) warnings.push(`${file}: cell ${i} output ${oh}x${ow} is below 2x2 (later cells see almost no spatial context)`);
    [cPP, cP, hPP, wPP, hP, wP] = [cP, g.concat.length * c, hP, wP, oh, ow];
    reductionPrev = reduction;
  }
  if (problems.length) throw new ArchError(file, problems);
  const headC = headCost(cP, null, 'bn', d.classes, hP, wP);
  const head = { cIn: cP, cOut: null, norm: 'bn' as const, relu: false as const, dropout: b.dropout ?? 0, inH: hP, inW: wP, cost: headC };
  const costs = [stemC, ...cells.map((x) => x.cost), headC];
  const total = (k: 'flops' | 'executedFlops' | 'params' | 'state'): number => costs.reduce((s, x) => s + x[k], 0);
  return { kind: 'cells', name: d.name, input: [h0, w0, c0], classes: d.classes, stem, cells, head, flops: total('flops'), executedFlops: total('executedFlops'), params: total('params'), state: total('state'), warnings };
}
