// Batches per epoch of each training split and validation images, from either method's config
// branch: FBNet names a w and a θ budget, SPOS one budget over train_w. Pure.
import type { TrainSupernetConfig } from '../types/generated.js';

export function trainLimits(c: TrainSupernetConfig): { train_w: number | null; train_theta: number | null; valImages: number | null } {
  if (c.method === 'fbnet') return { train_w: c.limits.wBatchesPerEpoch, train_theta: c.limits.thetaBatchesPerEpoch, valImages: c.limits.valImages };
  return { train_w: c.limits.batchesPerEpoch, train_theta: 0, valImages: c.limits.valImages };
}
