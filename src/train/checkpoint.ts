// Training checkpoints: ONE file, replaced atomically (write-file-atomic: temp file, fsync,
// rename), so a kill -9 at any moment leaves either the previous checkpoint or the new one.
// Format 'nasflow-checkpoint/v1':
//   bytes 0..3   uint32 LE  n = length of the JSON header
//   bytes 4..    n bytes    header (UTF-8 JSON): { format, fingerprint, meta, tensors: [{ name,
//                          shape, trainable, offset, length }] }   offset/length in floats
//   then         zero padding to a multiple of 4, then float32 LE data, tensors back to back
// `meta` is the caller's JSON (position, RNG states, meters, history); `fingerprint` ties the file
// to the run that wrote it (config, inputs, code, backend): a different fingerprint is not resumed.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { type NamedArray, packWeights, unpackWeights, type WeightsIndex } from '../arch/weights-file.js';
import { DataError } from '../core/errors.js';

export const CHECKPOINT_FORMAT = 'nasflow-checkpoint/v1';

export interface Checkpoint<M> {
  fingerprint: string;
  meta: M;
  arrays: NamedArray[];
}

export function writeCheckpoint<M>(file: string, ck: Checkpoint<M>): void {
  const { index, data } = packWeights(ck.fingerprint, ck.arrays);
  const header = Buffer.from(JSON.stringify({ format: CHECKPOINT_FORMAT, fingerprint: ck.fingerprint, meta: ck.meta, tensors: index.tensors, byteLength: index.byteLength }), 'utf8');
  const pad = (4 - ((4 + header.length) % 4)) % 4;
  const out = Buffer.alloc(4 + header.length + pad + data.byteLength);
  out.writeUInt32LE(header.length, 0);
  header.copy(out, 4);
  Buffer.from(data.buffer, data.byteOffset, data.byteLength).copy(out, 4 + header.length + pad);
  mkdirSync(dirname(file), { recursive: true });
  writeFileAtomic.sync(file, out, { fsync: true });
}

/** The checkpoint at `file`, or null when there is none. A corrupt file is a DataError naming it. */
export function readCheckpoint<M>(file: string): Checkpoint<M> | null {
  if (!existsSync(file)) return null;
  const buf = readFileSync(file);
  if (buf.length < 4) throw new DataError(file, `checkpoint of ${buf.length} bytes is truncated`);
  const n = buf.readUInt32LE(0);
  if (4 + n > buf.length) throw new DataError(file, `header of ${n} bytes does not fit in ${buf.length} bytes`);
  let header: { format?: string; fingerprint: string; meta: M; tensors: WeightsIndex['tensors']; byteLength: number };
  try {
    header = JSON.parse(buf.subarray(4, 4 + n).toString('utf8')) as typeof header;
  } catch (e) {
    throw new DataError(file, `checkpoint header is not JSON: ${(e as Error).message}`);
  }
  if (header.format !== CHECKPOINT_FORMAT) throw new DataError(file, `expects format ${CHECKPOINT_FORMAT}, found ${String(header.format)}`);
  const start = 4 + n + ((4 - ((4 + n) % 4)) % 4);
  const index: WeightsIndex = { format: 'nasflow-weights/v1', arch: header.fingerprint, byteLength: header.byteLength, tensors: header.tensors };
  const arrays = unpackWeights(index, new Uint8Array(buf.buffer, buf.byteOffset + start, buf.length - start), file);
  return { fingerprint: header.fingerprint, meta: header.meta, arrays };
}
