// The code hash recorded in manifests: sha256 over the sorted (path, sha256) list of every file
// that can change what a stage computes — sources, stage entrypoints, schemas and the lockfile.
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { sha256 } from '../core/hash.js';

const CODE_ROOTS = ['src', 'stages', 'schemas', 'package-lock.json'];

export function codeHash(root: string): string {
  const files: string[] = [];
  for (const r of CODE_ROOTS) collect(join(root, r), files);
  const lines = files.sort().map((f) => `${relative(root, f)} ${sha256(readFileSync(f))}`);
  return sha256(lines.join('\n'));
}

function collect(path: string, out: string[]): void {
  if (!existsSync(path)) return;
  if (statSync(path).isFile()) {
    out.push(path);
    return;
  }
  for (const name of readdirSync(path)) collect(join(path, name), out);
}
