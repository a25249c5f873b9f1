// Seeded, class-stratified splits train_w / train_theta / val / test as index arrays into a
// dataset. Rules, in order:
//  1. Size of each split (N = images in the dataset): `count` as given, or ⌊fraction·N + 1e-9⌋
//     (floor, with 1e-9 absorbing binary error such as 0.7·70000 = 48999.999…). Exactly one of
//     fraction/count per split. Any size > N, or a total of sizes > N, is a ConfigError (checked
//     before `limit`, so a limit never hides an impossible config). The images no split takes
//     are unused.
//  2. `limit` caps a size: effective size = min(size, limit). The cap is applied before drawing,
//     so a limited split is as stratified as a full one.
//  3. Per-class counts: controlled rounding (apportion.ts) of the table size_s·N_c/N over splits
//     × classes plus one "unused" row: each split's count of class c is the floor or the ceil of
//     its share (within ±1), each split has exactly its size, and no class is over-drawn.
//  4. Which images: per class, the image indices in ascending order are shuffled by the stream
//     Rng.derived(seed, "split/class/<c>") and cut into consecutive chunks in the order train_w,
//     train_theta, val, test. Each split's indices are then shuffled by
//     Rng.derived(seed, "split/order/<name>") so the split files are not sorted by class.
// Same labels, spec and seed give the same arrays; splits are disjoint by construction. Changing
// any split's size or limit can move images between all splits (the rounding is global).
import { ConfigError, DataError } from '../core/errors.js';
import { Rng } from '../core/rng.js';
import type { SplitSpec, SplitSpecs } from '../types/generated.js';
import { controlledRounding } from './apportion.js';
import { countPerClass } from './dataset.js';

export const SPLIT_NAMES = ['train_w', 'train_theta', 'val', 'test'] as const;
export type SplitName = (typeof SPLIT_NAMES)[number];
export type SplitIndices = Record<SplitName, Uint32Array>;

/** Where the split spec lives, for ConfigErrors (`configs/prepare-data.yaml#/splits/val/count`, a JSON pointer). */
export interface SpecLocation {
  file: string;
  path: string;
}

function sizeOf(spec: SplitSpec | undefined, total: number, at: SpecLocation, name: string): number {
  const path = `${at.path}/${name}`;
  if (!spec) throw new ConfigError(at.file, path, 'missing split');
  const { fraction, count } = spec;
  if ((fraction === undefined) === (count === undefined)) throw new ConfigError(at.file, path, 'give exactly one of fraction or count');
  let size: number;
  if (count !== undefined) {
    if (!Number.isInteger(count) || count < 0) throw new ConfigError(at.file, `${path}/count`, `${count} is not a non-negative integer`);
    size = count;
  } else {
    if (!(fraction! > 0 && fraction! <= 1)) throw new ConfigError(at.file, `${path}/fraction`, `${fraction} is not in (0, 1]`);
    size = Math.floor(fraction! * total + 1e-9);
  }
  if (size > total) throw new ConfigError(at.file, path, `size ${size} exceeds the ${total} images of the dataset`);
  return size;
}

/** Effective split sizes (after `limit`), with every check of rule 1 and 2. */
export function splitSizes(total: number, spec: SplitSpecs, at: SpecLocation = { file: "<config>", path: "/splits" }): Record<SplitName, number> {
  const sizes = SPLIT_NAMES.map((name) => sizeOf(spec[name], total, at, name));
  const sum = sizes.reduce((s, v) => s + v, 0);
  if (sum > total) {
    const list = SPLIT_NAMES.map((name, i) => `${name} ${sizes[i]}`).join(' + ');
    throw new ConfigError(at.file, at.path, `${list} = ${sum} images, more than the ${total} the dataset has`);
  }
  const out = {} as Record<SplitName, number>;
  SPLIT_NAMES.forEach((name, i) => {
    const limit = spec[name].limit;
    if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) throw new ConfigError(at.file, `${at.path}/${name}/limit`, `${limit} is not a positive integer`);
    out[name] = Math.min(sizes[i]!, limit ?? Infinity);
  });
  return out;
}

export function stratifiedSplit(labels: Uint8Array, numClasses: number, spec: SplitSpecs, seed: number, at?: SpecLocation): SplitIndices {
  for (let i = 0; i < labels.length; i++) {
    if (labels[i]! >= numClasses) throw new DataError('labels', `label ${labels[i]} of image ${i} is not below ${numClasses} classes`);
  }
  const sizes = splitSizes(labels.length, spec, at);
  const perClass = countPerClass(labels, numClasses);
  const used = SPLIT_NAMES.reduce((s, n) => s + sizes[n], 0);
  const table = controlledRounding([...SPLIT_NAMES.map((n) => sizes[n]), labels.length - used], perClass);

  const byClass = perClass.map((n) => new Uint32Array(n));
  const fill = new Array<number>(numClasses).fill(0);
  for (let i = 0; i < labels.length; i++) {
    const c = labels[i]!;
    byClass[c]![fill[c]!++] = i;
  }
  const out = {} as SplitIndices;
  SPLIT_NAMES.forEach((name) => (out[name] = new Uint32Array(sizes[name])));
  const filled = new Array<number>(SPLIT_NAMES.length).fill(0);
  byClass.forEach((members, c) => {
    Rng.derived(seed, `split/class/${c}`).shuffle(members);
    let next = 0;
    SPLIT_NAMES.forEach((name, s) => {
      const take = table[s]![c]!;
      out[name].set(members.subarray(next, next + take), filled[s]!);
      filled[s]! += take;
      next += take;
    });
  });
  for (const name of SPLIT_NAMES) Rng.derived(seed, `split/order/${name}`).shuffle(out[name]);
  return out;
}
