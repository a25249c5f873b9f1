// Contract: readInto(t, out, offset) copies a float32 tensor's values to out[offset ..] straight
// from where this thread's backend keeps them (the wasm heap, the cpu backend's arrays), without
// the intermediate array dataSync() allocates: one copy instead of two and no garbage per variable
// per step (the data-parallel pool copies every parameter, gradient and statistic each step).
// Other backends (tensorflow) fall back to dataSync().
// Reading only: writing a tensor's memory in place would go stale in caches keyed by its dataId
// (tfjs-backend-wasm's XNNPACK operators keep packed filters per filter tensor), so writers assign.
import * as tf from '@tensorflow/tfjs-core';

interface WasmLike {
  typedArrayFromHeap(t: { shape: number[]; dtype: tf.DataType; dataId: object }): Float32Array;
}
interface CpuLike {
  data: { get(dataId: object): { values: unknown } | undefined };
}

/** t's values as a view into the backend's memory, or null where the backend has none. */
function view(t: tf.Tensor): Float32Array | null {
  if (t.dtype !== 'float32') return null;
  const b = tf.backend() as unknown as Partial<WasmLike & CpuLike>;
  const name = tf.getBackend();
  if (name === 'wasm' && b.typedArrayFromHeap) return b.typedArrayFromHeap({ shape: t.shape, dtype: t.dtype, dataId: t.dataId });
  if (name === 'cpu' && b.data) {
    const values = b.data.get(t.dataId)?.values;
    return values instanceof Float32Array && values.length === t.size ? values : null;
  }
  return null;
}

export function readInto(t: tf.Tensor, out: Float32Array, offset: number): void {
  out.set(view(t) ?? (t.dataSync() as Float32Array), offset);
}
