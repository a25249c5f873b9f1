// Converts space/v1 and arch/v1 documents to v2:
//   npx tsx scripts/convert-v1.ts <file.json>... [--in-place] [--candidates a,b,c]
// Writes <file>.v2.json next to each input (or replaces it with --in-place) and validates the
// result against its schema. --candidates: the list a v1 build-lut.yaml gave, which v2 keeps in
// the space file itself (build-lut.yaml then only names the space).
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { validate } from '../src/artifacts/schemas.js';
import { archV1ToV2, spaceV1ToV2 } from '../src/spaces/convert-v1.js';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { 'in-place': { type: 'boolean', default: false }, candidates: { type: 'string' } } });
if (!positionals.length) {
  console.error('usage: npx tsx scripts/convert-v1.ts <file.json>... [--in-place] [--candidates a,b,c]');
  process.exit(2);
}
for (const file of positionals) {
  const doc = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  let out: unknown;
  if (doc.schema === 'space/v1') out = validate('space', spaceV1ToV2(doc, values.candidates?.split(',').map((s) => s.trim())), file);
  else if (doc.schema === 'arch/v1') out = validate('arch', archV1ToV2(doc), file);
  else {
    console.error(`${file}: expected a space/v1 or arch/v1 document, found schema ${JSON.stringify(doc.schema)}`);
    process.exit(1);
  }
  const target = values['in-place'] ? file : file.replace(/\.json$/, '.v2.json');
  writeFileSync(target, `${JSON.stringify(out, null, 2)}\n`);
  console.log(`${file}: ${String(doc.schema)} -> ${target}`);
}
