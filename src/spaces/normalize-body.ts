// The two body kinds of a space/v2 document, normalised (see normalize.ts): `chain` — layers or
// stages expanded to one slot per layer, each with its op, width and expansion slots, channels
// checked to chain and every candidate checked to fit its layer where both widths are fixed — and
// `cells` — the DARTS layout checked (reductions inside the stack, even channels). Plus the shape
// warning (feature maps below 2x2 before the head). Pure.
import { shapeProblems, strided } from '../ops/op.js';
import type { SpaceCells, SpaceChain } from '../types/generated.js';
import { SpaceError } from './errors.js';
import { type ChainLayerSlot, type NormalizedCells, type NormalizedChain, type Slot, catalogOp } from './normalize.js';

export const slot = <T extends string | number>(label: string, v: T | T[]): Slot<T> => (Array.isArray(v) && v.length > 1 ? { label, values: [...v] } : { label: null, values: Array.isArray(v) ? [...v] : [v] });

export type Known = (list: string[], path: string) => string[];

export function chain(b: SpaceChain, defaultOps: string[] | null, known: Known, file: string): NormalizedChain {
  if (b.layers && b.stages) throw new SpaceError(file, '/body', '`layers` or `stages`', 'both');
  if (!b.layers && !b.stages) throw new SpaceError(file, '/body', '`layers` or `stages`', 'neither');
  const layers: ChainLayerSlot[] = [];
  const opsOf = (own: string[] | undefined, path: string): string[] => {
    if (own) return known(own, `${path}/ops`);
    if (!defaultOps) throw new SpaceError(file, `${path}/ops`, 'an op list here or a space-level `ops`', 'neither');
    return defaultOps;
  };
  if (b.layers) {
    b.layers.forEach((l, i) => {
      const path = `/body/layers/${i}`;
      layers.push({ index: i, path, stride: l.stride, cIn: l.cIn ?? null, width: slot(`layers.${i}.width`, l.cOut), ops: slot(`layers.${i}.op`, opsOf(l.ops, path)), expansion: l.expansion === undefined ? null : slot(`layers.${i}.expansion`, l.expansion) });
    });
  } else {
    b.stages!.forEach((s, j) => {
      const path = `/body/stages/${j}`;
      const ops = opsOf(s.ops, path);
      const width = slot(`stages.${j}.width`, s.cOut);
      for (let r = 0; r < s.repeats; r++) {
        const i = layers.length;
        layers.push({ index: i, path, stride: r === 0 ? s.stride : 1, cIn: null, width, ops: slot(`layers.${i}.op`, ops), expansion: s.expansion === undefined ? null : slot(`layers.${i}.expansion`, s.expansion) });
      }
    });
  }
  // Channels chain and every candidate fits its layer, wherever both widths are fixed.
  let prev: number | null = b.stem.cOut;
  for (const l of layers) {
    const cOut = l.width.label === null ? l.width.values[0]! : null;
    if (l.cIn !== null && prev !== null && l.cIn !== prev) throw new SpaceError(file, `${l.path}/cIn`, `cIn ${prev} (from ${l.index === 0 ? 'the stem' : `layer ${l.index - 1}`})`, `${l.cIn}`);
    if (prev !== null && cOut !== null) {
      l.ops.values.forEach((name, k) => {
        const problems = shapeProblems(prev!, cOut, l.stride, catalogOp(name)!);
        if (problems.length) throw new SpaceError(file, `${l.path}/ops/${k}`, `an op that fits layer ${l.index} (cIn ${prev}, cOut ${cOut}, stride ${l.stride})`, `${name}: ${problems.join('; ')}`);
      });
    }
    prev = cOut;
  }
  const h = b.head;
  return { kind: 'chain', stem: { cOut: b.stem.cOut, kernel: b.stem.kernel ?? 3, stride: b.stem.stride }, layers, head: { cOut: h.cOut ?? null, norm: h.norm ?? 'bn', relu: h.relu ?? true, dropout: h.dropout ?? 0 } };
}

export function cells(b: SpaceCells, defaultOps: string[] | null, file: string): NormalizedCells {
  if (!defaultOps) throw new SpaceError(file, '/ops', 'the edge op list of the cells (e.g. the DARTS set)', 'nothing');
  b.reductions.forEach((r, i) => {
    if (r >= b.cells) throw new SpaceError(file, `/body/reductions/${i}`, `a cell position below cells = ${b.cells}`, `${r}`);
  });
  if (b.channels % 2 !== 0) throw new SpaceError(file, '/body/channels', 'an even channel count (skip_connect at stride 2 halves it twice, then concatenates)', `${b.channels}`);
  return { kind: 'cells', stem: { cOut: b.stem.cOut }, cells: b.cells, reductions: [...b.reductions].sort((x, y) => x - y), nodes: b.nodes, channels: b.channels, dropout: b.dropout ?? 0, ops: [...defaultOps] };
}

/** Feature maps below 2x2 before the head, at the smallest input resolution. */
export function shapeWarnings(body: NormalizedChain | NormalizedCells, hw: [number, number]): string[] {
  let [h, w] = hw.map((v) => strided(v, body.kind === 'chain' ? body.stem.stride : 1)) as [number, number];
  const strides = body.kind === 'chain' ? body.layers.map((l) => l.stride) : Array.from({ length: body.cells }, (_, i) => (body.reductions.includes(i) ? 2 : 1));
  const small: number[] = [];
  strides.forEach((s, i) => {
    [h, w] = [strided(h, s), strided(w, s)];
    if (h < 2 || w < 2) small.push(i);
  });
  if (!small.length) return [];
  const what = body.kind === 'chain' ? 'layers' : 'cells';
  return [`the stride schedule shrinks the feature map below 2x2 before the head: ${what} ${small.join(', ')} output ${h}x${w} (a 3x3 or 5x5 kernel there sees mostly padding; fewer stride-2 ${what} suit small inputs)`];
}
