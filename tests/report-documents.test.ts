// report.md and report.html from one ReportModel: Markdown table formatting, figure embedding in
// both Markdown modes, the hash chain (short forms, full hashes kept), HTML that opens offline
// (no http(s) reference but the SVG namespace names), escaping of a class named <script>, and
// byte-identical output for the same model.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { confusionMatrix } from '../src/report/charts/confusion.js';
import { architectureSvg } from '../src/report/charts/architecture.js';
import { renderMarkdown, markdownTable } from '../src/report/markdown.js';
import { renderHtml } from '../src/report/html.js';
import { hashChainStage, formatCell, type ReportModel } from '../src/report/model.js';
import { ReportError, escapeMarkdown } from '../src/report/escape.js';
import { wellFormedProblems } from './helpers/report-xml.js';

const EVIL = '<script>alert(1)</script>';
const h = (c: string): string => c.repeat(64);

async function model(): Promise<ReportModel> {
  const classes = ['T-shirt/top', EVIL];
  return {
    title: 'nasflow report: found-0',
    generatedFrom: h('e'),
    sections: [
      { kind: 'text', heading: 'Summary', paragraphs: ['The found architecture reaches 90.1 % top-1.', `Class ${EVIL} is hardest | *really*.`] },
      { kind: 'table', heading: 'Accuracy per class', caption: 'test split', columns: ['class', 'top-1', 'images'], rows: [[classes[0]!, 0.912345, 1000], [EVIL, '88.0 %', 1000]] },
      { kind: 'figure', heading: 'Confusion matrix', id: 'confusion', svg: await confusionMatrix({ classNames: classes, matrix: [[9, 1], [2, 8]] }), caption: `confusion of ${EVIL}` },
      { kind: 'figure', svg: architectureSvg({ name: 'found-0', input: [28, 28, 1], stem: { cOut: 8, stride: 1 }, blocks: [], head: { cOut: null, classes: 2 } }), caption: 'architecture' },
      {
        kind: 'hashChain',
        heading: 'Hash chain',
        stages: [
          { stage: 'prepare-data', manifestSha256: h('1'), configHash: h('2'), codeHash: h('3'), upstream: [], outputs: [{ file: 'train_w.bin', sha256: h('4') }] },
          { stage: 'evaluate', manifestSha256: h('5'), configHash: h('6'), codeHash: h('7'), upstream: [{ stage: 'prepare-data', manifestSha256: h('1') }], outputs: [{ file: 'report.html', sha256: h('8') }] },
        ],
      },
    ],
  };
}

test('markdown tables: header, alignment row (numbers right-aligned), escaped pipes', () => {
  assert.equal(markdownTable(['a', 'b|c'], [['1', 'x \\| y'], ['', 'z']], [true, false]), '| a | b\\|c |\n| ---: | --- |\n| 1 | x \\| y |\n|   | z |');
  assert.equal(formatCell(0.912345), '0.9123');
  assert.equal(formatCell(72960000), '72960000');
  assert.equal(formatCell(1.5e-7), '1.5e-7');
  assert.equal(escapeMarkdown('# a_b *c* [d](e) <i> & | ~x~ `y`'), '\\# a\\_b \\*c\\* \\[d\\](e) &lt;i&gt; &amp; \\| \\~x\\~ \\`y\\`');
  assert.equal(escapeMarkdown('- 1e+21'), '\\- 1e+21');
  assert.equal(escapeMarkdown('2. place\nline two'), '2\\. place line two');
});

test('report.md: title, tables, escaped user strings, figures as data URIs, hash chain', async () => {
  const { markdown, files } = renderMarkdown(await model());
  assert.deepEqual(files, []);
  assert.ok(markdown.startsWith(`# nasflow report: found-0\n\nGenerated from \`${h('e')}\`.\n\n## Summary\n\n`));
  assert.ok(markdown.includes('| class | top-1 | images |\n| --- | --- | ---: |\n| T-shirt/top | 0.9123 | 1000 |\n| &lt;script&gt;alert(1)&lt;/script&gt; | 88.0 % | 1000 |'));
  assert.ok(markdown.includes('*test split*'));
  assert.ok(!markdown.includes('<script'), 'raw <script> in report.md');
  const images = [...markdown.matchAll(/!\[([^\]]*(?:\\\][^\]]*)*)\]\(data:image\/svg\+xml;base64,([A-Za-z0-9+/=]+)\)/g)];
  assert.equal(images.length, 2);
  assert.ok(Buffer.from(images[0]?.[2] ?? '', 'base64').toString('utf8').startsWith('<svg'));
  assert.ok(markdown.includes('| prepare-data | `111111111111` | `222222222222` | `333333333333` |   | train\\_w.bin `444444444444` |'));
  assert.ok(markdown.includes('Class &lt;script&gt;alert(1)&lt;/script&gt; is hardest \\| \\*really\\*.'));
  assert.ok(markdown.includes(`evaluate config   ${h('6')}`), 'full hashes listed');
  assert.ok(markdown.endsWith('```\n'));
  assert.equal(renderMarkdown(await model()).markdown, markdown);
});

