// The FBNetV2 report table: per chain layer the chosen op, width and expansion against the
// choices the space offered, and the chosen input resolution (Markdown). Fixed slots show their
// one value; widthSections gives the evaluate report's table and the found network's mobile-vision
// definition. Pure.
import { mobileVisionDef } from '../arch/mobile-vision.js';
import type { Sample } from '../spaces/choices.js';
import type { NormalizedSpace, Slot } from '../spaces/normalize.js';
import type { ArchDoc } from '../types/generated.js';
import type { Section } from './model.js';

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

/** The same table as report sections (chosen value in [brackets]) and the mobile-vision definition of the document. */
export function widthSections(space: NormalizedSpace, sample: Sample, doc: ArchDoc): Section[] {
  if (space.body.kind !== 'chain') throw new RangeError(`space ${space.name}: a chain space`);
  const mark = <T extends string | number>(s: Slot<T> | null): string => {
    if (!s) return '–';
    if (s.label === null) return String(s.values[0]);
    return s.values.map((x) => (x === sample[s.label!] ? `[${x}]` : String(x))).join(' / ');
  };
  return [
    {
      kind: 'table',
      heading: 'Chosen widths, expansions and resolution',
      caption: `Per layer the chosen op, width and expansion in [brackets] among the space's choices (a single value is fixed); input resolution ${mark(space.resolution)}.`,
      columns: ['layer', 'stride', 'op', 'width (out channels)', 'expansion'],
      rows: space.body.layers.map((l) => [l.index, l.stride, mark(l.ops), mark(l.width), mark(l.expansion)]),
    },
    { kind: 'text', paragraphs: ['The found architecture as a mobile-vision model definition (op, channels, stride, repeats, expansion):', mobileVisionDef(doc).join('\n')] },
  ];
}
