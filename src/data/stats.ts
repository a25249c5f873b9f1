// Statistics of splits for the dataset metadata: image counts per class per split, and the
// per-channel mean and standard deviation of pixel/255 (population std, i.e. divided by the
// number of values) over the union of some splits — the training splits, so that input
// normalisation never sees validation or test images. Sums are accumulated as exact integers
// (max 255² per value; exact in a double up to ~1.3e11 values) before the final division.
import type { Dataset } from './dataset.js';
import { SPLIT_NAMES, type SplitIndices, type SplitName } from './split.js';

export function classCounts(labels: Uint8Array, indices: Uint32Array, numClasses: number): number[] {
  const counts = new Array<number>(numClasses).fill(0);
  for (const i of indices) {
    const l = labels[i]!;
    if (l >= numClasses) throw new RangeError(`label ${l} of image ${i} is not below ${numClasses} classes`);
    counts[l]!++;
  }
  return counts;
}

export function classCountsBySplit(labels: Uint8Array, splits: SplitIndices, numClasses: number): Record<SplitName, number[]> {
  const out = {} as Record<SplitName, number[]>;
  for (const name of SPLIT_NAMES) out[name] = classCounts(labels, splits[name], numClasses);
  return out;
}

export interface ChannelMoments {
  /** Mean of pixel/255 per channel. */
  mean: number[];
  /** Population standard deviation of pixel/255 per channel. */
  std: number[];
}

export function channelStats(ds: Dataset, parts: readonly Uint32Array[]): ChannelMoments {
  const ch = ds.channels;
  const perImage = ds.height * ds.width * ch;
  const sum = new Array<number>(ch).fill(0);
  const sumSq = new Array<number>(ch).fill(0);
  let images = 0;
  for (const indices of parts) {
    for (const i of indices) {
      if (i >= ds.count) throw new RangeError(`image index ${i} is outside the ${ds.count} images`);
      const base = i * perImage;
      // Per-image partial sums stay small integers; fold them into the totals once per image.
      for (let c = 0; c < ch; c++) {
        let s = 0;
        let q = 0;
        for (let p = base + c; p < base + perImage; p += ch) {
          const v = ds.images[p]!;
          s += v;
          q += v * v;
        }
        sum[c]! += s;
        sumSq[c]! += q;
      }
      images++;
    }
  }
  if (images === 0) throw new RangeError('channel statistics over zero images');
  const n = images * ds.height * ds.width;
  const mean = sum.map((s) => s / n);
  const std = sumSq.map((q, c) => Math.sqrt(Math.max(0, q / n - mean[c]! ** 2)));
  return { mean: mean.map((m) => m / 255), std: std.map((s) => s / 255) };
}
