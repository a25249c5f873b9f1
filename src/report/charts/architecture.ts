// The chosen architecture drawn block by block, as hand-written SVG (a list layout needs no chart
// grammar): input → stem → one row per searchable layer → head. Each block's box is coloured by
// kernel size (hue) and expansion (shade), so a glance shows where the search spent its budget;
// a bar beside it is proportional to the block's FLOPs. Stride-2 rows are bold, `skip` layers
// dashed. Names longer than the box are cut with an ellipsis and kept whole in a <title> tooltip.
import { escapeXml, ReportError } from '../escape.js';

export interface ArchDrawing {
  name: string;
  /** [height, width, channels] of the network input. */
  input: [number, number, number];
  stem: { cOut: number; stride: number };
  blocks: { name: string; cIn: number; cOut: number; stride: number; outH: number; outW: number; flops?: number; probability?: number }[];
  /** cOut: the head's 1x1 conv width, or null when the head pools the last block directly. */
  head: { cOut: number | null; classes: number };
}

const HUES: Record<string, [string, string, string]> = {
  '3': ['#c6dbef', '#6baed6', '#2171b5'],
  '5': ['#c7e9c0', '#74c476', '#238b45'],
  '7': ['#dadaeb', '#9e9ac8', '#6a51a3'],
};
const ROW = 28;
const TOP = 64;
const COL = { index: 30, box: 40, boxW: 150, channels: 200, stride: 290, out: 330, bar: 410, barW: 200, p: 700 } as const;
const MAX_NAME = 22;

function fill(name: string): { fill: string; text: string; dashed: boolean } {
  if (name === 'skip') return { fill: '#ffffff', text: '#555555', dashed: true };
  const k = /_k(\d+)/.exec(name)?.[1];
  const e = Number(/_e(\d+)/.exec(name)?.[1] ?? NaN);
  const hue = k === undefined ? undefined : HUES[k];
  if (hue === undefined || !Number.isFinite(e)) return { fill: '#d9d9d9', text: '#000000', dashed: false };
  const shade = e <= 1 ? 0 : e <= 3 ? 1 : 2;
  return { fill: hue[shade], text: shade === 2 ? '#ffffff' : '#000000', dashed: false };
}

function flops(f: number): string {
  if (f >= 1e9) return `${(f / 1e9).toFixed(2)} G`;
  if (f >= 1e6) return `${(f / 1e6).toFixed(2)} M`;
  if (f >= 1e3) return `${(f / 1e3).toFixed(1)} k`;
  return String(Math.round(f));
}

function text(x: number, y: number, s: string, attrs = ''): string {
  return `<text x="${x}" y="${y}"${attrs ? ` ${attrs}` : ''}>${escapeXml(s)}</text>`;
}

function check(a: ArchDrawing): void {
  const where = `architecture "${a.name}"`;
  const nums: [string, number][] = [
    ...a.input.map((v, i): [string, number] => [`input[${i}]`, v]),
    ['stem.cOut', a.stem.cOut], ['stem.stride', a.stem.stride], ['head.classes', a.head.classes],
    ...(a.head.cOut === null ? [] : [['head.cOut', a.head.cOut] as [string, number]]),
    ...a.blocks.flatMap((b, i) => (['cIn', 'cOut', 'stride', 'outH', 'outW', 'flops'] as const).filter((k) => b[k] !== undefined).map((k): [string, number] => [`blocks[${i}].${k}`, b[k] ?? 0])),
  ];
  for (const [k, v] of nums) if (!Number.isFinite(v) || v < 0) throw new ReportError(where, `${k} = ${v} is not a non-negative number`);
  a.blocks.forEach((b, i) => {
    if (b.probability !== undefined && !(b.probability >= 0 && b.probability <= 1)) throw new ReportError(where, `blocks[${i}].probability = ${b.probability} is not in [0, 1]`);
  });
}

