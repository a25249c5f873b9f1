// The manifest chain: every stage records the sha256 of each upstream manifest it read. A link is
// stale when the upstream's manifest on disk is no longer the one recorded — the upstream ran
// again (or another run replaced it) after this stage. runStage refuses to read a stale chain,
// and `npm run verify` names every stale stage.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { MANIFEST, readManifest } from '../artifacts/manifest.js';
import { sha256File } from '../core/hash.js';

export interface StaleLink {
  stage: string;
  upstream: string;
  recorded: string;
  found: string;
}

/** The stale links of the given stages (those without a manifest are skipped). */
export async function staleLinks(artifactsDir: string, stages: Iterable<string>): Promise<StaleLink[]> {
  const out: StaleLink[] = [];
  const hashes = new Map<string, string>();
  const current = async (st: string): Promise<string> => {
    if (!hashes.has(st)) {
      const f = join(artifactsDir, st, MANIFEST);
      hashes.set(st, existsSync(f) ? (await sha256File(f)).sha256 : 'no manifest');
    }
    return hashes.get(st)!;
  };
  for (const stage of stages) {
    if (!existsSync(join(artifactsDir, stage, MANIFEST))) continue;
    for (const up of readManifest(join(artifactsDir, stage)).upstream) {
      const found = await current(up.stage);
      if (found !== up.manifestSha256) out.push({ stage, upstream: up.stage, recorded: up.manifestSha256, found });
    }
  }
  return out;
}

export const describeLink = (l: StaleLink): string => `${l.stage} was made from ${l.upstream} manifest ${l.recorded.slice(0, 12)}…, found ${l.found === 'no manifest' ? 'no manifest' : `${l.found.slice(0, 12)}…`} on disk`;
