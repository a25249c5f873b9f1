// Reading and writing schema-checked documents. Configs are YAML or JSON; artifacts are JSON.
// Every read and every write goes through the schema registry, so nothing unchecked crosses a
// stage boundary.
import { readFileSync, existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { NasflowError } from '../core/errors.js';
import { validate } from './schemas.js';

/** Parses a YAML/JSON file and validates it against schema `id`. */
export function readDocument<T>(file: string, id: string): T {
  if (!existsSync(file)) throw new NasflowError('E_MISSING', `${file}: file not found (expected a ${id} document)`);
  const text = readFileSync(file, 'utf8');
  let data: unknown;
  try {
    data = file.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (e) {
    throw new NasflowError('E_PARSE', `${file}: cannot parse: ${(e as Error).message}`);
  }
  return validate<T>(id, data, file);
}

/** Validates, then writes pretty JSON with a trailing newline (stable bytes for hashing). */
export async function writeDocument(file: string, id: string, data: unknown): Promise<void> {
  validate(id, data, file);
  await writeFile(file, `${JSON.stringify(data, null, 2)}\n`);
}