test("report.md 'files' mode: relative links and the SVGs to write", async () => {
  const m = await model();
  const { markdown, files } = renderMarkdown(m, { figures: 'files', figureDir: 'fig' });
  assert.deepEqual(files.map((f) => f.path), ['fig/confusion.svg', 'fig/figure-2.svg']);
  assert.ok(markdown.includes('](fig/confusion.svg)'));
  assert.ok(!markdown.includes('data:image'));
  assert.equal(files[0]?.content, (m.sections[2] as { svg: string }).svg);
  assert.throws(() => renderMarkdown(m, { figures: 'files', figureDir: '../x' }), ReportError);
});

test('report.html: well-formed, offline, escaped, hashes short with full titles, deterministic', async () => {
  const html = renderHtml(await model());
  assert.ok(html.startsWith('<!DOCTYPE html>'));
  assert.deepEqual(wellFormedProblems(html, { html: true }), []);
  // Offline: the only URLs are SVG namespace names, and nothing is loaded by src/href/@import.
  const urls = [...html.matchAll(/https?:\/\/[^\s"'<>)]*/g)].map((m) => m[0]);
  assert.ok(urls.length > 0);
  for (const u of urls) assert.ok(u === 'http://www.w3.org/2000/svg' || u === 'http://www.w3.org/1999/xlink', u);
  assert.ok(!/\ssrc=|<link|@import|<script/i.test(html));
  for (const m of html.matchAll(/\shref="([^"]*)"/g)) assert.ok(m[1]?.startsWith('#'), `href ${m[1]}`);
  // The class name is text everywhere: table, paragraph, figure caption and SVG labels.
  assert.ok(!html.includes(EVIL));
  assert.ok(html.split('&lt;script&gt;alert(1)&lt;/script&gt;').length - 1 >= 4);
  assert.ok(html.includes(`<span class="hash" title="${h('2')}"><span class="short">222222222222</span><span class="full">${h('2')}</span></span>`));
  assert.ok(html.includes('@media print {\n  .hash .short { display: none; }'), 'full hashes on paper');
  assert.ok(html.includes('<td class="num">1000</td>'));
  assert.ok(html.includes('<nav aria-label="contents">'));
  assert.equal(renderHtml(await model()), html);
});

test('unsafe figures and malformed sections are refused, naming the section', async () => {
  const m = await model();
  const withSvg = (svg: string): ReportModel => ({ ...m, sections: [{ kind: 'figure', svg, caption: 'x' }] });
  assert.throws(() => renderHtml(withSvg('<svg><script>alert(1)</script></svg>')), /<script> element/);
  assert.throws(() => renderMarkdown(withSvg('<svg><image href="https://example.com/a.png"/></svg>')), /must not load/);
  assert.throws(() => renderHtml({ ...m, sections: [{ kind: 'table', heading: 'T', columns: ['a', 'b'], rows: [[1]] }] }), /section 0 \("T"\): row 0 has 1 cells/);
  const svg = architectureSvg({ name: 'a', input: [1, 1, 1], stem: { cOut: 1, stride: 1 }, blocks: [], head: { cOut: null, classes: 2 } });
  assert.throws(() => renderHtml({ ...m, sections: [{ kind: 'figure', id: 'x', svg, caption: '' }, { kind: 'figure', id: 'x', svg, caption: '' }] }), /used twice/);
  assert.throws(() => renderHtml({ ...m, sections: [{ kind: 'figure', id: 'Bad Id', svg, caption: '' }] }), /figure id/);
});

test('hashChainStage maps a manifest to its chain row', () => {
  const row = hashChainStage(
    {
      schema: 'manifest/v1', stage: 'sample', configFile: 'configs/sample.yaml', configHash: h('a'), codeHash: h('b'),
      upstream: [{ stage: 'train-supernet', manifestSha256: h('c') }], outputs: [{ file: 'index.json', sha256: h('d'), bytes: 10 }],
      backend: null, seed: 1, startedAt: '2026-01-01T00:00:00Z', finishedAt: '2026-01-01T00:00:01Z',
    },
    h('f'),
  );
  assert.deepEqual(row, { stage: 'sample', manifestSha256: h('f'), configHash: h('a'), codeHash: h('b'), upstream: [{ stage: 'train-supernet', manifestSha256: h('c') }], outputs: [{ file: 'index.json', sha256: h('d') }] });
});
