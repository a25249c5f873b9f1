// Schema registry: every JSON Schema (draft-07) in schemas/, compiled once by ajv. A document names
// its kind in a `schema` field ("lut/v1"); each schema file's $id is that kind's name ("lut").
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { createRequire } from 'node:module';
import { type Problem, RegistryError, ValidationError } from '../core/errors.js';

export const SCHEMA_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'schemas');

// ajv-formats is CommonJS with a default export that NodeNext types as the module object.
const addFormats = createRequire(import.meta.url)('ajv-formats') as (a: Ajv) => Ajv;

let ajv: Ajv | undefined;
const compiled = new Map<string, ValidateFunction>();

function instance(): Ajv {
  if (ajv) return ajv;
  ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true, discriminator: true, strictRequired: false });
  addFormats(ajv);
  for (const file of schemaFiles()) ajv.addSchema(JSON.parse(readFileSync(join(SCHEMA_DIR, file), 'utf8')) as object);
  return ajv;
}

export function schemaFiles(): string[] {
  return readdirSync(SCHEMA_DIR)
    .filter((f) => f.endsWith('.schema.json'))
    .sort();
}

export function schemaIds(): string[] {
  return schemaFiles().map((f) => f.replace(/\.schema\.json$/, ''));
}

function validator(id: string): ValidateFunction {
  let v = compiled.get(id);
  if (!v) {
    v = instance().getSchema(id);
    if (!v) throw new RegistryError('schema', id, `no schema with this $id in ${SCHEMA_DIR} (known: ${schemaIds().join(', ')})`);
    compiled.set(id, v);
  }
  return v;
}

/** Validates `data` against schema `id`; throws a ValidationError listing every problem with its JSON path. */
export function validate<T>(id: string, data: unknown, file: string): T {
  const v = validator(id);
  if (!v(data)) throw new ValidationError(file, id, (v.errors ?? []).map((e) => toProblem(e, data)));
  return data as T;
}

export function problemsOf(id: string, data: unknown): Problem[] {
  const v = validator(id);
  return v(data) ? [] : (v.errors ?? []).map((e) => toProblem(e, data));
}

function toProblem(e: ErrorObject, data: unknown): Problem {
  const at = e.instancePath || '';
  const here = valueAt(data, at);
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return { path: `${at}/${String(p.missingProperty)}`, expected: 'a required property', found: 'nothing' };
    case 'additionalProperties':
      return { path: `${at}/${String(p.additionalProperty)}`, expected: 'no such property (not in the schema)', found: show(valueAt(here, `/${String(p.additionalProperty)}`)) };
    case 'type':
      return { path: at || '/', expected: `type ${String(p.type)}`, found: describe(here) };
    case 'enum':
      return { path: at || '/', expected: `one of ${JSON.stringify(p.allowedValues)}`, found: show(here) };
    case 'const':
      return { path: at || '/', expected: JSON.stringify(p.allowedValue), found: show(here) };
    default:
      return { path: at || '/', expected: `${e.keyword}: ${e.message ?? ''}`.trim(), found: show(here) };
  }
}

function valueAt(data: unknown, pointer: string): unknown {
  let cur = data;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

function describe(v: unknown): string {
  const t = v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
  return `${t} ${show(v)}`;
}

function show(v: unknown): string {
  if (v === undefined) return 'nothing';
  const s = JSON.stringify(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
