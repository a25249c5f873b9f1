// svg.ts: vega-lite -> SVG in Node is byte-deterministic (also under concurrency), ids are scoped
// per chart, and checkEmbeddableSvg refuses what would break an offline, script-free report.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { execaSync } from 'execa';
import { fileURLToPath } from 'node:url';
import type { TopLevelSpec } from 'vega-lite';
import { renderVegaLite, scopeIds, checkEmbeddableSvg } from '../src/report/svg.js';
import { ReportError } from '../src/report/escape.js';
import { wellFormedProblems } from './helpers/report-xml.js';

// A colour legend makes vega emit a gradient with an id, the case that used to vary between renders.
const spec = (title: string): TopLevelSpec => ({
  title,
  data: { values: [{ a: 'x', b: 1 }, { a: 'y', b: 3 }, { a: 'z', b: 2 }] },
  mark: 'rect',
  encoding: { x: { field: 'a', type: 'nominal' }, color: { field: 'b', type: 'quantitative' } },
});

test('the well-formedness helper rejects broken markup (so the other tests can fail)', () => {
  assert.deepEqual(wellFormedProblems('<svg><g></g></svg>'), []);
  assert.notDeepEqual(wellFormedProblems('<svg><g></svg>'), []);
  assert.notDeepEqual(wellFormedProblems('<svg><text>a < b</text></svg>'), []);
  assert.notDeepEqual(wellFormedProblems('<svg><text>a & b</text></svg>'), []);
  assert.notDeepEqual(wellFormedProblems('<svg></svg><svg></svg>'), []);
});

test('renders well-formed SVG, byte-identical on every render, including concurrent ones', async () => {
  const first = await renderVegaLite(spec('determinism'));
  assert.ok(first.startsWith('<svg'));
  assert.deepEqual(wellFormedProblems(first), []);
  assert.match(first, /url\(#v[0-9a-f]{10}-\d+\)/, 'gradient referenced through a scoped id');
  const again = await renderVegaLite(spec('determinism'));
  assert.equal(again, first);
  const burst = await Promise.all([spec('determinism'), spec('other'), spec('determinism')].map((s) => renderVegaLite(s)));
  assert.equal(burst[0], first);
  assert.equal(burst[2], first);
  assert.notEqual(burst[1], first);
});

test('a fresh process, after other renders and under another locale and time zone, writes the same bytes', async () => {
  const here = await renderVegaLite(spec('determinism'));
  const svgModule = fileURLToPath(new URL('../src/report/svg.ts', import.meta.url));
  const code = [
    `import { renderVegaLite } from ${JSON.stringify(svgModule)};`,
    `const spec = (title) => (${JSON.stringify(spec('TITLE')).replace('"TITLE"', 'title')});`,
    "await renderVegaLite(spec('warm-up'));",
    "process.stdout.write(await renderVegaLite(spec('determinism')));",
  ].join('\n');
  const there = execaSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    env: { TZ: 'Asia/Tokyo', LANG: 'de_DE.UTF-8', LC_ALL: 'de_DE.UTF-8' },
    stripFinalNewline: false,
  }).stdout;
  assert.equal(there, here);
});

test('different charts get different id prefixes, so inline SVGs in one page do not collide', async () => {
  const a = await renderVegaLite(spec('a'));
  const b = await renderVegaLite(spec('b'));
  const ids = (s: string): string[] => [...s.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1] ?? '');
  assert.ok(ids(a).length > 0);
  for (const id of ids(a)) assert.ok(!ids(b).includes(id), `${id} in both`);
  assert.match(await renderVegaLite(spec('a'), { idPrefix: 'theta' }), /id="theta-0"/);
});

test('scopeIds renames ids and their references, and leaves unknown references alone', () => {
  const svg = '<svg><defs><clipPath id="clip1"/></defs><g clip-path="url(#clip1)"/><use href="#clip1"/><g fill="url(#elsewhere)"/></svg>';
  assert.equal(scopeIds(svg, 'p'), '<svg><defs><clipPath id="p-0"/></defs><g clip-path="url(#p-0)"/><use href="#p-0"/><g fill="url(#elsewhere)"/></svg>');
  assert.throws(() => scopeIds(svg, '"><script>'), ReportError);
});

test('vega-lite warnings fail the render instead of drawing a wrong chart', async () => {
  const bad: TopLevelSpec = { data: { values: [{ a: 1 }] }, mark: 'point', encoding: { x: { field: 'a', type: 'quantitative' }, y: { field: 'a', type: 'quantitative', aggregate: 'no-such-op' as 'sum' } } };
  await assert.rejects(renderVegaLite(bad), ReportError);
});

test('checkEmbeddableSvg accepts vega output and rejects scripts, handlers and external references', async () => {
  const ok = await renderVegaLite(spec('ok'));
  assert.equal(checkEmbeddableSvg(ok), ok);
  const bad = [
    '<p>not svg</p>',
    '<svg><script>alert(1)</script></svg>',
    '<svg><rect onload="alert(1)"/></svg>',
    '<svg><foreignObject/></svg>',
    '<svg><image href="https://example.com/x.png"/></svg>',
    '<svg><image xlink:href="//cdn.example.com/x.png"/></svg>',
    '<svg><rect style="fill: url(http://example.com/p.svg#g)"/></svg>',
    '<svg><a href="javascript:alert(1)"/></svg>',
    '<svg><style>@import "x.css";</style></svg>',
    '<svg><style>rect { fill: url(https://example.com/p.svg#g) }</style></svg>',
  ];
  for (const s of bad) assert.throws(() => checkEmbeddableSvg(s), ReportError, s);
  // Fragment and data: references stay inside the file; text that mentions a URL loads nothing.
  checkEmbeddableSvg('<svg><text aria-label="see javascript: and https://example.com">https://example.com onload=x</text></svg>');
  checkEmbeddableSvg('<svg xmlns="http://www.w3.org/2000/svg"><use href="#a"/><image href="data:image/png;base64,AA=="/></svg>');
});

test('text widths are vega estimates: the optional canvas package is not installed', () => {
  // vega measures text with node-canvas when it can import it, which would make chart bytes depend
  // on the machine's fonts. This fails if a dependency change ever brings canvas in.
  const require = createRequire(import.meta.url);
  assert.throws(() => require.resolve('canvas'), /Cannot find module/);
});
