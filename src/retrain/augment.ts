// Training-time augmentation on a normalised NHWC float batch: random crop after zero padding
// (padding with each channel's value of a black pixel, (0 − mean) / std, as padding the raw image
// would), random horizontal flip and optional Cutout (DARTS' evaluation recipe). Pure typed arrays; draws come from the caller's seeded Rng
// in a fixed order (per image: flip, then dy, then dx), so a resumed run augments identically.
import type { Rng } from '../core/rng.js';

export interface AugmentSpec {
  cropPadding: number;
  flip: boolean;
  /** Cutout side (0 / absent: off): a square set to 0 (the normalised mean) at a random centre, clipped at the borders. */
  cutout?: number;
}

export function augmentBatch(x: Float32Array, n: number, h: number, w: number, c: number, spec: AugmentSpec, blank: number[], rng: Rng): Float32Array {
  const cut = spec.cutout ?? 0;
  if (spec.cropPadding === 0 && !spec.flip && cut === 0) return x;
  const out = new Float32Array(x.length);
  const p = spec.cropPadding;
  const img = h * w * c;
  for (let i = 0; i < n; i++) {
    const flip = spec.flip && rng.int(0, 1) === 1;
    const dy = p > 0 ? rng.int(-p, p) : 0;
    const dx = p > 0 ? rng.int(-p, p) : 0;
    const base = i * img;
    for (let y = 0; y < h; y++) {
      const sy = y + dy;
      for (let xo = 0; xo < w; xo++) {
        const sxRaw = xo + dx;
        const sx = flip ? w - 1 - sxRaw : sxRaw;
        const o = base + (y * w + xo) * c;
        const inside = sy >= 0 && sy < h && sxRaw >= 0 && sxRaw < w;
        for (let ch = 0; ch < c; ch++) out[o + ch] = inside ? x[base + (sy * w + sx) * c + ch]! : blank[ch]!;
      }
    }
    if (cut > 0) {
      // DARTS' Cutout: drawn after the crop and flip, so streams without cutout are unchanged.
      const cy = rng.int(0, h - 1);
      const cx = rng.int(0, w - 1);
      const half = Math.floor(cut / 2);
      for (let y = Math.max(0, cy - half); y < Math.min(h, cy - half + cut); y++) {
        for (let xo = Math.max(0, cx - half); xo < Math.min(w, cx - half + cut); xo++) out.fill(0, base + (y * w + xo) * c, base + (y * w + xo + 1) * c);
      }
    }
  }
  return out;
}
