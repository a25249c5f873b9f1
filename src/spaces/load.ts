// Reading a space file: refuse a space/v1 document with the command that converts it, validate
// against schemas/space.schema.json (file, JSON path, expected, found), apply build-lut's optional
// restriction (a sub-space: never new or redefined candidates), normalise.
import { existsSync, readFileSync } from 'node:fs';
import { validate } from '../artifacts/schemas.js';
import { NasflowError } from '../core/errors.js';
import type { SearchSpace, SpaceRestriction } from '../types/generated.js';
import { SpaceError, SpaceVersionError } from './errors.js';
import { type NormalizedSpace, normalizeSpace } from './normalize.js';

/** Validates an already-parsed space document (a v1 one gets the conversion hint). */
export function parseSpace(data: unknown, file: string): SearchSpace {
  const v = (data as { schema?: unknown } | null)?.schema;
  if (typeof v === 'string' && v !== 'space/v2' && v.startsWith('space/')) throw new SpaceVersionError(file, v);
  return validate<SearchSpace>('space', data, file);
}

export function readSpace(file: string): SearchSpace {
  if (!existsSync(file)) throw new NasflowError('E_MISSING', `${file}: file not found (expected a space document)`);
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new NasflowError('E_PARSE', `${file}: cannot parse: ${(e as Error).message}`);
  }
  return parseSpace(data, file);
}

/**
 * Keeps only the restriction's ops in every op list of the document. Each named op must occur in
 * the space; no list may end up empty. The result is a valid space document of the sub-space.
 */
export function restrictSpace(doc: SearchSpace, r: SpaceRestriction | undefined, file: string, configFile: string): SearchSpace {
  if (!r?.ops) return doc;
  const keep = r.ops;
  const lists: { path: string; ops: string[] }[] = [];
  if (doc.ops) lists.push({ path: '/ops', ops: doc.ops });
  if (doc.body.kind === 'chain') {
    doc.body.layers?.forEach((l, i) => l.ops && lists.push({ path: `/body/layers/${i}/ops`, ops: l.ops }));
    doc.body.stages?.forEach((s, j) => s.ops && lists.push({ path: `/body/stages/${j}/ops`, ops: s.ops }));
  }
  keep.forEach((op, i) => {
    if (!lists.some((l) => l.ops.includes(op))) throw new SpaceError(configFile, `/restrict/ops/${i}`, `an op of space ${file} (a restriction never adds candidates)`, `"${op}"`);
  });
  const out = structuredClone(doc);
  const filter = (ops: string[] | undefined, path: string): void => {
    if (!ops) return;
    const kept = ops.filter((o) => keep.includes(o));
    if (!kept.length) throw new SpaceError(configFile, '/restrict/ops', `at least one op of ${file}#${path} (${ops.join(', ')}) kept`, 'none');
    ops.splice(0, ops.length, ...kept);
  };
  filter(out.ops, '/ops');
  if (out.body.kind === 'chain') {
    out.body.layers?.forEach((l, i) => filter(l.ops, `/body/layers/${i}/ops`));
    out.body.stages?.forEach((s, j) => filter(s.ops, `/body/stages/${j}/ops`));
  }
  return out;
}

export function loadSpace(file: string, restrict?: SpaceRestriction, configFile = 'config'): NormalizedSpace {
  return normalizeSpace(restrictSpace(readSpace(file), restrict, file, configFile), file);
}
