// The data retrain trains on: train_w ∪ train_theta (both halves FBNet kept apart during search)
// as one training set, and val for choosing the epoch. test is not read. Normalisation uses the
// training splits' channel statistics from meta.json.
import { join } from 'node:path';
import { readDocument } from '../artifacts/io.js';
import { NasflowError } from '../core/errors.js';
import { readSplit, type SplitData } from '../data/index.js';
import type { NormalizedSpace } from '../spaces/normalize.js';
import type { DatasetMeta } from '../types/generated.js';

export interface RetrainData {
  meta: DatasetMeta;
  train: SplitData;
  val: SplitData;
  /** Per-channel normalised value of a black pixel. */
  blank: number[];
}

function concat(a: SplitData, b: SplitData): SplitData {
  const images = new Uint8Array(a.images.length + b.images.length);
  images.set(a.images);
  images.set(b.images, a.images.length);
  const labels = new Uint8Array(a.labels.length + b.labels.length);
  labels.set(a.labels);
  labels.set(b.labels, a.labels.length);
  return { ...a, images, labels, count: a.count + b.count };
}

export function loadRetrainData(dir: string, space: Pick<NormalizedSpace, 'name' | 'input' | 'classes'>): RetrainData {
  const file = join(dir, 'meta.json');
  const meta = readDocument<DatasetMeta>(file, 'dataset');
  if (meta.shape.join('x') !== space.input.join('x') || meta.classes !== space.classes) {
    throw new NasflowError('E_UPSTREAM', `${file}: the data is ${meta.shape.join('x')} with ${meta.classes} classes, the search space ${space.name} expects ${space.input.join('x')} with ${space.classes}`);
  }
  const train = concat(readSplit(dir, 'train_w', meta), readSplit(dir, 'train_theta', meta));
  return { meta, train, val: readSplit(dir, 'val', meta), blank: meta.stats.mean.map((m, i) => -m / meta.stats.std[i]!) };
}
