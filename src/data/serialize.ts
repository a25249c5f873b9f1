// The split files of the prepare-data artifact and their reader. Format: for split <name>,
// `<name>.images.u8` holds count·H·W·C bytes (NHWC: image, row, column, channel; no header) and
// `<name>.labels.u8` holds count bytes, image k of one file belonging with byte k of the other,
// both in the split's index order. Shape, classes and per-split counts live in meta.json
// (schemas/dataset.schema.json), which readSplit checks every file against, so a truncated or
// swapped file is a DataError naming it rather than a silently misaligned batch.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataError } from '../core/errors.js';
import type { DatasetMeta } from '../types/generated.js';
import type { Dataset } from './dataset.js';
import type { SplitName } from './split.js';

export function splitFileNames(name: SplitName): { images: string; labels: string } {
  return { images: `${name}.images.u8`, labels: `${name}.labels.u8` };
}

export interface SplitBytes {
  images: Uint8Array;
  labels: Uint8Array;
}

/** The bytes of one split's two files: the dataset's images and labels gathered in index order. */
export function gatherSplit(ds: Dataset, indices: Uint32Array): SplitBytes {
  const perImage = ds.height * ds.width * ds.channels;
  const images = new Uint8Array(indices.length * perImage);
  const labels = new Uint8Array(indices.length);
  indices.forEach((i, k) => {
    if (i >= ds.count) throw new RangeError(`image index ${i} is outside the ${ds.count} images`);
    images.set(ds.images.subarray(i * perImage, (i + 1) * perImage), k * perImage);
    labels[k] = ds.labels[i]!;
  });
  return { images, labels };
}

export interface SplitData extends SplitBytes {
  count: number;
  height: number;
  width: number;
  channels: number;
  classNames: string[];
}

function readBytes(file: string): Uint8Array {
  if (!existsSync(file)) throw new DataError(file, 'split file not found (run prepare-data)');
  const buf = readFileSync(file);
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.length);
}

/** Loads split `name` of a prepare-data artifact directory, checked against its meta.json. */
export function readSplit(dir: string, name: SplitName, meta: DatasetMeta): SplitData {
  const split = meta.splits[name];
  const [height, width, channels] = meta.shape;
  const imagesFile = join(dir, split.images);
  const labelsFile = join(dir, split.labels);
  const images = readBytes(imagesFile);
  const labels = readBytes(labelsFile);
  const want = split.count * height * width * channels;
  if (images.length !== want) {
    throw new DataError(imagesFile, `${images.length} bytes, expected ${split.count} images of ${height}x${width}x${channels} = ${want} (meta.json)`);
  }
  if (labels.length !== split.count) throw new DataError(labelsFile, `${labels.length} labels, expected ${split.count} (meta.json)`);
  const counts = new Array<number>(meta.classes).fill(0);
  for (let k = 0; k < labels.length; k++) {
    const l = labels[k]!;
    if (l >= meta.classes) throw new DataError(labelsFile, `label ${l} of item ${k} is not below the ${meta.classes} classes`);
    counts[l]!++;
  }
  const c = counts.findIndex((n, i) => n !== split.perClass[i]);
  if (c >= 0 || split.perClass.length !== meta.classes) {
    throw new DataError(labelsFile, `per-class counts [${counts.join(', ')}] differ from meta.json's [${split.perClass.join(', ')}]`);
  }
  return { images, labels, count: split.count, height, width, channels, classNames: meta.classNames };
}
