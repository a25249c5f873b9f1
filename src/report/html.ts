// report.html from a ReportModel: one file, inline CSS, figures as inline SVG, no script, no
// external font, stylesheet or image, so it opens offline and prints as it reads. Every
// user-provided string goes through escapeXml; figure SVGs go through checkEmbeddableSvg (no
// script, handlers or external references). Hashes show 12 characters with the full hash in a
// title attribute (a native tooltip, no JS) and in print. Output bytes depend only on the model.
import { escapeXml } from './escape.js';
import { formatCell, numericColumns, resolveSections, shortHash, type HashChainSection, type ReportModel, type TableSection } from './model.js';
import { checkEmbeddableSvg } from './svg.js';

const CSS = `
:root { color-scheme: light; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: #1b1b1b; background: #fff; margin: 0; }
main { max-width: 62rem; margin: 0 auto; padding: 1.5rem 1.25rem 3rem; }
h1 { font-size: 1.7rem; margin: 0 0 .25rem; }
h2 { font-size: 1.25rem; margin: 2rem 0 .6rem; padding-bottom: .2rem; border-bottom: 1px solid #ddd; }
p.meta { color: #555; margin: 0 0 1rem; }
nav ol { columns: 2; margin: .5rem 0 0; padding-left: 1.4rem; }
code, .hash { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .85em; }
.hash { background: #f3f3f3; border-radius: 3px; padding: 0 .25em; white-space: nowrap; }
table { border-collapse: collapse; margin: .5rem 0 1rem; font-size: .9rem; }
th, td { border: 1px solid #d0d0d0; padding: .3rem .55rem; text-align: left; vertical-align: top; }
th { background: #f5f5f5; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
caption { caption-side: bottom; color: #555; font-size: .85rem; padding-top: .3rem; text-align: left; }
.scroll { overflow-x: auto; }
figure { margin: 1rem 0 1.5rem; }
figure svg { max-width: 100%; height: auto; display: block; }
figcaption { color: #444; font-size: .9rem; margin-top: .35rem; }
ul.plain { list-style: none; margin: 0; padding: 0; }
.hash .full { display: none; }
@media print {
  .hash .short { display: none; }
  .hash .full { display: inline; white-space: normal; word-break: break-all; }
  body { font-size: 11pt; }
  main { max-width: none; padding: 0; }
  nav { display: none; }
  h2 { break-after: avoid; }
  figure, table, tr { break-inside: avoid; }
  .scroll { overflow: visible; }
}
`.trim();

// The short form on screen (full hash in the tooltip); the full hash on paper, where no tooltip
// exists and the printout may be the only copy someone checks a manifest against.
function hash(h: string): string {
  const short = shortHash(h);
  if (short === h) return `<span class="hash">${escapeXml(h)}</span>`;
  return `<span class="hash" title="${escapeXml(h)}"><span class="short">${escapeXml(short)}</span><span class="full">${escapeXml(h)}</span></span>`;
}

function table(t: TableSection): string {
  const num = numericColumns(t);
  const head = t.columns.map((c) => `<th scope="col">${escapeXml(c)}</th>`).join('');
  const body = t.rows
    .map((r) => `<tr>${r.map((c, j) => `<td${num[j] ? ' class="num"' : ''}>${escapeXml(formatCell(c))}</td>`).join('')}</tr>`)
    .join('\n');
  const caption = t.caption === undefined ? '' : `<caption>${escapeXml(t.caption)}</caption>`;
  return `<div class="scroll"><table>${caption}<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody></table></div>`;
}

function hashChain(h: HashChainSection): string {
  const list = (items: string[]): string => (items.length === 0 ? '—' : `<ul class="plain">${items.map((i) => `<li>${i}</li>`).join('')}</ul>`);
  const rows = h.stages.map((s) =>
    [
      `<th scope="row">${escapeXml(s.stage)}</th>`,
      `<td>${hash(s.manifestSha256)}</td>`,
      `<td>${hash(s.configHash)}</td>`,
      `<td>${hash(s.codeHash)}</td>`,
      `<td>${list(s.upstream.map((u) => `${escapeXml(u.stage)} ${hash(u.manifestSha256)}`))}</td>`,
      `<td>${list(s.outputs.map((o) => `<code>${escapeXml(o.file)}</code> ${hash(o.sha256)}`))}</td>`,
    ].join(''),
  );
  const head = ['stage', 'manifest', 'config', 'code', 'upstream manifests', 'outputs'].map((c) => `<th scope="col">${c}</th>`).join('');
  return [
    `<div class="scroll"><table><caption>sha256, shown to 12 characters on screen (hover for the full hash) and in full when printed. A stage's "upstream manifests" are the "manifest" hashes of the rows it read.</caption>`,
    `<thead><tr>${head}</tr></thead>\n<tbody>\n${rows.map((r) => `<tr>${r}</tr>`).join('\n')}\n</tbody></table></div>`,
  ].join('');
}

export function renderHtml(model: ReportModel): string {
  const resolved = resolveSections(model);
  const parts: string[] = [];
  for (const { section, anchor, figureId } of resolved) {
    const heading = section.heading === undefined ? '' : `<h2 id="${anchor}">${escapeXml(section.heading)}</h2>\n`;
    let body: string;
    switch (section.kind) {
      case 'text':
        body = section.paragraphs.map((p) => `<p>${escapeXml(p)}</p>`).join('\n');
        break;
      case 'table':
        body = table(section);
        break;
      case 'figure':
        body = `<figure id="${figureId ?? anchor}-figure">${checkEmbeddableSvg(section.svg, `figure ${figureId ?? ''}`)}<figcaption>${escapeXml(section.caption)}</figcaption></figure>`;
        break;
      case 'hashChain':
        body = hashChain(section);
        break;
    }
    parts.push(`<section>\n${heading}${body}\n</section>`);
  }
  const toc = resolved
    .filter((r) => r.section.heading !== undefined)
    .map((r) => `<li><a href="#${r.anchor}">${escapeXml(r.section.heading ?? '')}</a></li>`);
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeXml(model.title)}</title>`,
    `<style>\n${CSS}\n</style>`,
    '</head>',
    '<body>',
    '<main>',
    `<header><h1>${escapeXml(model.title)}</h1><p class="meta">Generated from ${hash(model.generatedFrom)}</p></header>`,
    ...(toc.length > 1 ? [`<nav aria-label="contents"><ol>${toc.join('')}</ol></nav>`] : []),
    ...parts,
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
