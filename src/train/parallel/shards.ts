// How a batch is split into shards and how the shards' results are combined, both fixed by the
// shard count alone (never by the worker count), so any number of workers gives the same bits.
//   split(n, s)       s contiguous shards of the batch's images, sizes differing by at most one
//   assign(s, w)      worker k computes shards k, k + w, k + 2w, ...
//   combine(...)      per variable, in shard order 0..s-1 and element order, in f32:
//                       gradient  Σ_s (n_s / N) · g_s   (each shard's loss is its own mean)
//                       statistic Σ_s (n_s / N) · v_s   (the moving averages after each shard's
//                                 forward from the same start: the start's momentum term plus
//                                 (1 − μ) × the size-weighted mean of the shards' batch statistics)
//                     a variable no shard wrote stays absent. combineInto does a range of variables
//                     (each worker combines its sliceOf the layout, so the sums run in parallel;
//                     a variable's sum is the same whoever computes it).
// Pure: no tfjs, no threads.
import type { Layout } from './layout.js';

export interface Shard {
  start: number;
  n: number;
}

export function split(n: number, shards: number): Shard[] {
  const out: Shard[] = [];
  let start = 0;
  for (let s = 0; s < shards; s++) {
    const size = Math.floor(n / shards) + (s < n % shards ? 1 : 0);
    out.push({ start, n: size });
    start += size;
  }
  return out;
}

export function assign(shards: number, workers: number, worker: number): number[] {
  const mine: number[] = [];
  for (let s = worker; s < shards; s += workers) mine.push(s);
  return mine;
}

/** The variables [from, to) worker k of w combines: contiguous, about total/w floats each. */
export function sliceOf(l: Layout, workers: number, k: number): [number, number] {
  const start = (j: number): number => {
    const at = Math.floor((j * l.total) / workers);
    const v = l.offsets.findIndex((o) => o >= at);
    return j >= workers || v < 0 ? l.vars.length : v;
  };
  return [start(k), start(k + 1)];
}

/** Combines variables [from, to) into `out` (laid out like params); outHas[v] = 1 where some shard wrote v. */
export function combineInto(l: Layout, slots: Float32Array, has: Uint8Array, sizes: number[], from: number, to: number, out: Float32Array, outHas: Uint8Array): void {
  const n = sizes.reduce((a, b) => a + b, 0);
  const weights = sizes.map((k) => Math.fround(k / n));
  for (let v = from; v < to; v++) {
    const off = l.offsets[v]!;
    const len = (l.offsets[v + 1] ?? l.total) - off;
    const acc = out.subarray(off, off + len);
    // Shards in order; the first is held back so the second can be summed with it in one pass
    // (half the memory traffic of two passes, the same f32 roundings).
    let held: Float32Array | null = null;
    let wHeld = 0;
    let written = 0;
    for (let s = 0; s < sizes.length; s++) {
      if (!has[s * l.vars.length + v] || sizes[s] === 0) continue;
      const src = slots.subarray(s * l.total + off, s * l.total + off + len);
      const w = weights[s]!;
      if (written === 0) [held, wHeld] = [src, w];
      else if (written === 1) for (let i = 0; i < len; i++) acc[i] = Math.fround(wHeld * held![i]!) + Math.fround(w * src[i]!);
      else for (let i = 0; i < len; i++) acc[i] = acc[i]! + Math.fround(w * src[i]!);
      written++;
    }
    if (written === 1) for (let i = 0; i < len; i++) acc[i] = wHeld * held![i]!;
    outHas[v] = written ? 1 : 0;
  }
}

/** Combined value per variable index (null when no shard wrote it). */
export function combine(l: Layout, slots: Float32Array, has: Uint8Array, sizes: number[]): (Float32Array | null)[] {
  const out = new Float32Array(l.total);
  const outHas = new Uint8Array(l.vars.length);
  combineInto(l, slots, has, sizes, 0, l.vars.length, out, outHas);
  return l.vars.map((_, v) => (outHas[v] ? out.slice(l.offsets[v]!, l.offsets[v + 1] ?? l.total) : null));
}
