// Latency of a block whose widths are searched, from a few measurements: each (layer, op,
// resolution) is timed only at the corners of its width box — input width, output width and
// (where searched) expansion each at their smallest and largest choice — and any width inside is
// predicted by multilinear interpolation between the corners. An axis whose choice is fixed has
// lo = hi and one corner. k width choices per axis cost 2 measurements instead of k.
// Pure: no tfjs. Measurement lives in scripts/fbnet-v2-latency.ts.

export interface WidthBox {
  /** Per axis [lo, hi] (lo = hi: the axis is fixed). */
  axes: [number, number][];
  /** Latency at every corner, index = Σ_a bit_a·2^a (bit 1 = hi on axis a). */
  ms: number[];
}

/** The corner points of a box, in index order. */
export function corners(axes: readonly [number, number][]): number[][] {
  return Array.from({ length: 2 ** axes.length }, (_, i) => axes.map(([lo, hi], a) => ((i >> a) & 1 ? hi : lo)));
}

/** Multilinear interpolation at point p (one value per axis, inside the box). */
export function interpolate(box: WidthBox, p: readonly number[]): number {
  if (p.length !== box.axes.length) throw new RangeError(`width model: ${p.length} coordinates for ${box.axes.length} axes`);
  const t = box.axes.map(([lo, hi], a) => (hi === lo ? 0 : (p[a]! - lo) / (hi - lo)));
  return box.ms.reduce((sum, ms, i) => sum + ms * t.reduce((w, ta, a) => w * ((i >> a) & 1 ? ta : 1 - ta), 1), 0);
}
