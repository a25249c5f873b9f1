// The two supernets every speed figure is about, built without a LUT (FLOPs as the cost term):
//   fmnist-small  the default space (spaces/fmnist-small.json: 28x28x1, 6 layers x 7 candidates)
//   fbnet-cifar   FBNet's CIFAR plan (spaces/fbnet-cifar.json, 22 layers x 9 candidates in their
//                 PyTorch reference form: expansion-1 blocks keep the expand conv), 72.96 MFLOP/img
// Each comes with its forward FLOPs per image (every candidate of every layer computed), so the
// PyTorch twins in bench/peers/ can print theirs and the two be compared. Pure: no tfjs.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CostTable } from '../src/latency/table.js';
import { blockCost, headCost, stemCost } from '../src/ops/cost.js';
import { type CanonicalOp, opName } from '../src/ops/op.js';
import { BLOCKS } from '../src/ops/register-all.js';
import { lutGrid } from '../src/spaces/grid.js';
import { normalizeSpace } from '../src/spaces/normalize.js';
import { specFromSpace, type SupernetSpec } from '../src/supernet/spec.js';
import { fbnetCifarCandidates } from '../src/arch/fbnet-cifar-plan.js';
import type { SearchSpace } from '../src/types/generated.js';

export const WORKLOADS = ['fmnist-small', 'fbnet-cifar'] as const;
export type WorkloadName = (typeof WORKLOADS)[number];

export interface Workload {
  name: WorkloadName;
  spec: SupernetSpec;
  costs: CostTable;
  /** Forward multiply-adds x2 per image, all candidates computed (conv, depthwise, dense). */
  flopsPerImage: number;
}

export function workload(name: WorkloadName): Workload {
  const file = `spaces/${name}.json`;
  const doc = JSON.parse(readFileSync(join(import.meta.dirname, '..', file), 'utf8')) as SearchSpace;
  const ops: CanonicalOp[] = name === 'fbnet-cifar' ? fbnetCifarCandidates('reference') : (doc.ops ?? []).map((c) => BLOCKS.get(c).op);
  // The space's skeleton with these candidates in every layer (FBNet CIFAR: the reference set).
  const grid = lutGrid(normalizeSpace({ ...doc, ops: ops.map(opName) as SearchSpace['ops'] }, file));
  const spec = specFromSpace(grid, file);
  const perLayer = grid.layers.map((l) => ops.map((op) => blockCost(l.cIn, l.cOut, l.stride, op, l.inHW[0], l.inHW[1]).flops));
  const costs: CostTable = { metric: 'flops', unit: 'FLOPs per image', candidates: spec.candidates, layerCandidates: grid.layers.map(() => spec.candidates), uniform: true, fixed: 0, costs: perLayer };
  const s = grid.stem;
  const h = grid.head;
  const flopsPerImage =
    stemCost(s.cIn, s.cOut, s.kernel, s.stride, s.inHW[0], s.inHW[1]).flops +
    perLayer.flat().reduce((a, b) => a + b, 0) +
    headCost(h.cIn, h.cOut, h.norm, grid.classes, h.inHW[0], h.inHW[1]).flops;
  return { name, spec, costs, flopsPerImage };
}
