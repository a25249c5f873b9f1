// Contract: readInto(t, out, offset) copies a float32 tensor's values to out[offset ..] straight
// from where this thread's backend keeps them (the wasm heap, the cpu backend's arrays), without
// the intermediate array dataSync() allocates: one copy instead of two and no garbage per variable
// per step (the data-parallel pool copies every parameter, gradient and statistic each step).
// Other backends (tensorflow) fall back to dataSync().
// writeInPlace(v, values) is the other direction, for the pool's workers loading each step's
// parameters: it overwrites a variable's memory where the backend keeps it (no new tensor, no
// assign: the per-variable engine work and the fresh allocation were most of a worker's load
// time). Memory written in place goes stale in caches keyed by its dataId — tfjs-backend-wasm's
// XNNPACK operators keep packed filters and matrix operands per tensor — so a variable a stock
// kernel may have cached (kernels/stock-operands.ts) is not written, nor one whose buffer another
// tensor shares (refCount > 1): it returns false and the caller assigns, which makes a new tensor.
// nasflow's own kernels (1x1 and depthwise convolutions, BatchNorm) read their inputs afresh.
import * as tf from '@tensorflow/tfjs-core';
import { xnnpackMayCache } from './kernels/stock-operands.js';

interface WasmLike {
  typedArrayFromHeap(t: { shape: number[]; dtype: tf.DataType; dataId: object }): Float32Array;
  dataIdMap: { get(dataId: object): { refCount: number } | undefined };
}
interface CpuLike {
  data: { get(dataId: object): { values: unknown; refCount: number } | undefined };
}

/** t's values as a view into the backend's memory and how many tensors share that buffer (one backend lookup), or null where the backend has none. */
function storage(t: tf.Tensor): { values: Float32Array; refCount: number } | null {
  if (t.dtype !== 'float32') return null;
  const b = tf.backend() as unknown as Partial<WasmLike & CpuLike>;
  const name = tf.getBackend();
  if (name === 'wasm' && b.typedArrayFromHeap) {
    // An unknown count (0) only makes writeInPlace refuse; reading needs none.
    return { values: b.typedArrayFromHeap({ shape: t.shape, dtype: t.dtype, dataId: t.dataId }), refCount: b.dataIdMap?.get(t.dataId)?.refCount ?? 0 };
  }
  if (name === 'cpu' && b.data) {
    const d = b.data.get(t.dataId);
    return d && d.values instanceof Float32Array && d.values.length === t.size ? { values: d.values, refCount: d.refCount } : null;
  }
  return null;
}

export function readInto(t: tf.Tensor, out: Float32Array, offset: number): void {
  out.set(storage(t)?.values ?? (t.dataSync() as Float32Array), offset);
}

/** Overwrites v's values with `values` in the backend's memory; false (nothing written) unless v is float32 on wasm or cpu, never an operand a stock kernel may cache, and the only tensor on its buffer. */
export function writeInPlace(v: tf.Variable, values: Float32Array): boolean {
  if (values.length !== v.size || xnnpackMayCache(v.dataId)) return false;
  const s = storage(v);
  if (!s || s.refCount !== 1) return false;
  s.values.set(values);
  return true;
}
