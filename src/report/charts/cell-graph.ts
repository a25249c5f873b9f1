// A DARTS cell drawn as a graph, hand-written SVG (as the DARTS paper's figures: graphviz-free):
// the two cell inputs c_{k-2}, c_{k-1} on the left, the intermediate nodes 0..N-1 left to right,
// the output c_{k} (concat) on the right; every kept edge is a curve from its input state to its
// node, labelled with its op (and, when given, the op's softmax weight). Edges into the output are
// dashed. Pure: data in, SVG string out.
import { escapeXml, ReportError } from '../escape.js';
import { scopeIds } from '../svg.js';

export interface CellDrawing {
  title: string;
  /** Prefix of the drawing's element ids (unique per page: several cells share one HTML page). */
  id: string;
  /** nodes[j]: the kept edges of intermediate node j; input: 0, 1 the cell inputs, 2 + m node m. */
  nodes: { op: string; input: number; weight?: number }[][];
  /** States concatenated into the output. */
  concat: number[];
}

const W = 150;
const H = 260;
const PAD = 20;

const PALETTE: Record<string, string> = {
  sep_conv_3x3: '#2171b5', sep_conv_5x5: '#08519c', dil_conv_3x3: '#238b45', dil_conv_5x5: '#006d2c',
  max_pool_3x3: '#d94801', avg_pool_3x3: '#fd8d3c', skip_connect: '#6a51a3', none: '#969696',
};

function check(c: CellDrawing): void {
  c.nodes.forEach((edges, j) =>
    edges.forEach((e, k) => {
      if (!Number.isInteger(e.input) || e.input < 0 || e.input >= j + 2) throw new ReportError(`cell "${c.title}"`, `nodes[${j}][${k}].input = ${e.input} is not a state before node ${j}`);
      if (e.weight !== undefined && !(e.weight >= 0 && e.weight <= 1)) throw new ReportError(`cell "${c.title}"`, `nodes[${j}][${k}].weight = ${e.weight} is not in [0, 1]`);
    }),
  );
  c.concat.forEach((s, k) => {
    if (!Number.isInteger(s) || s < 0 || s >= c.nodes.length + 2) throw new ReportError(`cell "${c.title}"`, `concat[${k}] = ${s} is not a state`);
  });
}

export function cellGraphSvg(c: CellDrawing): string {
  check(c);
  const n = c.nodes.length;
  const width = PAD * 2 + W * (n + 2) + 60;
  // states: 0 and 1 stacked on the left, nodes on a zig-zag so that long edges do not overlap
  const pos = (s: number): [number, number] => (s < 2 ? [PAD + 40, s === 0 ? 70 : H - 40] : [PAD + 40 + W * (s - 1), (s - 2) % 2 === 0 ? 110 : H - 80]);
  const out: [number, number] = [PAD + 40 + W * (n + 1), H / 2 + 10];
  const parts: string[] = [];
  const label = (s: number): string => (s === 0 ? 'c_{k-2}' : s === 1 ? 'c_{k-1}' : String(s - 2));
  c.nodes.forEach((edges, j) =>
    edges.forEach((e, k) => {
      const [x1, y1] = pos(e.input);
      const [x2, y2] = pos(j + 2);
      const bend = (k === 0 ? -1 : 1) * 28;
      const [mx, my] = [(x1 + x2) / 2, (y1 + y2) / 2 + bend];
      const colour = PALETTE[e.op] ?? '#444444';
      parts.push(`<path d="M${x1},${y1} Q${mx},${my} ${x2},${y2}" fill="none" stroke="${colour}" stroke-width="2" marker-end="url(#arrow)"/>`);
      const text = e.weight === undefined ? e.op : `${e.op} ${e.weight.toFixed(2)}`;
      parts.push(`<text x="${mx}" y="${my - 4}" font-size="11" text-anchor="middle" fill="${colour}">${escapeXml(text)}</text>`);
    }),
  );
  for (const s of c.concat) {
    const [x1, y1] = pos(s);
    parts.push(`<path d="M${x1},${y1} L${out[0]},${out[1]}" fill="none" stroke="#999" stroke-width="1" stroke-dasharray="4 3"/>`);
  }
  const node = ([x, y]: [number, number], text: string, fill: string): string =>
    `<rect x="${x - 32}" y="${y - 13}" width="64" height="26" rx="6" fill="${fill}" stroke="#555"/><text x="${x}" y="${y + 4}" font-size="12" text-anchor="middle">${escapeXml(text)}</text>`;
  for (let s = 0; s < n + 2; s++) parts.push(node(pos(s), label(s), s < 2 ? '#c6dbef' : '#fdd0a2'));
  parts.push(node(out, 'c_{k}', '#c7e9c0'));
  const svg = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${H + 30}" viewBox="0 0 ${width} ${H + 30}" font-family="sans-serif">`,
    `<defs><marker id="arrow" viewBox="0 0 10 10" refX="30" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker></defs>`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${PAD}" y="22" font-size="14" font-weight="bold">${escapeXml(c.title)}</text>`,
    ...parts,
    '</svg>',
  ].join('');
  return scopeIds(svg, c.id);
}
