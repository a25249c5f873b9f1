// Source `synthetic`: seeded, class-separable images of a configured shape, for tests and smoke
// runs. Each class has a prototype: a coarse grid (up to 4x4 cells per channel) of seeded
// intensities in 32..223, upsampled to height x width by nearest neighbour, so classes differ in
// large blobs that a small conv net learns in a few epochs at any resolution. An image is its
// class prototype plus independent seeded noise uniform in [-noise, +noise] (clamped to 0..255).
// Labels are balanced (image i has class i mod classes before a seeded shuffle). Everything is
// drawn from streams derived from the seed, so the same options always give the same bytes.
import { ConfigError } from '../../core/errors.js';
import { Rng } from '../../core/rng.js';
import { checkDataset, type Dataset } from '../dataset.js';
import { type LoadContext, loadContext, type SourceDef, type SourceOptions } from '../registry.js';

/** The config's synthetic source (seed defaults to the config's seed, LoadContext.seed), plus
 *  `noise`: amplitude in pixel units (default 48: classes stay separable, pixels are not copies). */
export type SyntheticOptions = Omit<SourceOptions<'synthetic'>, 'kind'> & { noise?: number };

const GRID = 4;

function prototype(rng: Rng, h: number, w: number, ch: number): Uint8Array {
  const gh = Math.min(GRID, h);
  const gw = Math.min(GRID, w);
  const cells = Array.from({ length: gh * gw * ch }, () => rng.int(32, 223));
  const img = new Uint8Array(h * w * ch);
  for (let y = 0; y < h; y++) {
    const cy = Math.floor((y * gh) / h);
    for (let x = 0; x < w; x++) {
      const cx = Math.floor((x * gw) / w);
      for (let c = 0; c < ch; c++) img[(y * w + x) * ch + c] = cells[(cy * gw + cx) * ch + c]!;
    }
  }
  return img;
}

export function loadSynthetic(options: SyntheticOptions, context: Partial<LoadContext> = {}): Dataset {
  const ctx = loadContext(context);
  const { count, height, width, channels, classes } = options;
  const noise = options.noise ?? 48;
  const checks: [string, number, number, number][] = [
    ['count', count, 1, 2 ** 31],
    ['height', height, 1, 4096],
    ['width', width, 1, 4096],
    ['channels', channels, 1, 4],
    ['classes', classes, 2, 256],
    ['noise', noise, 0, 255],
  ];
  for (const [key, v, lo, hi] of checks) {
    if (!Number.isInteger(v) || v < lo || v > hi) throw new ConfigError(ctx.configFile, `${ctx.path}/${key}`, `${v} is not an integer in ${lo}..${hi}`);
  }
  const seed = options.seed ?? ctx.seed;
  const pixels = height * width * channels;
  const protos = Array.from({ length: classes }, (_, c) => prototype(Rng.derived(seed, `synthetic/prototype/${c}`), height, width, channels));
  const order = Uint32Array.from({ length: count }, (_, i) => i);
  Rng.derived(seed, 'synthetic/labels').shuffle(order);
  const labels = new Uint8Array(count);
  order.forEach((k, i) => (labels[i] = k % classes));
  const images = new Uint8Array(count * pixels);
  const rng = Rng.derived(seed, 'synthetic/noise');
  for (let i = 0; i < count; i++) {
    const proto = protos[labels[i]!]!;
    const base = i * pixels;
    for (let p = 0; p < pixels; p++) {
      const v = proto[p]! + (noise > 0 ? rng.int(-noise, noise) : 0);
      images[base + p] = v < 0 ? 0 : v > 255 ? 255 : v;
    }
  }
  return checkDataset({
    images,
    labels,
    count,
    height,
    width,
    channels,
    classNames: Array.from({ length: classes }, (_, c) => `class ${c}`),
    source: { kind: 'synthetic', files: [] },
    notes: [`synthetic: seed ${seed}, noise ±${noise}, ${classes} balanced classes of coarse ${Math.min(GRID, height)}x${Math.min(GRID, width)} prototypes`],
  });
}

export const syntheticSource: SourceDef<'synthetic'> = {
  kind: 'synthetic',
  summary: 'seeded, class-separable images of a configured shape, for tests and smoke runs',
  load: (options, ctx) => loadSynthetic(options, ctx),
};
