// The in-memory dataset every source returns and every later step (split, stats, serialise)
// consumes. Format: images are uint8 pixels in NHWC order (image-major, then row, column,
// channel), exactly the byte layout of the `<split>.images.u8` artifact files, so a split is a
// gather of whole images and never a per-pixel conversion. Labels are one uint8 per image
// (class index into classNames), which caps a dataset at 256 classes.
import { DataError } from '../core/errors.js';
import { sha256 } from '../core/hash.js';

/** One input file a dataset was read from, hashed as it lies on disk (compressed if .gz). */
export interface SourceFile {
  path: string;
  sha256: string;
  bytes: number;
}

export interface Dataset {
  /** count*height*width*channels bytes, NHWC. */
  images: Uint8Array;
  /** count bytes, each < classNames.length. */
  labels: Uint8Array;
  count: number;
  height: number;
  width: number;
  channels: number;
  classNames: string[];
  /** kind: the registry name of the source; files: empty for generated data. */
  source: { kind: string; files: SourceFile[] };
  /**
   * Indices (ascending) of the images the source itself designates as its test set (Fashion-MNIST's
   * 10,000, IDX t10k, CIFAR-10 test_batch); absent when it has none (synthetic).
   */
  officialTest?: Uint32Array;
  /** Facts about the source a user should see in the metadata (dropped entries, origin of images). */
  notes: string[];
}

/** Record of a file's bytes as read (hashing the buffer we already hold avoids a second read). */
export function fileRecord(path: string, bytes: Uint8Array): SourceFile {
  return { path, sha256: sha256(bytes), bytes: bytes.length };
}

/**
 * Hash identifying the source: for file-backed sources, sha256 over the sorted "sha256  path"
 * lines of its files (the sha256sum format, so a user can check it by hand); for generated data,
 * sha256 over the image bytes followed by the label bytes.
 */
export function sourceSha256(ds: Dataset): string {
  if (ds.source.files.length > 0) {
    const lines = ds.source.files.map((f) => `${f.sha256}  ${f.path}\n`).sort();
    return sha256(lines.join(''));
  }
  const all = new Uint8Array(ds.images.length + ds.labels.length);
  all.set(ds.images, 0);
  all.set(ds.labels, ds.images.length);
  return sha256(all);
}

/**
 * Checks the invariants every consumer relies on; sources call it last so that a bug in a source
 * (or a file that decodes to the wrong size) fails here, naming the source, instead of as an
 * out-of-range read three stages later.
 */
export function checkDataset(ds: Dataset): Dataset {
  const where = `${ds.source.kind} dataset`;
  const pixels = ds.height * ds.width * ds.channels;
  for (const [k, v] of Object.entries({ height: ds.height, width: ds.width, channels: ds.channels })) {
    if (!Number.isInteger(v) || v < 1) throw new DataError(where, `${k} is ${v}, expected a positive integer`);
  }
  if (ds.images.length !== ds.count * pixels) {
    throw new DataError(where, `${ds.images.length} image bytes, expected ${ds.count}*${ds.height}*${ds.width}*${ds.channels} = ${ds.count * pixels}`);
  }
  if (ds.labels.length !== ds.count) throw new DataError(where, `${ds.labels.length} labels for ${ds.count} images`);
  const classes = ds.classNames.length;
  if (classes < 2 || classes > 256) throw new DataError(where, `${classes} class names, expected 2..256`);
  if (ds.officialTest?.some((i) => i >= ds.count)) throw new DataError(where, `a test index is outside the ${ds.count} images`);
  for (let i = 0; i < ds.count; i++) {
    if (ds.labels[i]! >= classes) throw new DataError(where, `label ${ds.labels[i]} of image ${i} is not below the ${classes} classes`);
  }
  return ds;
}

/** Images per class, indexed by label. */
export function countPerClass(labels: Uint8Array, numClasses: number): number[] {
  const counts = new Array<number>(numClasses).fill(0);
  for (const l of labels) counts[l] = (counts[l] ?? 0) + 1;
  return counts;
}
