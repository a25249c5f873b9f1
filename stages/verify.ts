// `npm run verify`: re-hashes every artifact of every stage that has run and checks the manifest
// chain: each recorded upstream manifest hash against the upstream manifest on disk. Names every
// file that does not match and EVERY stale stage — those whose recorded upstream manifest no
// longer matches, and those downstream of one — and exits non-zero.
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { MANIFEST, readManifest, verifyStage, type Mismatch } from '../src/artifacts/manifest.js';
import { describeLink, staleLinks } from '../src/pipeline/chain.js';
import { loadPipeline, topoOrder } from '../src/pipeline/pipeline.js';

const root = process.cwd();
const artifacts = join(root, 'artifacts');
const pipeline = loadPipeline(root);
const order = topoOrder(pipeline);
const bad: Mismatch[] = [];
const stale = new Map<string, string>();
let checked = 0;
try {
  for (const stage of order) {
    const dir = join(artifacts, stage);
    if (!existsSync(join(dir, MANIFEST))) {
      console.log(`verify: ${stage}: not run yet`);
      continue;
    }
    const m = readManifest(dir);
    const mismatches = await verifyStage(dir);
    const links = await staleLinks(artifacts, [stage]);
    for (const l of links) mismatches.push({ file: join(artifacts, l.upstream, MANIFEST), problem: `stale: ${describeLink(l)}` });
    if (links.length) stale.set(stage, `its recorded ${links.map((l) => l.upstream).join(', ')} manifest${links.length > 1 ? 's' : ''} no longer match${links.length > 1 ? '' : 'es'}`);
    else {
      const up = m.upstream.map((u) => u.stage).find((u) => stale.has(u));
      if (up) stale.set(stage, `made from ${up}, which is stale`);
    }
    bad.push(...mismatches);
    checked += m.outputs.length;
    console.log(`verify: ${stage}: ${m.outputs.length} files ${mismatches.length ? `${mismatches.length} MISMATCH` : 'ok'}${stale.has(stage) ? ' STALE' : ''}`);
  }
} catch (e) {
  console.error(`verify: ${(e as Error).message}`);
  process.exit(2);
}
for (const b of bad) console.error(`verify: ${relative(root, b.file)}: ${b.problem}`);
for (const [stage, why] of stale) console.error(`verify: stale stage ${stage}: ${why}`);
if (stale.size) {
  // every stage downstream of a stale one is stale too, so the last one's forced run covers them all
  const last = order.filter((s) => stale.has(s)).pop()!;
  console.error(`verify: rerun the pipeline through the stale stages: npx turbo run ${last} --force`);
}
console.log(`verify: ${checked} files checked, ${bad.length} mismatches, ${stale.size} stale stage${stale.size === 1 ? '' : 's'}`);
process.exit(bad.length || stale.size ? 1 : 0);
