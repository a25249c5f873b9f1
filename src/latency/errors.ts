// Errors of the latency room: a table that was measured for another space, and a lookup that
// finds no entry (never answered with a silent 0).
import { NasflowError } from '../core/errors.js';

export class LutMismatchError extends NasflowError {
  constructor(file: string, field: string, expected: string, found: string) {
    super('E_LUT_STAMP', `${file}: the latency table was measured for another space: stamp.${field} expected ${expected}, found ${found}; rerun build-lut for this space`);
  }
}

export class LookupMissError extends NasflowError {
  constructor(file: string, what: string) {
    super('E_LUT_MISS', `${file}: no latency entry for ${what}`);
  }
}
