// Errors of search-space documents: the file, the JSON path and the values that do not fit.
import { NasflowError } from '../core/errors.js';

export class SpaceError extends NasflowError {
  constructor(
    readonly file: string,
    readonly path: string,
    detail: string,
  ) {
    super('E_SPACE', `space: ${detail} in ${file}#${path}`);
  }
}
