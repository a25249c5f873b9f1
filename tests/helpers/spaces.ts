// Tiny space/v2 documents for tests: a chain of `layers` (cOut, stride) over `ops`.
import { freeze } from '../../src/spaces/freeze.js';
import { lutGrid, sampleFromOps } from '../../src/spaces/grid.js';
import { type NormalizedSpace, normalizeSpace } from '../../src/spaces/normalize.js';
import type { ArchDoc, SearchSpace } from '../../src/types/generated.js';

export function tinyChainDoc(o: { input?: [number, number, number]; classes?: number; stem?: { cOut: number; stride: 1 | 2 }; layers: { cOut: number; stride: 1 | 2 }[]; ops: string[]; head?: { cOut?: number | null } }): SearchSpace {
  return {
    schema: 'space/v2', name: 'tiny', input: o.input ?? [8, 8, 1], classes: o.classes ?? 3, ops: o.ops as SearchSpace['ops'],
    body: { kind: 'chain', stem: o.stem ?? { cOut: 8, stride: 2 }, layers: o.layers as [{ cOut: number; stride: 1 | 2 }], head: o.head ?? {} },
  };
}

export function tinyChain(o: Parameters<typeof tinyChainDoc>[0]): NormalizedSpace {
  return normalizeSpace(tinyChainDoc(o), 'tiny.json');
}

export { lutGrid };

/** The chain architecture that picks ops[i] at layer i. */
export function archOf(space: NormalizedSpace, ops: string[], name: string): ArchDoc {
  return freeze(space, sampleFromOps(space, ops), name);
}

/** A chain space with width (per stage), expansion, input-resolution and recipe choices. */
export const WIDTHS: SearchSpace = {
  schema: 'space/v2', name: 'widths', input: [16, 16, 3], classes: 5, resolutions: [12, 16],
  ops: ['ir_k3_e1', 'ir_k3_e6', 'skip'],
  body: {
    kind: 'chain', stem: { cOut: 8, stride: 2 },
    stages: [{ cOut: [8, 12], stride: 1, repeats: 2 }, { cOut: 16, stride: 2, repeats: 1, ops: ['ir_k5_e3'], expansion: [2, 4] }],
    layers: undefined, head: { cOut: 32 },
  },
  recipe: { lr: { kind: 'real', range: [0.01, 0.5], scale: 'log' }, optimizer: { kind: 'categorical', values: ['sgd', 'adam'] } },
};

/** A DARTS-like cells space over the whole DARTS op set. */
export const CELLS: SearchSpace = {
  schema: 'space/v2', name: 'tiny-darts', input: [12, 12, 1], classes: 4,
  ops: ['none', 'max_pool_3x3', 'avg_pool_3x3', 'skip_connect', 'sep_conv_3x3', 'sep_conv_5x5', 'dil_conv_3x3', 'dil_conv_5x5'],
  body: { kind: 'cells', stem: { cOut: 12 }, cells: 3, reductions: [1], nodes: 2, channels: 4 },
};
