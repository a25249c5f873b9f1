// Shared by the DARTS tests (not a test file itself): a tiny cells space over the whole DARTS op
// set at the synthetic splits' 8x8x1 (3 cells, a reduction in the middle, 2 nodes, 4 channels),
// its cell supernet with analytic FLOP rows, a DARTS config in short form, and a one-call run.
import { darts } from '../src/methods/darts.js';
import type { Method } from '../src/methods/method.js';
import { normalizeSpace } from '../src/spaces/normalize.js';
import { CellSupernet } from '../src/supernet/cells/cell-supernet.js';
import { analyticCellCosts, cellChoices, cellSearchSpec } from '../src/supernet/cells/spec.js';
import { SplitBatches } from '../src/train/batches.js';
import { runSearch, type SearchResult } from '../src/train/search.js';
import type { DartsSupernetConfig, SearchSpace } from '../src/types/generated.js';
import { syntheticSplits } from './supernet-helpers.js';

export const DARTS_OPS = ['none', 'max_pool_3x3', 'avg_pool_3x3', 'skip_connect', 'sep_conv_3x3', 'sep_conv_5x5', 'dil_conv_3x3', 'dil_conv_5x5'];

export const TINY_CELLS: SearchSpace = {
  schema: 'space/v2', name: 'tiny-cells', input: [8, 8, 1], classes: 4, ops: DARTS_OPS as SearchSpace['ops'],
  body: { kind: 'cells', stem: { cOut: 8 }, cells: 3, reductions: [1], nodes: 2, channels: 4 },
};

export function dartsConfig(o: Partial<DartsSupernetConfig> = {}): DartsSupernetConfig {
  return {
    schema: 'train-supernet-config/v2', method: 'darts', seed: 1, backend: 'auto', epochs: 2, warmupEpochs: 0, order: 'first', batch: 8,
    limits: { batchesPerEpoch: 3, valImages: 16 }, mixing: { kind: 'softmax' },
    optimizer: { w: { lr: 0.025, lrMin: 0.001, momentum: 0.9, weightDecay: 3e-4, clipNorm: 5 }, alpha: { lr: 3e-4, beta1: 0.5, beta2: 0.999, epsilon: 1e-8, weightDecay: 1e-3 } },
    cost: null, collapse: { maxSkips: null, parameterFreeShare: 0.75, skipDrop: 0 }, select: 'last', checkpoint: { dir: '', everySteps: 0 },
    ...o,
  };
}

/** The tiny cell supernet; `smaller` shrinks the space (op list, nodes, channels, stem). */
export function tinyCellNet(seed = 1, smaller?: { ops: string[]; cells: number; reductions: number[]; nodes: number; channels: number; stem: number }): { net: CellSupernet; choices: ReturnType<typeof cellChoices>; costs: ReturnType<typeof analyticCellCosts> } {
  const doc: SearchSpace = smaller
    ? { ...TINY_CELLS, ops: smaller.ops as SearchSpace['ops'], body: { kind: 'cells', stem: { cOut: smaller.stem }, cells: smaller.cells, reductions: smaller.reductions, nodes: smaller.nodes, channels: smaller.channels } }
    : TINY_CELLS;
  const spec = cellSearchSpec(normalizeSpace(doc, 'tiny-cells.json'), 'tiny-cells.json');
  const costs = analyticCellCosts(spec, 'flops');
  return { net: new CellSupernet(spec, costs, { seed }), choices: cellChoices(spec), costs };
}

export function tinyData(batch: number): Record<'train_w' | 'train_theta' | 'val', SplitBatches> {
  const splits = syntheticSplits(128);
  const norm = { mean: [0.5], std: [0.25] };
  return { train_w: new SplitBatches('train_w', splits.train_w, norm, batch), train_theta: new SplitBatches('train_theta', splits.train_theta, norm, batch), val: new SplitBatches('val', splits.val, norm, batch) };
}

export async function runDarts(c: DartsSupernetConfig, checkpoint: { file: string; everySteps: number }, log: (m: string) => void = () => {}): Promise<{ result: SearchResult; net: CellSupernet; method: Method }> {
  const { net, choices, costs } = tinyCellNet(c.seed);
  const method = darts(c, { net, costs, choices, file: 'test' });
  const result = await runSearch({
    net, method, choices, data: tinyData(c.batch), seed: c.seed, limits: { train_w: c.limits.batchesPerEpoch, train_theta: c.limits.batchesPerEpoch, valImages: c.limits.valImages },
    select: c.select, checkpoint: { ...checkpoint, fingerprint: 'test' }, log,
  });
  return { result, net, method };
}

/** Disposes what runDarts built. */
export function release(r: { net: CellSupernet; method: Method }): void {
  r.method.policy.dispose();
  r.net.dispose();
}
