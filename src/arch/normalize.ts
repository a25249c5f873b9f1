// normalizeArch(doc, file): the PURE step from an architecture document (arch/v2) to a fully
// explicit description — schema validation (ValidationError), defaults filled, ops canonicalised,
// shapes propagated, costs attached. chain: rows expanded by `repeat` into blocks, each with its
// cIn and input/output H, W. cells: see normalize-cells.ts. It checks what the schema cannot: a
// written cIn or name against the derived one, groups dividing channel counts, expandConv
// consistency, ops that fit their shapes; every problem is collected into one ArchError naming the
// block index and the mismatched values. Feature maps shrinking below 2x2 are warnings (returned,
// not printed). An arch/v1 document is refused with the command that converts it.
// No TF.js here: the search-space and latency code normalise without loading a backend.
import { validate } from '../artifacts/schemas.js';
import { type Cost, blockCost, headCost, stemCost } from '../ops/cost.js';
import { type CanonicalOp, canonicalOp, opName, shapeProblems } from '../ops/op.js';
import type { ArchChain, ArchDoc } from '../types/generated.js';
import { ArchError, type ArchProblem, ArchVersionError } from './errors.js';
import { type NormalizedCellsArch, normalizeCells } from './normalize-cells.js';

export interface NormalizedBlock {
  index: number;
  name: string;
  op: CanonicalOp;
  cIn: number;
  cOut: number;
  stride: number;
  inH: number;
  inW: number;
  outH: number;
  outW: number;
  residual: boolean;
  cost: Cost;
}

export type NormalizedArch = NormalizedChainArch | NormalizedCellsArch;

export interface NormalizedChainArch {
  kind: 'chain';
  name: string;
  input: [number, number, number];
  classes: number;
  stem: { cIn: number; cOut: number; kernel: number; stride: number; outH: number; outW: number; cost: Cost };
  blocks: NormalizedBlock[];
  head: { cIn: number; cOut: number | null; norm: 'bn' | 'bias'; relu: boolean; dropout: number; inH: number; inW: number; cost: Cost };
  /** Per-image totals over stem, blocks and head (see src/ops/cost.ts for what counts). */
  flops: number;
  executedFlops: number;
  params: number;
  state: number;
  warnings: string[];
}

export function normalizeArch(doc: unknown, file: string): NormalizedArch {
  const version = (doc as { schema?: unknown } | null)?.schema;
  if (version !== 'arch/v2' && typeof version === 'string' && version.startsWith('arch/')) throw new ArchVersionError(file, version);
  const d = validate<ArchDoc>('arch', doc, file);
  return d.body.kind === 'chain' ? normalizeChain(d, d.body, file) : normalizeCells(d, d.body, file);
}

/** The chain's rows with `repeat` expanded: one entry per block, with the row it came from. */
export function expandRows(body: ArchChain): { row: number; op: ArchChain['rows'][number]['op']; name?: string; cIn?: number; cOut: number; stride: 1 | 2 }[] {
  return body.rows.flatMap((r, row) => Array.from({ length: r.repeat ?? 1 }, (_, k) => ({ row, op: r.op, name: r.name, cIn: k === 0 ? r.cIn : undefined, cOut: r.cOut, stride: k === 0 ? r.stride : (1 as const) })));
}

function normalizeChain(d: ArchDoc, body: ArchChain, file: string): NormalizedChainArch {
  const problems: ArchProblem[] = [];
  const warnings: string[] = [];
  const [h0, w0, c0] = d.input as [number, number, number];
  const sk = body.stem.kernel ?? 3;
  const stemC = stemCost(c0, body.stem.cOut, sk, body.stem.stride, h0, w0);
  const stem = { cIn: c0, cOut: body.stem.cOut, kernel: sk, stride: body.stem.stride, outH: stemC.outH, outW: stemC.outW, cost: stemC };
  const small = (h: number, w: number, what: string): void => {
    warnings.push(`${file}: ${what} output ${h}x${w} is below 2x2 (later layers see almost no spatial context)`);
  };
  if (stem.outH < 2 || stem.outW < 2) small(stem.outH, stem.outW, 'stem');
  let c = stem.cOut;
  let [h, w] = [stem.outH, stem.outW];
  const blocks: NormalizedBlock[] = expandRows(body).map((b, index) => {
    const path = `/body/rows/${b.row}`;
    const bad = (detail: string): void => void problems.push({ path, block: index, detail });
    const { op, problems: opProblems } = canonicalOp(b.op);
    const name = opName(op);
    opProblems.forEach(bad);
    if (b.name !== undefined && b.name !== name) bad(`expects name ${name} (derived from op), found ${b.name}`);
    if (b.cIn !== undefined && b.cIn !== c) bad(`expects cIn ${c}, found ${b.cIn}`);
    shapeProblems(c, b.cOut, b.stride, op).forEach(bad);
    const cost = blockCost(c, b.cOut, b.stride, op, h, w);
    const nb: NormalizedBlock = {
      index, name, op, cIn: c, cOut: b.cOut, stride: b.stride, inH: h, inW: w, outH: cost.outH, outW: cost.outW,
      residual: op.kind === 'ir' && b.stride === 1 && c === b.cOut, cost,
    };
    if ((nb.outH < 2 || nb.outW < 2) && (h >= 2 && w >= 2)) small(nb.outH, nb.outW, `block ${index} (${name}, stride ${b.stride})`);
    [c, h, w] = [b.cOut, nb.outH, nb.outW];
    return nb;
  });
  if (problems.length) throw new ArchError(file, problems);
  const hd = body.head;
  const norm = hd.norm ?? 'bn';
  const headC = headCost(c, hd.cOut, norm, d.classes, h, w);
  const head = { cIn: c, cOut: hd.cOut, norm, relu: hd.relu ?? true, dropout: hd.dropout ?? 0, inH: h, inW: w, cost: headC };
  const costs = [stemC, ...blocks.map((b) => b.cost), headC];
  const total = (k: 'flops' | 'executedFlops' | 'params' | 'state'): number => costs.reduce((s, x) => s + x[k], 0);
  return {
    kind: 'chain', name: d.name, input: [h0, w0, c0], classes: d.classes, stem, blocks, head,
    flops: total('flops'), executedFlops: total('executedFlops'), params: total('params'), state: total('state'), warnings,
  };
}
