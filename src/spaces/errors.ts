// Errors of search spaces and samples: the file, the JSON path (or choice label) and what was
// expected against what was found, so a space or sample can be fixed without reading the source.
import { NasflowError } from '../core/errors.js';

export class SpaceError extends NasflowError {
  constructor(
    readonly file: string,
    readonly path: string,
    readonly expected: string,
    readonly found: string,
  ) {
    super('E_SPACE', `space: ${file}#${path}: expected ${expected}, found ${found}`);
  }
}

/** A space/v1 (or otherwise old) document: says which command converts it. */
export class SpaceVersionError extends NasflowError {
  constructor(
    readonly file: string,
    readonly found: string,
  ) {
    super(
      'E_SPACE_VERSION',
      `space: ${file}#/schema: expected "space/v2", found ${JSON.stringify(found)}. ` +
        `Convert it with \`npx tsx scripts/convert-v1.ts ${file}\` (writes the space/v2 document next to it; add --in-place to replace it). ` +
        'A v1 space kept its candidates in build-lut.yaml: the converter takes them with --candidates a,b,c, and build-lut.yaml then only names the space.',
    );
  }
}

export interface SampleProblem {
  label: string;
  expected: string;
  found: string;
}

/** A sample that does not fit its space: every missing, unknown or out-of-range label. */
export class SampleError extends NasflowError {
  constructor(
    readonly space: string,
    readonly problems: SampleProblem[],
  ) {
    const lines = problems.map((p) => `  ${p.label}: expected ${p.expected}, found ${p.found}`);
    super('E_SAMPLE', `sample does not fit space ${space} (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${lines.join('\n')}`);
  }
}
