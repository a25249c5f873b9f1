// Scores one path of a trained supernet the SPOS way: BN statistics recalibrated on a fixed,
// seeded subset of train_w (src/supernet/recalibrate.ts), then top-1 on the first val images,
// with BN moving statistics and no noise. The batches are built once and reused for every
// candidate; a path's score depends only on the path (every BN it runs is recomputed), never on
// which paths were scored before it. The head's dropout seed is restored after recalibration.
import * as tf from '@tensorflow/tfjs-core';
import type { Choice } from '../methods/choices.js';
import { oneHotMixes } from '../methods/policies/uniform.js';
import { recalibrateBn } from '../supernet/recalibrate.js';
import type { Supernet } from '../supernet/supernet.js';
import type { Batch, SplitBatches } from '../train/batches.js';
import { topkHits } from '../train/metrics.js';

export class PathScorer {
  private readonly recal: tf.Tensor4D[];
  private readonly val: Batch[];

  constructor(
    private readonly net: Supernet,
    private readonly choices: readonly Choice[],
    train: SplitBatches,
    val: SplitBatches,
    o: { seed: number; recalibrationBatches: number; valImages: number | null },
  ) {
    const order = train.order(o.seed, 0);
    const n = train.batchesPerEpoch(o.recalibrationBatches);
    this.recal = Array.from({ length: n }, (_, k) => train.take(order, k).x);
    this.val = [...val.sequential(o.valImages)];
  }

  get valImages(): number {
    return this.val.reduce((s, b) => s + b.labels.length, 0);
  }

  score(picks: readonly number[]): number {
    const { net, choices } = this;
    const dropoutSeed = net.dropoutSeed;
    recalibrateBn(this.recal, (x) => net.forward(x, oneHotMixes(choices, picks), true));
    net.dropoutSeed = dropoutSeed;
    let hits = 0;
    for (const b of this.val) {
      const logits = tf.tidy(() => net.forward(b.x, oneHotMixes(choices, picks), false).logits);
      hits += topkHits(logits.dataSync() as Float32Array, b.labels, net.spec.classes).top1;
      logits.dispose();
    }
    return hits / Math.max(this.valImages, 1);
  }

  dispose(): void {
    tf.dispose([...this.recal, ...this.val.map((b) => b.x)]);
  }
}
