// A small joint space (3 chain layers x 3 ops + 4 recipe choices, 8x8x1 input) with synthetic
// cost tables, and a tiny synthetic dataset for candidate trainings: FBNetV3's tests.
import type { CostTable } from '../../src/latency/table.js';
import type { Tables } from '../../src/jointnas/constraints.js';
import { loadSynthetic } from '../../src/data/index.js';
import type { RetrainData } from '../../src/retrain/data.js';
import type { NormalizedSpace } from '../../src/spaces/normalize.js';
import type { SearchSpace } from '../../src/types/generated.js';
import { tinyChainDoc } from './spaces.js';
import { normalizeSpace } from '../../src/spaces/normalize.js';

export const OPS = ['ir_k3_e1', 'ir_k3_e3', 'skip'];

export function jointDoc(): SearchSpace {
  return {
    ...tinyChainDoc({ stem: { cOut: 8, stride: 1 }, layers: [{ cOut: 8, stride: 2 }, { cOut: 8, stride: 1 }, { cOut: 16, stride: 2 }], ops: OPS, classes: 4, head: { cOut: 16 } }),
    name: 'joint',
    recipe: {
      lr: { kind: 'real', range: [0.01, 0.3], scale: 'log' },
      epochs: { kind: 'int', values: [2, 3] },
      labelSmoothing: { kind: 'categorical', values: [0, 0.1] },
      ema: { kind: 'categorical', values: ['off', 'on'] },
    },
  };
}

export const jointSpace = (): NormalizedSpace => normalizeSpace(jointDoc(), 'joint.json');

const table = (metric: CostTable['metric'], costs: number[][], fixed: number): CostTable => ({
  metric, unit: metric, candidates: OPS, layerCandidates: costs.map(() => [...OPS]), uniform: true, costs, fixed,
});

/** Per layer (ir_k3_e1, ir_k3_e3, skip): e3 dearest, skip cheapest. */
export function jointTables(): Tables {
  return {
    latency: table('latency', [[1, 2, 0.2], [1.2, 2.5, 0.1], [0.8, 1.9, 0.3]], 0.5),
    flops: table('flops', [[100, 300, 0], [120, 360, 0], [90, 250, 20]], 50),
    params: table('params', [[10, 30, 0], [12, 36, 0], [20, 60, 8]], 5),
  };
}

/** 320 synthetic 8x8 images of 4 classes: 256 train, 64 val. */
export function tinyData(): RetrainData {
  const ds = loadSynthetic({ count: 320, height: 8, width: 8, channels: 1, classes: 4, seed: 3 });
  const part = (from: number, to: number) => ({ images: ds.images.slice(from * 64, to * 64), labels: ds.labels.slice(from, to), count: to - from, height: 8, width: 8, channels: 1, classNames: ds.classNames });
  return { meta: { stats: { mean: [0.5], std: [0.25] } } as RetrainData['meta'], train: part(0, 256), val: part(256, 320), blank: [-2] };
}
