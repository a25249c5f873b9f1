// vega-lite spec -> SVG string, in Node with no browser and no canvas, byte-identical for the same
// input: the report's bytes are part of the pipeline's reproducibility promise.
// Determinism: vega numbers clip paths and gradients from process-global counters (in several
// copies of vega-scenegraph: vega 6.2 and vega-view pin different versions, so vega's own
// resetSVGDefIds does not reach the renderer's counter). Rather than resetting counters, every id
// is renamed after rendering to `<prefix>-<n>` in order of first appearance, which also makes ids
// unique per chart (inline SVGs share one id namespace in an HTML page). Text widths come from
// vega's fixed estimate (0.8 em per character) because the optional `canvas` package is not in the
// lockfile; installing it would switch vega to measured widths, and tests/report-svg guards that.
import * as vega from 'vega';
import { compile, type TopLevelSpec, type Config } from 'vega-lite';
import { sha256 } from '../core/hash.js';
import { ReportError } from './escape.js';

/** Shared look: system sans-serif font (nothing to fetch), white background, readable sizes. */
export const CHART_CONFIG: Config = {
  font: 'sans-serif',
  background: 'white',
  padding: 8,
  view: { continuousWidth: 480, continuousHeight: 280, stroke: '#ccc' },
  axis: { labelFontSize: 11, titleFontSize: 12, gridColor: '#e6e6e6' },
  legend: { labelFontSize: 11, titleFontSize: 12 },
  title: { fontSize: 14, anchor: 'start' },
  header: { labelFontSize: 12, titleFontSize: 12 },
};

export interface SvgOptions {
  /** Prefix for the chart's element ids; default: derived from the SVG bytes, so still deterministic. */
  idPrefix?: string;
}

// Renders run one at a time: vega's dataflow is async, and serialising keeps a burst of
// Promise.all(charts) from holding every chart's scenegraph in memory at once.
let queue: Promise<unknown> = Promise.resolve();

/** Renders a vega-lite spec; CHART_CONFIG is the base, the spec's own `config` replaces it key by key (shallow). */
export function renderVegaLite(spec: TopLevelSpec, options: SvgOptions = {}): Promise<string> {
  const run = queue.then(() => renderNow(spec, options));
  queue = run.catch(() => undefined);
  return run;
}

async function renderNow(spec: TopLevelSpec, options: SvgOptions): Promise<string> {
  // Charts are built by this library from validated data, so a vega or vega-lite warning means a
  // wrong spec (a dropped encoding, an unknown field): failing names it, a silently wrong chart
  // would not.
  const warnings: string[] = [];
  const logger = collectingLogger(warnings);
  const withConfig = { ...spec, config: { ...CHART_CONFIG, ...(spec.config ?? {}) } } as TopLevelSpec;
  const vgSpec = compile(withConfig, { logger }).spec;
  const view = new vega.View(vega.parse(vgSpec), { renderer: 'none', logger });
  try {
    await view.runAsync();
    const svg = await view.toSVG();
    if (warnings.length > 0) throw new ReportError('chart', `vega reported: ${warnings.join('; ')}`);
    // The default prefix hashes the SVG with counter-independent ids, so it is deterministic too.
    return scopeIds(svg, options.idPrefix ?? `v${sha256(scopeIds(svg, 'x')).slice(0, 10)}`);
  } finally {
    view.finalize();
  }
}

/** vega-util's logger interface (shared by vega and vega-lite): warnings and errors collected, the rest dropped. */
function collectingLogger(into: string[]): vega.LoggerInterface {
  let level = vega.Warn;
  const logger = {
    level(l?: number) {
      if (l === undefined) return level;
      level = l;
      return logger;
    },
    error: (...a: unknown[]) => (into.push(a.map(String).join(' ')), logger),
    warn: (...a: unknown[]) => (into.push(a.map(String).join(' ')), logger),
    info: () => logger,
    debug: () => logger,
  };
  return logger as vega.LoggerInterface;
}

/** Renames every id="x" to `prefix-<n>` (n: order of first appearance) with its url(#x) and href="#x" references. */
export function scopeIds(svg: string, prefix: string): string {
  if (!/^[A-Za-z][A-Za-z0-9_-]*$/.test(prefix)) throw new ReportError('svg', `id prefix "${prefix}" must be a letter followed by letters, digits, _ or -`);
  const ids = new Map<string, string>();
  for (const m of svg.matchAll(/\sid="([^"]+)"/g)) {
    const id = m[1] ?? '';
    if (!ids.has(id)) ids.set(id, `${prefix}-${ids.size}`);
  }
  if (ids.size === 0) return svg;
  return svg
    .replace(/(\sid=")([^"]+)"/g, (_, a: string, id: string) => `${a}${ids.get(id) ?? id}"`)
    .replace(/url\(#([^)]+)\)/g, (m, id: string) => (ids.has(id) ? `url(#${ids.get(id)})` : m))
    .replace(/(href=")#([^"]+)"/g, (m, a: string, id: string) => (ids.has(id) ? `${a}#${ids.get(id)}"` : m));
}

/**
 * Guards what report.html inlines and report.md embeds: one <svg> element with no script, event
 * handler, foreignObject, javascript: URL or reference to anything outside the file (the report
 * must open offline). The only URLs allowed in markup are the SVG/XLink/XML namespace names,
 * which are identifiers and never fetched. Returns the SVG unchanged; throws ReportError naming what it found.
 */
export function checkEmbeddableSvg(svg: string, where = 'figure'): string {
  const s = svg.trim();
  if (!s.startsWith('<svg') || !s.endsWith('</svg>')) throw new ReportError(where, 'not an SVG document (expected "<svg ...>...</svg>")');
  // Only markup can run or load anything. Text and most attribute values (vega's aria-labels
  // carry data values) may mention "javascript:" or a URL harmlessly, so the checks read element
  // names, attribute names, and the values of the attributes a viewer follows.
  const fetchable = (ref: string): boolean => !ref.startsWith('#') && !ref.startsWith('data:');
  const cssRefs = (css: string): string[] => [...css.matchAll(/url\(\s*["']?([^"')\s]*)/gi)].map((m) => m[1] ?? '');
  for (const tag of s.matchAll(/<([A-Za-z][\w:-]*)([^>]*)>/g)) {
    const [, element = '', rest = ''] = tag;
    if (/^(script|foreignObject)$/i.test(element)) throw new ReportError(where, `the SVG contains a <${element}> element`);
    for (const [, name = '', quoted = ''] of rest.matchAll(/([\w:-]+)\s*=\s*("[^"]*"|'[^']*')/g)) {
      const value = quoted.slice(1, -1).trim();
      if (/^on/i.test(name)) throw new ReportError(where, `the SVG contains an event handler attribute ${name}`);
      const refs = /^(xlink:)?(href|src)$/i.test(name) ? [value] : name.toLowerCase() === 'style' || /url\(/i.test(value) ? cssRefs(value) : [];
      for (const r of refs) if (fetchable(r)) throw new ReportError(where, `the SVG references "${r}" (${element} ${name}); a report must not load anything from outside the file`);
    }
  }
  for (const [, css = ''] of s.matchAll(/<style[^>]*>([\s\S]*?)<\/style>/gi)) {
    if (/@import/i.test(css)) throw new ReportError(where, 'the SVG contains a CSS @import');
    for (const r of cssRefs(css)) if (fetchable(r)) throw new ReportError(where, `the SVG references "${r}" in a <style>; a report must not load anything from outside the file`);
  }
  return s;
}
