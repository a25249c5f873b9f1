// Generates src/types/generated.ts from every schema in schemas/ with json-schema-to-typescript:
// one bundle, each declaration once. `--check` regenerates in memory and fails if the file differs.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { compile, type JSONSchema } from 'json-schema-to-typescript';
import { SCHEMA_DIR, schemaFiles } from '../src/artifacts/schemas.js';

const OUT = join(SCHEMA_DIR, '..', 'src', 'types', 'generated.ts');
const HEADER = '// Generated from schemas/*.schema.json by `npm run gen:types`. Do not edit by hand.\n/* eslint-disable */\n';

async function generate(): Promise<string> {
  const seen = new Map<string, string>();
  const order: string[] = [];
  for (const file of schemaFiles()) {
    const schema = JSON.parse(readFileSync(join(SCHEMA_DIR, file), 'utf8')) as JSONSchema;
    const ts = await compile(schema, String(schema.$id), {
      bannerComment: '',
      cwd: SCHEMA_DIR,
      additionalProperties: false,
      format: true,
      style: { singleQuote: true, printWidth: 120 },
      declareExternallyReferenced: true,
      $refOptions: { resolve: { schemaIds: schemaIdResolver } },
    });
    for (const decl of splitDeclarations(ts)) {
      const prev = seen.get(decl.name);
      if (prev === undefined) {
        seen.set(decl.name, decl.text);
        order.push(decl.name);
      } else if (prev !== decl.text) {
        throw new Error(`gen-types: ${file} declares ${decl.name} differently from an earlier schema; give one of them a distinct title`);
      }
    }
  }
  return HEADER + '\n' + order.map((n) => seen.get(n)).join('\n\n') + '\n';
}

// A $ref to another schema by its $id ("retrain-history#/definitions/scores") resolves to that
// schema's file, as ajv resolves it at validation time.
const schemaIdResolver = {
  order: 1,
  canRead: (file: { url: string }): boolean => existsSync(join(SCHEMA_DIR, `${basename(file.url)}.schema.json`)),
  read: (file: { url: string }): string => readFileSync(join(SCHEMA_DIR, `${basename(file.url)}.schema.json`), 'utf8'),
};

/** Splits compiler output into top-level `export ...` declarations (with their doc comments). */
function splitDeclarations(ts: string): { name: string; text: string }[] {
  const out: { name: string; text: string }[] = [];
  const lines = ts.split('\n');
  let buf: string[] = [];
  let name: string | undefined;
  const flush = (): void => {
    const text = buf.join('\n').trim();
    if (name && text) out.push({ name, text });
    buf = [];
    name = undefined;
  };
  for (const line of lines) {
    const m = /^export (?:interface|type|enum|const) (\w+)/.exec(line);
    if ((line.startsWith('/**') || m) && name !== undefined) flush();
    if (m) name = m[1];
    buf.push(line);
  }
  flush();
  return out;
}

const text = await generate();
if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(OUT, 'utf8');
  } catch {
    // missing file: reported below as stale
  }
  if (current !== text) {
    console.error(`check:types: ${OUT} is stale; run \`npm run gen:types\` and commit the result`);
    process.exit(1);
  }
  console.log(`check:types: ${OUT} matches ${schemaFiles().length} schemas`);
} else {
  writeFileSync(OUT, text);
  console.log(`gen:types: wrote ${OUT} from ${schemaFiles().length} schemas`);
}
