// Directories a killed stage leaves in artifacts/: its output directory in the making
// (.tmp-<stage>-<pid>/) and a replaced output directory not yet deleted (<stage>.old-<pid>/). A
// stage removes those of dead processes when it starts (under the run lock, so no live run is
// writing them); a live process's directory is never touched.
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { alive } from './run-id.js';

const LEFTOVER = /^(?:\.tmp-(.+)|(.+)\.old)-(\d+)$/;

/** Removes the leftovers of dead processes; returns what it removed, as `name (pid N)`. */
export function removeLeftovers(artifactsDir: string): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(artifactsDir);
  } catch {
    return removed;
  }
  for (const name of names) {
    const m = LEFTOVER.exec(name);
    if (!m) continue;
    const pid = Number(m[3]);
    if (pid === process.pid || alive(pid)) continue;
    rmSync(join(artifactsDir, name), { recursive: true, force: true });
    removed.push(`${name}/ (pid ${pid}, ${m[1] ?? m[2]})`);
  }
  return removed;
}
