// The search space a LUT was measured for, rebuilt from lut.json: later stages search, sample and
// build exactly this space. Its hash is recomputed and must equal the stamp's spaceHash, so a
// hand-edited or mixed-up table is refused instead of silently searching another space.
import { hashJson } from '../core/hash.js';
import type { NormalizedSpace } from '../spaces/normalize.js';
import type { LatencyTable } from '../types/generated.js';
import { LutMismatchError } from './errors.js';

export function lutSpace(lut: LatencyTable, file: string): NormalizedSpace {
  const body = lut.space as unknown as Omit<NormalizedSpace, 'hash' | 'warnings'>;
  const hash = hashJson(body);
  if (hash !== lut.stamp.spaceHash) throw new LutMismatchError(file, 'spaceHash', hash, lut.stamp.spaceHash);
  return { ...body, warnings: [...lut.warnings], hash };
}
