// The search space a LUT was measured for, rebuilt from lut.json: later stages search, sample,
// freeze and build exactly this space. The space document is normalised again and its hash must
// equal the stamp's spaceHash, and the grid must be the space's grid, so a hand-edited or mixed-up
// table is refused instead of silently searching another space.
import { hashJson } from '../core/hash.js';
import { type Grid, lutGrid } from '../spaces/grid.js';
import { parseSpace } from '../spaces/load.js';
import { type NormalizedSpace, normalizeSpace } from '../spaces/normalize.js';
import { isWidthSpace, widthGrid } from '../spaces/widths.js';
import type { LatencyTable } from '../types/generated.js';
import { LutMismatchError } from './errors.js';

export function lutSpace(lut: LatencyTable, file: string): NormalizedSpace {
  const space = normalizeSpace(parseSpace(lut.space, `${file}#/space`), `${file}#/space`);
  if (space.hash !== lut.stamp.spaceHash) throw new LutMismatchError(file, 'spaceHash', space.hash, lut.stamp.spaceHash);
  const widths = isWidthSpace(space);
  if (widths !== (lut.widths !== undefined)) throw new LutMismatchError(file, 'widths', widths ? 'a width model (the space searches widths or resolution)' : 'no width model', lut.widths ? 'one' : 'none');
  const grid = hashJson(layoutOf(space));
  if (grid !== hashJson(lut.grid)) throw new LutMismatchError(file, 'grid', grid, hashJson(lut.grid));
  return space;
}

/** The runners' layout of a space: its grid, or a width space's widest layout (src/spaces/widths.ts). */
export function layoutOf(space: NormalizedSpace): Grid {
  return isWidthSpace(space) ? widthGrid(space) : lutGrid(space);
}

/** The table's grid, checked against its space (see lutSpace). */
export function lutGridOf(lut: LatencyTable, file: string): Grid {
  return layoutOf(lutSpace(lut, file));
}
