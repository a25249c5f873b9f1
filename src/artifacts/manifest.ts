// manifest.json of a stage: what it produced (sha256 + size of every output) and from what
// (config hash, code hash, upstream manifest hashes). `verifyStage` re-hashes a stage's outputs.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { sha256File } from '../core/hash.js';
import { NasflowError } from '../core/errors.js';
import type { Manifest } from '../types/generated.js';
import { readDocument } from './io.js';

export const MANIFEST = 'manifest.json';

export function readManifest(stageDir: string): Manifest {
  const file = join(stageDir, MANIFEST);
  if (!existsSync(file)) throw new NasflowError('E_MISSING', `${file}: no manifest (has this stage run?)`);
  return readDocument<Manifest>(file, 'manifest');
}

/** Relative paths of every file under dir, sorted, excluding the manifest itself. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(relative(dir, p).split('\\').join('/'));
    }
  };
  walk(dir);
  return out.filter((f) => f !== MANIFEST).sort();
}

export interface Mismatch {
  file: string;
  problem: string;
}

/** Re-hashes every output listed in a stage's manifest; reports changed, missing and unlisted files. */
export async function verifyStage(stageDir: string): Promise<Mismatch[]> {
  const m = readManifest(stageDir);
  const bad: Mismatch[] = [];
  const listed = new Set<string>();
  for (const o of m.outputs) {
    listed.add(o.file);
    const path = join(stageDir, o.file);
    if (!existsSync(path)) {
      bad.push({ file: path, problem: 'missing' });
      continue;
    }
    const h = await sha256File(path);
    if (h.sha256 !== o.sha256 || h.bytes !== o.bytes) {
      bad.push({ file: path, problem: `sha256 expected ${o.sha256} (${o.bytes} bytes), found ${h.sha256} (${h.bytes} bytes)` });
    }
  }
  for (const f of listFiles(stageDir)) if (!listed.has(f)) bad.push({ file: join(stageDir, f), problem: 'not listed in the manifest' });
  return bad;
}
