// Validation of the supernet after an epoch, on val (never test): the method's validation mixture
// (`mixture`), and one architecture alone (`alone`, the exported one). Either may first
// recalibrate the BN statistics under the validated mixes on RECALIBRATION_BATCHES seeded train_w
// batches (as SPOS scores paths): the moving statistics were gathered under the training draws,
// whose spread differs from what is validated — a softmax(θ) mixture that is neither uniform nor
// one-hot, or one path. The supernet's statistics are restored afterwards, so training goes on
// exactly as if nothing had been measured.
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '../core/rng.js';
import type { Method, TrainSplit } from '../methods/method.js';
import { recalibrateBn } from '../supernet/recalibrate.js';
import type { LayerMix } from '../supernet/mixing.js';
import type { TrainableNet } from '../supernet/net.js';
import type { SplitBatches } from './batches.js';
import { evalBatch } from './step.js';

/** Train_w batches the statistics are recalibrated on before a validation that asks for it. */
export const RECALIBRATION_BATCHES = 8;

export interface ValScores {
  images: number;
  ce: number;
  top1: number;
  top5: number;
}

export interface ValidationContext {
  net: TrainableNet;
  method: Method;
  data: Record<TrainSplit | 'val', SplitBatches>;
  seed: number;
  valImages: number | null;
}

/** Val scores with `mixes` per batch (absent: the method's own evalMixes from `rng` at `temperature`). */
export function validate(v: ValidationContext, o: { rng: Rng; temperature: number; mixes?: () => LayerMix[]; recalibrate: boolean }): ValScores {
  const { net, method } = v;
  const recalRng = Rng.derived(v.seed, 'eval/recalibrate');
  const restore = o.recalibrate ? recalibrate(v, o.mixes ?? (() => method.policy.evalMixes(recalRng, o.temperature))) : null;
  const s = { images: 0, ce: 0, top1: 0, top5: 0 };
  for (const batch of v.data.val.sequential(v.valImages)) {
    const r = evalBatch(net, method, o.rng, batch, o.temperature, o.mixes);
    batch.x.dispose();
    s.images += batch.labels.length;
    s.ce += r.ce;
    s.top1 += r.top1;
    s.top5 += r.top5;
  }
  restore?.();
  const d = Math.max(s.images, 1);
  return { images: s.images, ce: s.ce / d, top1: s.top1 / d, top5: s.top5 / d };
}

/** Sets every BN the mixes reach to its exact moments on seeded train_w batches; returns the undo. */
function recalibrate(v: ValidationContext, mixes: () => LayerMix[]): () => void {
  const { net } = v;
  const stats = net.state(['stat']);
  const dropoutSeed = net.dropoutSeed;
  const order = v.data.train_w.order(v.seed, -1);
  const batches = Array.from({ length: Math.min(RECALIBRATION_BATCHES, v.data.train_w.batchesPerEpoch(null)) }, (_, k) => v.data.train_w.take(order, k));
  recalibrateBn(batches.map((b) => b.x), (x) => net.forward(x, mixes(), true));
  tf.dispose(batches.map((b) => b.x));
  net.dropoutSeed = dropoutSeed;
  return () => net.loadState(stats, 'supernet statistics before a recalibrated validation', ['stat']);
}
