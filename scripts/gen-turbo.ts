// Writes turbo.json and the stage scripts of package.json from pipeline.yaml (`npm run gen:turbo`).
// `--check` fails when either is stale; the test suite runs it.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadPipeline } from '../src/pipeline/pipeline.js';
import { scriptFor, turboJsonFor } from '../src/pipeline/turbo.js';

const root = process.cwd();
const p = loadPipeline(root);
const turbo = `${JSON.stringify(turboJsonFor(p), null, 2)}\n`;
const pkgFile = join(root, 'package.json');
const pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as { scripts: Record<string, string> };
for (const [name, st] of Object.entries(p.stages)) pkg.scripts[name] = scriptFor(st.entry);
const pkgText = `${JSON.stringify(pkg, null, 2)}\n`;

if (process.argv.includes('--check')) {
  const stale = [
    readFileSync(join(root, 'turbo.json'), 'utf8') !== turbo ? 'turbo.json' : '',
    readFileSync(pkgFile, 'utf8') !== pkgText ? 'package.json scripts' : '',
  ].filter(Boolean);
  if (stale.length) {
    console.error(`gen:turbo: ${stale.join(' and ')} disagree with pipeline.yaml; run \`npm run gen:turbo\``);
    process.exit(1);
  }
  console.log('gen:turbo: turbo.json and package.json agree with pipeline.yaml');
} else {
  writeFileSync(join(root, 'turbo.json'), turbo);
  writeFileSync(pkgFile, pkgText);
  console.log('gen:turbo: wrote turbo.json and package.json scripts from pipeline.yaml');
}
