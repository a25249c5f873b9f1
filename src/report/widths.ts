// The FBNetV2 report table: per chain layer the chosen op, width and expansion against the
// choices the space offered, and the chosen input resolution (Markdown). Fixed slots show their
// one value. Pure.
import type { Sample } from '../spaces/choices.js';
import type { NormalizedSpace, Slot } from '../spaces/normalize.js';

function cell<T extends string | number>(s: Slot<T> | null, sample: Sample): string {
  if (!s) return '–';
  if (s.label === null) return String(s.values[0]);
  const v = sample[s.label];
  return s.values.map((x) => (x === v ? `**${x}**` : String(x))).join(' / ');
}

export function widthTable(space: NormalizedSpace, sample: Sample): string[] {
  if (space.body.kind !== 'chain') throw new RangeError(`space ${space.name}: a chain space`);
  return [
    `Input resolution: ${cell(space.resolution, sample)} (chosen in bold)`,
    '',
    '| layer | stride | op | width (out channels) | expansion |',
    '|---|---|---|---|---|',
    ...space.body.layers.map((l) => `| ${l.index} | ${l.stride} | ${cell(l.ops, sample)} | ${cell(l.width, sample)} | ${cell(l.expansion, sample)} |`),
  ];
}
