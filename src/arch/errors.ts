// ArchError: an architecture (document or block arguments) that is schema-valid but does not fit
// together — a channel count that does not propagate, a name that does not match its op, groups
// that do not divide a channel count. Like ValidationError it lists EVERY problem, each with the
// JSON path of the offending block and the values that mismatched, e.g.
//   arch: block 7 expects cIn 32, found 24 in archs/a.json#/blocks/7
import { NasflowError } from '../core/errors.js';

export interface ArchProblem {
  /** JSON pointer into the document ("/blocks/7"), or "" for the whole document. */
  path: string;
  /** Block index when the problem is in a block, else null. */
  block: number | null;
  detail: string;
}

export class ArchError extends NasflowError {
  constructor(
    readonly file: string,
    readonly problems: ArchProblem[],
  ) {
    const lines = problems.map((p) => `  arch: ${p.block === null ? '' : `block ${p.block} `}${p.detail} in ${file}#${p.path}`);
    super('E_ARCH', `${file}: architecture does not fit together (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${lines.join('\n')}`);
  }
}

/** An arch/v1 document: says how to convert it (or to regenerate it). */
export class ArchVersionError extends NasflowError {
  constructor(
    readonly file: string,
    readonly found: string,
  ) {
    super('E_ARCH_VERSION', `${file}#/schema: expected "arch/v2", found "${found}". Convert it with \`npx tsx scripts/convert-v1.ts ${file}\`, or rerun the stage that wrote it (npx turbo run evaluate --force).`);
  }
}