export function architectureSvg(a: ArchDrawing): string {
  check(a);
  const [h, w, c] = a.input;
  const stemH = Math.ceil(h / a.stem.stride);
  const stemW = Math.ceil(w / a.stem.stride);
  const maxFlops = Math.max(0, ...a.blocks.map((b) => b.flops ?? 0));
  const rows: string[] = [];
  const rowY = (i: number): number => TOP + i * ROW;
  // Row 0: stem; rows 1..n: blocks; row n+1: head.
  const plain = (i: number, label: string, cIn: number, cOut: string, stride: number | null, out: string): void => {
    const y = rowY(i);
    rows.push(`<rect x="${COL.box}" y="${y}" width="${COL.boxW}" height="${ROW - 6}" rx="4" fill="#f0f0f0" stroke="#888"/>`);
    rows.push(text(COL.box + 8, y + 15, label, 'font-weight="bold"'));
    rows.push(text(COL.channels, y + 15, `${cIn} → ${cOut}`));
    if (stride !== null) rows.push(text(COL.stride, y + 15, `s${stride}`, stride > 1 ? 'font-weight="bold"' : ''));
    rows.push(text(COL.out, y + 15, out));
  };
  plain(0, 'stem conv', c, String(a.stem.cOut), a.stem.stride, `${stemH}×${stemW}`);
  a.blocks.forEach((b, i) => {
    const y = rowY(i + 1);
    const f = fill(b.name);
    const shown = b.name.length > MAX_NAME ? `${b.name.slice(0, MAX_NAME - 1)}…` : b.name;
    rows.push(`<g><title>${escapeXml(`layer ${i}: ${b.name}`)}</title>`);
    rows.push(text(COL.index, y + 15, String(i), 'text-anchor="end" fill="#777"'));
    rows.push(`<rect x="${COL.box}" y="${y}" width="${COL.boxW}" height="${ROW - 6}" rx="4" fill="${f.fill}" stroke="#555"${f.dashed ? ' stroke-dasharray="4 3"' : ''}/>`);
    rows.push(text(COL.box + 8, y + 15, shown, `fill="${f.text}"`));
    rows.push(text(COL.channels, y + 15, `${b.cIn} → ${b.cOut}`));
    rows.push(text(COL.stride, y + 15, `s${b.stride}`, b.stride > 1 ? 'font-weight="bold"' : ''));
    rows.push(text(COL.out, y + 15, `${b.outH}×${b.outW}`));
    if (b.flops !== undefined) {
      const bw = maxFlops > 0 ? Math.max(1, Math.round((COL.barW * b.flops) / maxFlops)) : 1;
      rows.push(`<rect x="${COL.bar}" y="${y + 4}" width="${bw}" height="${ROW - 14}" fill="#9ecae1"/>`);
      rows.push(text(COL.bar + bw + 6, y + 15, flops(b.flops)));
    }
    if (b.probability !== undefined) rows.push(text(COL.p, y + 15, b.probability.toFixed(2)));
    rows.push('</g>');
  });
  const last = a.blocks[a.blocks.length - 1];
  const [lastC, lastH, lastW] = last === undefined ? [a.stem.cOut, stemH, stemW] : [last.cOut, last.outH, last.outW];
  const headLabel = a.head.cOut === null ? 'head: pool, FC' : 'head: 1×1, pool, FC';
  plain(a.blocks.length + 1, headLabel, lastC, a.head.cOut === null ? `${a.head.classes}` : `${a.head.cOut} → ${a.head.classes}`, null, `${lastH}×${lastW} → 1×1`);
  // Connectors between consecutive boxes.
  const links = Array.from({ length: a.blocks.length + 1 }, (_, i) => `<line x1="${COL.box + COL.boxW / 2}" y1="${rowY(i) + ROW - 6}" x2="${COL.box + COL.boxW / 2}" y2="${rowY(i + 1)}" stroke="#888"/>`);
  const legendY = rowY(a.blocks.length + 2) + 12;
  const legend = Object.entries(HUES).flatMap(([k, shades], j) =>
    shades.map((s, e) => `<rect x="${COL.box + j * 170 + e * 22}" y="${legendY}" width="18" height="14" fill="${s}" stroke="#555"/>`).concat(text(COL.box + j * 170 + 70, legendY + 11, `k${k}: e1 / e3 / e6`)),
  ).concat(
    `<rect x="${COL.box + 510}" y="${legendY}" width="18" height="14" fill="white" stroke="#555" stroke-dasharray="4 3"/>`,
    text(COL.box + 534, legendY + 11, 'skip'),
  );
  const width = COL.p + 60;
  const height = legendY + 30;
  const header = [
    text(8, 22, `architecture ${a.name}`, 'font-size="14" font-weight="bold"'),
    text(8, 42, `input ${h}×${w}×${c}`, 'fill="#555"'),
    ...(
      [['block', COL.box], ['channels', COL.channels], ['stride', COL.stride], ['output', COL.out], ...(maxFlops > 0 ? [['FLOPs', COL.bar]] : []), ...(a.blocks.some((b) => b.probability !== undefined) ? [['p (θ)', COL.p]] : [])] as [string, number][]
    ).map(([t, x]) => text(x, TOP - 8, t, 'fill="#555" font-weight="bold"')),
  ];
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" font-family="sans-serif" font-size="11">`,
    `<title>${escapeXml(`architecture ${a.name}: ${a.blocks.map((b) => b.name).join(', ')}`)}</title>`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    ...header, ...links, ...rows, ...legend,
    '</svg>',
  ].join('\n');
}
