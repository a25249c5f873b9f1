// BlockError: block arguments (cIn, cOut, stride) that cannot carry an op, named with the values.
import { NasflowError } from '../core/errors.js';

export class BlockError extends NasflowError {
  constructor(
    readonly block: string,
    readonly args: { cIn: number; cOut: number; stride: number },
    readonly problems: string[],
  ) {
    super('E_BLOCK', `${block}(cIn ${args.cIn}, cOut ${args.cOut}, stride ${args.stride}): ${problems.join('; ')}`);
  }
}
