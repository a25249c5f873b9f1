// Source `idx`: MNIST / Fashion-MNIST in the official IDX format (http://yann.lecun.com/exdb/mnist/).
// A directory holds train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte and
// t10k-labels-idx1-ubyte, each raw or .gz. IDX is big-endian: a 4-byte magic number
// (0x00000803 = 2051: unsigned bytes, 3 dimensions; 0x00000801 = 2049: unsigned bytes, 1
// dimension), then one uint32 per dimension (count[, rows, cols]), then the data, row-major.
// The train and t10k parts are concatenated (train first); t10k is the source's test set
// (Dataset.officialTest), the default test split.
import { join } from 'node:path';
import { ConfigError, DataError } from '../../core/errors.js';
import { checkDataset, type Dataset } from '../dataset.js';
import { type InputFile, looksGzipped, readInput, sourceDir } from '../files.js';
import { type LoadContext, loadContext, type SourceDef } from '../registry.js';

export interface IdxOptions {
  dir: string;
  /** Number of classes; every label must be below it (default 10). */
  classes?: number;
  /** One name per class; default the label digits "0".."classes-1". */
  classNames?: string[];
}

const IMAGES_MAGIC = 2051;
const LABELS_MAGIC = 2049;
export const IDX_PARTS = ['train', 't10k'] as const;

interface Part {
  images: Uint8Array;
  labels: Uint8Array;
  count: number;
  rows: number;
  cols: number;
}

function header(file: InputFile, dir: string, magic: number, dims: number): number[] {
  const where = join(dir, file.name);
  const d = file.data;
  const need = 4 + 4 * dims;
  const view = new DataView(d.buffer, d.byteOffset, d.byteLength);
  // The magic number first: a swapped or foreign file is better described by it than by its size.
  if (d.length >= 4) {
    const found = view.getUint32(0, false);
    if (found !== magic) {
      const kind = magic === IMAGES_MAGIC ? 'IDX3 images' : 'IDX1 labels';
      const hint = looksGzipped(d) ? '; the file is gzip-compressed, name it with a .gz suffix' : '';
      throw new DataError(where, `magic number ${found}, expected ${magic} (${kind})${hint}`);
    }
  }
  if (d.length < need) throw new DataError(where, `truncated: ${d.length} bytes, shorter than the ${need}-byte IDX header`);
  const sizes = Array.from({ length: dims }, (_, i) => view.getUint32(4 + 4 * i, false));
  const expected = need + sizes.reduce((a, b) => a * b, 1);
  if (d.length < expected) {
    throw new DataError(where, `truncated: header declares ${sizes.join('x')} (${expected} bytes with header), file has ${d.length} bytes`);
  }
  if (d.length > expected) {
    throw new DataError(where, `${d.length - expected} trailing bytes after the ${sizes.join('x')} data the header declares`);
  }
  return sizes;
}

function readPart(absDir: string, dir: string, part: string, classes: number): { part: Part; files: InputFile[] } {
  const img = readInput(absDir, dir, `${part}-images-idx3-ubyte`, true);
  const lab = readInput(absDir, dir, `${part}-labels-idx1-ubyte`, true);
  const [count = 0, rows = 0, cols = 0] = header(img, dir, IMAGES_MAGIC, 3);
  const [labelCount = 0] = header(lab, dir, LABELS_MAGIC, 1);
  if (rows === 0 || cols === 0) throw new DataError(join(dir, img.name), `image size ${rows}x${cols}, expected at least 1x1`);
  if (labelCount !== count) {
    throw new DataError(join(dir, lab.name), `${labelCount} labels, but ${img.name} has ${count} images`);
  }
  const labels = lab.data.subarray(8);
  for (let i = 0; i < labels.length; i++) {
    if (labels[i]! >= classes) {
      throw new DataError(join(dir, lab.name), `label ${labels[i]} of item ${i} is out of range for ${classes} classes (0..${classes - 1})`);
    }
  }
  return { part: { images: img.data.subarray(16), labels, count, rows, cols }, files: [img, lab] };
}

export function loadIdx(options: IdxOptions, context: Partial<LoadContext> = {}): Dataset {
  const { baseDir, configFile, path } = loadContext(context);
  const classes = options.classes ?? 10;
  if (!Number.isInteger(classes) || classes < 2 || classes > 256) throw new ConfigError(configFile, `${path}/classes`, `${classes} is not an integer in 2..256`);
  const classNames = options.classNames ?? Array.from({ length: classes }, (_, i) => String(i));
  if (classNames.length !== classes) {
    throw new ConfigError(configFile, `${path}/classNames`, `${classNames.length} names for ${classes} classes`);
  }
  const absDir = sourceDir(options.dir, baseDir);
  const read = IDX_PARTS.map((p) => readPart(absDir, options.dir, p, classes));
  const [train, test] = read.map((r) => r.part) as [Part, Part];
  if (train.rows !== test.rows || train.cols !== test.cols) {
    const t10k = read[1]!.files[0]!.name;
    throw new DataError(join(options.dir, t10k), `images are ${test.rows}x${test.cols}, but the train images are ${train.rows}x${train.cols}`);
  }
  const images = new Uint8Array(train.images.length + test.images.length);
  images.set(train.images, 0);
  images.set(test.images, train.images.length);
  const labels = new Uint8Array(train.count + test.count);
  labels.set(train.labels, 0);
  labels.set(test.labels, train.count);
  return checkDataset({
    images,
    labels,
    count: train.count + test.count,
    height: train.rows,
    width: train.cols,
    channels: 1,
    classNames,
    source: { kind: 'idx', files: read.flatMap((r) => r.files.map((f) => f.record)) },
    officialTest: Uint32Array.from({ length: test.count }, (_, k) => train.count + k),
    notes: [`idx: images 0..${train.count - 1} from the train files, ${train.count}..${train.count + test.count - 1} from t10k`],
  });
}

export const idxSource: SourceDef<'idx'> = {
  kind: 'idx',
  summary: 'MNIST / Fashion-MNIST IDX files (raw or .gz) in a local directory',
  load: (options, ctx) => loadIdx(options, ctx),
};
