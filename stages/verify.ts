// `npm run verify`: re-hashes every artifact of every stage that has run and checks the manifest
// chain (each recorded upstream manifest hash against the upstream manifest on disk). Names every
// file that does not match and exits non-zero.
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { MANIFEST, readManifest, verifyStage, type Mismatch } from '../src/artifacts/manifest.js';
import { sha256File } from '../src/core/hash.js';
import { loadPipeline, topoOrder } from '../src/pipeline/pipeline.js';

const root = process.cwd();
const pipeline = loadPipeline(root);
const bad: Mismatch[] = [];
let checked = 0;
try {
  for (const stage of topoOrder(pipeline)) {
    const dir = join(root, 'artifacts', stage);
    if (!existsSync(join(dir, MANIFEST))) {
      console.log(`verify: ${stage}: not run yet`);
      continue;
    }
    const m = readManifest(dir);
    const mismatches = await verifyStage(dir);
    for (const up of m.upstream) {
      const upFile = join(root, 'artifacts', up.stage, MANIFEST);
      const found = existsSync(upFile) ? (await sha256File(upFile)).sha256 : 'no manifest';
      if (found !== up.manifestSha256) mismatches.push({ file: upFile, problem: `${stage} was made from manifest ${up.manifestSha256}, found ${found} (stale: rerun ${stage})` });
    }
    bad.push(...mismatches);
    checked += m.outputs.length;
    console.log(`verify: ${stage}: ${m.outputs.length} files ${mismatches.length ? `${mismatches.length} MISMATCH` : 'ok'}`);
  }
} catch (e) {
  console.error(`verify: ${(e as Error).message}`);
  process.exit(2);
}
for (const b of bad) console.error(`verify: ${relative(root, b.file)}: ${b.problem}`);
console.log(`verify: ${checked} files checked, ${bad.length} mismatches`);
process.exit(bad.length ? 1 : 0);
