// A small well-formedness check for the report tests (no XML parser is a dependency): every tag
// closes in order, attributes are quoted, and no raw `<` or stray `&` appears in text. With
// `html: true`, HTML void elements (meta, br, ...) need no closing tag and a doctype is allowed.
const VOID = new Set(['meta', 'link', 'br', 'hr', 'img', 'input', 'col', 'wbr', 'source', 'area', 'base', 'embed', 'track']);
const TOKEN = /<!--[\s\S]*?-->|<!DOCTYPE[^>]*>|<\/([A-Za-z][\w:-]*)\s*>|<([A-Za-z][\w:-]*)((?:\s+[\w:-]+\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>|<|&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/g;

/** Problems found, empty when the document is well-formed. */
export function wellFormedProblems(doc: string, options: { html?: boolean } = {}): string[] {
  const problems: string[] = [];
  const stack: string[] = [];
  let roots = 0;
  for (const m of doc.matchAll(TOKEN)) {
    const [all, close, open, , selfClose] = m;
    if (all.startsWith('<!--')) continue;
    if (all.startsWith('<!DOCTYPE')) {
      if (!options.html) problems.push('doctype in SVG');
      continue;
    }
    if (close !== undefined) {
      const top = stack.pop();
      if (top !== close) problems.push(`</${close}> at ${m.index} closes <${top ?? 'nothing'}>`);
    } else if (open !== undefined) {
      if (stack.length === 0) roots++;
      if (selfClose === '/' || (options.html && VOID.has(open.toLowerCase()))) continue;
      stack.push(open);
    } else {
      problems.push(`raw "${all}" at ${m.index}: ${JSON.stringify(doc.slice(Math.max(0, (m.index ?? 0) - 30), (m.index ?? 0) + 30))}`);
    }
  }
  if (stack.length > 0) problems.push(`unclosed: ${stack.join(' > ')}`);
  if (roots !== 1) problems.push(`${roots} root elements`);
  return problems;
}
