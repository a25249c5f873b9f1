// Escaping for every place a user-provided string (class name, block name, stage name, caption)
// lands in a report: XML/HTML text and attributes, Markdown text and Markdown table cells.
// Report inputs come from configs and datasets, so a class named `<script>` must render as text,
// never as markup, in report.html, in the inline SVGs and in report.md (Markdown passes raw HTML
// through to the renderer, so it needs HTML escaping as well as Markdown escaping).
import { NasflowError } from '../core/errors.js';

/** A report input that cannot be rendered faithfully (bad shape, non-finite number, unsafe SVG). */
export class ReportError extends NasflowError {
  constructor(
    readonly where: string,
    readonly detail: string,
  ) {
    super('E_REPORT', `${where}: ${detail}`);
  }
}

// Characters XML 1.0 forbids even when escaped (C0 controls other than tab/LF/CR, lone
// surrogates, U+FFFE/U+FFFF). One of them makes a whole SVG or XHTML document unparsable, so they
// become U+FFFD instead of being passed through.
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text or attribute value for HTML and SVG: safe inside elements and inside "..." or '...'. */
export function escapeXml(s: string): string {
  return s
    .replace(XML_INVALID, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/**
 * Inline Markdown text (a paragraph, a caption, a heading). HTML-significant characters become
 * entities, which CommonMark renders back as the characters; Markdown punctuation gets a backslash
 * so `*`, `_`, `[`, `|` or a leading `#` in a class name do not turn into emphasis, links, table
 * cells or headings.
 * Newlines become spaces: a single paragraph stays a single paragraph.
 */
export function escapeMarkdown(s: string): string {
  return s
    .replace(XML_INVALID, '\uFFFD')
    .replace(/\r\n?|\n/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    // Characters that are Markdown syntax anywhere in a line (emphasis, code, links, table cells,
    // strikethrough); `(`, `)` and `!` only matter next to an escaped `[`, so they stay readable.
    .replace(/[\\`*_[\]|~]/g, (c) => `\\${c}`)
    // Block syntax only at the start: a heading, a list item ("-", "+", "1. ", "1) ").
    .replace(/^([#+-])/, '\\$1')
    .replace(/^(\d+)([.)]) /, '$1\\$2 ');
}

/** Inline code in Markdown for values with no spaces to break (hashes, file names): `x`. */
export function markdownCode(s: string): string {
  const clean = s.replace(XML_INVALID, '\uFFFD').replace(/\r\n?|\n/g, ' ');
  // A code span is delimited by a backtick run longer than any run inside it; pipes still need
  // escaping because GFM splits table cells before it parses code spans.
  const longest = Math.max(0, ...[...clean.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = clean.startsWith('`') || clean.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${clean.replace(/\|/g, '\\|')}${pad}${fence}`;
}

/** A slug for anchors and figure file names: lowercase ASCII letters, digits and single dashes. */
export function slug(s: string): string {
  const out = s
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return out === '' ? 'section' : out;
}
