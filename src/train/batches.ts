// Batches of one split as normalised float tensors. The order of an epoch is a pure function of
// (seed, split, epoch) — a seeded shuffle of every image index — so a checkpoint only records how
// many batches of the epoch are done. Training takes the first `perEpoch` full batches of the
// epoch's order (a fresh random subset every epoch when perEpoch is below the split; partial last
// batches are dropped so BatchNorm always sees `batch` images); evaluation walks the split in file
// order, the last batch partial, optionally stopping after `limit` images.
// Pixels: (v / 255 − mean_c) / std_c with the training splits' channel statistics (meta.json).
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '../core/rng.js';
import type { SplitData } from '../data/index.js';

export interface ChannelNorm {
  mean: number[];
  std: number[];
}

export interface Batch {
  x: tf.Tensor4D;
  labels: Int32Array;
}

export class SplitBatches {
  private readonly table: Float32Array;
  private readonly pixels: number;

  constructor(readonly name: string, readonly data: SplitData, norm: ChannelNorm, readonly batch: number) {
    const c = data.channels;
    this.pixels = data.height * data.width * c;
    // One lookup per (channel, byte value): normalising a batch is then a table read per pixel.
    this.table = new Float32Array(256 * c);
    for (let ch = 0; ch < c; ch++) for (let v = 0; v < 256; v++) this.table[ch * 256 + v] = (v / 255 - norm.mean[ch]!) / norm.std[ch]!;
  }

  /** Full batches available per epoch, capped by `perEpoch` (null: all). */
  batchesPerEpoch(perEpoch: number | null): number {
    const full = Math.floor(this.data.count / this.batch);
    return perEpoch === null ? full : Math.min(full, perEpoch);
  }

  /** The epoch's shuffled image order. */
  order(seed: number, epoch: number): Uint32Array {
    const idx = Uint32Array.from({ length: this.data.count }, (_, i) => i);
    return Rng.derived(seed, `order/${this.name}/epoch${epoch}`).shuffle(idx) as Uint32Array;
  }

  /** Batch k of an order (training). */
  take(order: Uint32Array, k: number): Batch {
    return this.gather(order.subarray(k * this.batch, (k + 1) * this.batch));
  }

  /** Evaluation batches in file order over the first `limit` images (null: all). */
  *sequential(limit: number | null): Generator<Batch> {
    const n = limit === null ? this.data.count : Math.min(limit, this.data.count);
    for (let s = 0; s < n; s += this.batch) yield this.gather(Uint32Array.from({ length: Math.min(this.batch, n - s) }, (_, i) => s + i));
  }

  private gather(idx: Uint32Array): Batch {
    const { images, labels: all, channels: c } = this.data;
    const px = this.pixels;
    const out = new Float32Array(idx.length * px);
    const labels = new Int32Array(idx.length);
    for (let r = 0; r < idx.length; r++) {
      const src = idx[r]! * px;
      for (let p = 0; p < px; p++) out[r * px + p] = this.table[(p % c) * 256 + images[src + p]!]!;
      labels[r] = all[idx[r]!]!;
    }
    return { x: tf.tensor4d(out, [idx.length, this.data.height, this.data.width, c]), labels };
  }
}
