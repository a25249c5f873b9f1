// Reading a source's input files from a local directory: resolves the configured directory,
// finds each expected file either raw or gzip-compressed (`<name>` or `<name>.gz`), inflates
// with node:zlib and returns the bytes together with the record (path as configured, sha256 and
// size of the bytes on disk) that goes into the dataset's source. Every failure is a DataError
// naming the file, so a user sees which of the expected files is missing or unreadable.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { DataError } from '../core/errors.js';
import { fileRecord, type SourceFile } from './dataset.js';

/** The configured directory, resolved against baseDir; DataError when absent or not a directory. */
export function sourceDir(dir: string, baseDir: string): string {
  const abs = resolve(baseDir, dir);
  if (!existsSync(abs)) throw new DataError(dir, `directory does not exist (resolved to ${abs})`);
  if (!statSync(abs).isDirectory()) throw new DataError(dir, `is not a directory (resolved to ${abs})`);
  return abs;
}

export interface InputFile {
  /** File name as found (`train-images-idx3-ubyte.gz`), the name errors use. */
  name: string;
  /** Decompressed content. */
  data: Uint8Array;
  record: SourceFile;
}

/**
 * Reads `<base>` or `<base>.gz` from absDir (configured as `dir`). Both present is an error:
 * they may differ, and silently preferring one would hide which data was used.
 */
export function readInput(absDir: string, dir: string, base: string, allowGz: boolean): InputFile {
  const raw = join(absDir, base);
  const gz = `${raw}.gz`;
  const hasRaw = existsSync(raw);
  const hasGz = allowGz && existsSync(gz);
  if (hasRaw && hasGz) throw new DataError(join(dir, base), `both ${base} and ${base}.gz exist; remove one so the input is unambiguous`);
  if (!hasRaw && !hasGz) {
    throw new DataError(join(dir, base), `file not found${allowGz ? ` (looked for ${base} and ${base}.gz)` : ''} in ${absDir}`);
  }
  const name = hasGz ? `${base}.gz` : base;
  const onDisk = new Uint8Array(readFileSync(hasGz ? gz : raw));
  const record = fileRecord(join(dir, name), onDisk);
  if (!hasGz) return { name, data: onDisk, record };
  try {
    return { name, data: new Uint8Array(gunzipSync(onDisk)), record };
  } catch (e) {
    throw new DataError(join(dir, name), `not a valid gzip file (${(e as Error).message})`);
  }
}

/** True when the bytes start with the gzip magic 1f 8b: used to explain a wrong magic number. */
export function looksGzipped(data: Uint8Array): boolean {
  return data.length >= 2 && data[0] === 0x1f && data[1] === 0x8b;
}
