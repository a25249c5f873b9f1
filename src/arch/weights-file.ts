// nasflow weights format: named float32 arrays + a JSON index, writable by any stage.
//   index  { format: 'nasflow-weights/v1', arch, byteLength,
//            tensors: [{ name, shape, trainable, offset, length }] }   offset/length in floats
//   data   one little-endian float32 buffer, tensors back to back in index order
// Names are logical ("blocks.3.pw.kernel", "stem.bn.moving_mean"); trainable false marks state
// (BN moving statistics). pack/unpack are pure (no TF.js, no fs): stages choose the files.
import { DataError } from '../core/errors.js';

export interface NamedArray {
  name: string;
  shape: number[];
  trainable: boolean;
  data: Float32Array;
}
export interface WeightsIndex {
  format: 'nasflow-weights/v1';
  arch: string;
  byteLength: number;
  tensors: { name: string; shape: number[]; trainable: boolean; offset: number; length: number }[];
}

export function packWeights(arch: string, arrays: NamedArray[]): { index: WeightsIndex; data: Uint8Array } {
  let offset = 0;
  const tensors = arrays.map((a) => {
    const t = { name: a.name, shape: [...a.shape], trainable: a.trainable, offset, length: a.data.length };
    offset += a.data.length;
    return t;
  });
  const all = new Float32Array(offset);
  arrays.forEach((a, i) => all.set(a.data, tensors[i]!.offset));
  const data = new Uint8Array(all.buffer);
  return { index: { format: 'nasflow-weights/v1', arch, byteLength: data.byteLength, tensors }, data };
}

/** Inverse of packWeights; `file` names the source in errors (truncated data, bad index). */
export function unpackWeights(index: WeightsIndex, data: Uint8Array, file: string): NamedArray[] {
  if (index.format !== 'nasflow-weights/v1') throw new DataError(file, `expects format nasflow-weights/v1, found ${String(index.format)}`);
  if (data.byteLength !== index.byteLength) throw new DataError(file, `expects ${index.byteLength} bytes of weights, found ${data.byteLength}`);
  // Copy to an aligned buffer: a Buffer read from disk may start at any byte offset.
  const floats = new Float32Array(data.slice().buffer);
  return index.tensors.map((t) => {
    const size = t.shape.reduce((a, b) => a * b, 1);
    if (size !== t.length || t.offset + t.length > floats.length) throw new DataError(file, `tensor ${t.name}: shape [${t.shape}] / length ${t.length} at offset ${t.offset} does not fit`);
    return { name: t.name, shape: t.shape, trainable: t.trainable, data: floats.slice(t.offset, t.offset + t.length) };
  });
}
