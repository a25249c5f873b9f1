// Source `cifar10`: the official CIFAR-10 binary version (https://www.cs.toronto.edu/~kriz/cifar.html),
// i.e. the extracted cifar-10-batches-bin directory: data_batch_1.bin .. data_batch_5.bin and
// test_batch.bin. Each file is a sequence of 3073-byte records: 1 label byte (0..9), then a 32x32
// image as three 1024-byte planes R, G, B, each row-major (CHW). We transpose to NHWC, the layout
// of every nasflow dataset. test_batch is the source's test set (Dataset.officialTest). The official files hold 10000 records each; any whole number of
// records is accepted so that small fixtures and subsets load too. Class names come from
// batches.meta.txt (one name per line) when present, else the standard ten.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataError } from '../../core/errors.js';
import { checkDataset, type Dataset, fileRecord, type SourceFile } from '../dataset.js';
import { readInput, sourceDir } from '../files.js';
import { type LoadContext, loadContext, type SourceDef } from '../registry.js';

export interface Cifar10Options {
  dir: string;
}

export const CIFAR10_FILES = ['data_batch_1.bin', 'data_batch_2.bin', 'data_batch_3.bin', 'data_batch_4.bin', 'data_batch_5.bin', 'test_batch.bin'];
export const CIFAR10_CLASSES = ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'];
const SIDE = 32;
const PLANE = SIDE * SIDE;
const RECORD = 1 + 3 * PLANE;

function classNames(absDir: string, dir: string, files: SourceFile[]): string[] {
  const meta = join(absDir, 'batches.meta.txt');
  if (!existsSync(meta)) return CIFAR10_CLASSES;
  const bytes = new Uint8Array(readFileSync(meta));
  files.push(fileRecord(join(dir, 'batches.meta.txt'), bytes));
  const names = new TextDecoder().decode(bytes).split(/\r?\n/).map((l) => l.trim()).filter((l) => l.length > 0);
  if (names.length !== 10) throw new DataError(join(dir, 'batches.meta.txt'), `${names.length} class names, expected 10 (one per line)`);
  return names;
}

export function loadCifar10(options: Cifar10Options, context: Partial<LoadContext> = {}): Dataset {
  const { baseDir } = loadContext(context);
  const absDir = sourceDir(options.dir, baseDir);
  // Read and check every file before allocating the result, so a bad last file fails fast.
  const inputs = CIFAR10_FILES.map((f) => {
    const input = readInput(absDir, options.dir, f, false);
    const where = join(options.dir, f);
    const n = input.data.length;
    if (n === 0 || n % RECORD !== 0) {
      throw new DataError(where, `${n} bytes is not a whole number of ${RECORD}-byte records (1 label + 3x32x32 pixels); truncated or not a CIFAR-10 binary batch`);
    }
    for (let r = 0; r < n / RECORD; r++) {
      const label = input.data[r * RECORD]!;
      if (label > 9) throw new DataError(where, `label ${label} of record ${r} is out of range 0..9`);
    }
    return input;
  });
  const count = inputs.reduce((s, i) => s + i.data.length / RECORD, 0);
  const images = new Uint8Array(count * RECORD - count);
  const labels = new Uint8Array(count);
  let k = 0;
  for (const { data } of inputs) {
    for (let off = 0; off < data.length; off += RECORD, k++) {
      labels[k] = data[off]!;
      const out = k * 3 * PLANE;
      // CHW -> HWC: pixel p of plane c goes to out + 3p + c.
      for (let c = 0; c < 3; c++) {
        const plane = off + 1 + c * PLANE;
        for (let p = 0; p < PLANE; p++) images[out + 3 * p + c] = data[plane + p]!;
      }
    }
  }
  const files = inputs.map((i) => i.record);
  const names = classNames(absDir, options.dir, files);
  const trainCount = count - inputs[inputs.length - 1]!.data.length / RECORD;
  return checkDataset({
    images,
    labels,
    count,
    height: SIDE,
    width: SIDE,
    channels: 3,
    classNames: names,
    source: { kind: 'cifar10', files },
    officialTest: Uint32Array.from({ length: count - trainCount }, (_, k) => trainCount + k),
    notes: [`cifar10: images 0..${trainCount - 1} from data_batch_1..5, ${trainCount}..${count - 1} from test_batch`],
  });
}

export const cifar10Source: SourceDef<'cifar10'> = {
  kind: 'cifar10',
  summary: 'CIFAR-10 binary batches (data_batch_1..5.bin, test_batch.bin) in a local directory',
  load: (options, ctx) => loadCifar10(options, ctx),
};
