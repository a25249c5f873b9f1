// report.md from a ReportModel (GitHub-flavoured Markdown: pipe tables, backslash escapes).
//
// Figures: Markdown has no portable way to inline SVG markup, so a figure is an image. Two modes:
//  - 'data-uri' (default): `![caption](data:image/svg+xml;base64,...)` — report.md stays one
//    self-contained file, like report.html, and renders in VS Code, pandoc, Typora and most
//    desktop viewers. GitHub's renderer drops data: images and shows the caption only.
//  - 'files': `![caption](figures/<id>.svg)` and the SVGs are returned in `files` for the caller to
//    write beside report.md (and list in its manifest); this renders on GitHub too.
// Either way the caption follows as an italic line, so a viewer that shows no image still says
// what the figure is, and report.html always has every figure inline.
import { escapeMarkdown, markdownCode, ReportError } from './escape.js';
import { formatCell, numericColumns, resolveSections, shortHash, type HashChainSection, type ReportModel, type TableSection } from './model.js';
import { checkEmbeddableSvg } from './svg.js';

export interface MarkdownOptions {
  figures?: 'data-uri' | 'files';
  /** Directory of figure files relative to report.md, in 'files' mode; default 'figures'. */
  figureDir?: string;
}

export interface MarkdownReport {
  markdown: string;
  /** Figure files to write relative to report.md ('files' mode; empty in 'data-uri' mode). */
  files: { path: string; content: string }[];
}

/** A GFM pipe table; numeric columns right-aligned. Cells are escaped, pipes included. */
export function markdownTable(columns: string[], rows: string[][], rightAligned: boolean[] = []): string {
  const cell = (s: string): string => (s === '' ? ' ' : s);
  const line = (cells: string[]): string => `| ${cells.map(cell).join(' | ')} |`;
  return [
    line(columns.map(escapeMarkdown)),
    line(columns.map((_, j) => (rightAligned[j] ? '---:' : '---'))),
    ...rows.map((r) => line(r)),
  ].join('\n');
}

function table(t: TableSection): string {
  const rows = t.rows.map((r) => r.map((c) => escapeMarkdown(formatCell(c))));
  const out = markdownTable(t.columns, rows, numericColumns(t));
  return t.caption === undefined ? out : `${out}\n\n*${escapeMarkdown(t.caption)}*`;
}

function hashChain(h: HashChainSection): string {
  const code = (x: string): string => markdownCode(shortHash(x));
  const rows = h.stages.map((s) => [
    escapeMarkdown(s.stage),
    code(s.manifestSha256),
    code(s.configHash),
    code(s.codeHash),
    s.upstream.map((u) => `${escapeMarkdown(u.stage)} ${code(u.manifestSha256)}`).join(', '),
    s.outputs.map((o) => `${escapeMarkdown(o.file)} ${code(o.sha256)}`).join(', '),
  ]);
  // Full hashes below the table: Markdown has no tooltips, and 12 characters identify a hash
  // for reading but not for `grep`-ing a manifest or re-verifying a file.
  const full = h.stages.flatMap((s) => [
    `${s.stage} manifest ${s.manifestSha256}`,
    `${s.stage} config   ${s.configHash}`,
    `${s.stage} code     ${s.codeHash}`,
    ...s.outputs.map((o) => `${s.stage} output   ${o.sha256}  ${o.file}`),
  ]);
  const longestTicks = Math.max(0, ...full.flatMap((l) => [...l.matchAll(/`+/g)].map((m) => m[0].length)));
  const fence = '`'.repeat(Math.max(3, longestTicks + 1));
  return [
    markdownTable(['stage', 'manifest', 'config', 'code', 'upstream manifests', 'outputs'], rows),
    'Hashes are sha256, shown to 12 characters; in full:',
    [fence, ...full, fence].join('\n'),
  ].join('\n\n');
}

export function renderMarkdown(model: ReportModel, options: MarkdownOptions = {}): MarkdownReport {
  const mode = options.figures ?? 'data-uri';
  const dir = (options.figureDir ?? 'figures').replace(/\/+$/, '');
  // The directory lands unescaped in link targets and, through the caller, in file paths.
  if (!/^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*$/.test(dir)) throw new ReportError('markdown', `figureDir "${dir}" must be a relative path of letters, digits, _ and -`);
  const files: MarkdownReport['files'] = [];
  const blocks: string[] = [`# ${escapeMarkdown(model.title)}`, `Generated from ${markdownCode(model.generatedFrom)}.`];
  for (const { section, figureId } of resolveSections(model)) {
    if (section.heading !== undefined) blocks.push(`## ${escapeMarkdown(section.heading)}`);
    switch (section.kind) {
      case 'text':
        blocks.push(...section.paragraphs.map(escapeMarkdown));
        break;
      case 'table':
        blocks.push(table(section));
        break;
      case 'figure': {
        const svg = checkEmbeddableSvg(section.svg, `figure ${figureId ?? ''}`);
        let target: string;
        if (mode === 'files') {
          target = `${dir}/${figureId ?? 'figure'}.svg`;
          files.push({ path: target, content: svg });
        } else {
          target = `data:image/svg+xml;base64,${Buffer.from(svg, 'utf8').toString('base64')}`;
        }
        const caption = escapeMarkdown(section.caption);
        blocks.push(`![${caption}](${target})\n\n*${caption}*`);
        break;
      }
      case 'hashChain':
        blocks.push(hashChain(section));
        break;
    }
  }
  return { markdown: `${blocks.join('\n\n')}\n`, files };
}
