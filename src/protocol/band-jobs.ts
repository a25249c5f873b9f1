// The retrain side of the evaluation protocol: for every found architecture, K random
// architectures of the space whose LUT-predicted latency lies within ±width of the found one's,
// retrained with exactly the same recipe as everything else (they are ordinary `random` jobs; a
// joint space's recipe values are dropped).
// Found architectures with the same sample (several search seeds agreeing) share one band. Each
// band's stream is derived from the retrain seed and the found sample, so adding a seed never
// changes the other seeds' bands. Pure: documents and the cost table in, jobs and a record out.
import { normalizeArch } from '../arch/normalize.js';
import { Rng } from '../core/rng.js';
import { archCost, type CostTable } from '../latency/table.js';
import { type Sample, sampleKey } from '../spaces/choices.js';
import { freeze } from '../spaces/freeze.js';
import { sampleFromOps, sampleOps } from '../spaces/grid.js';
import type { NormalizedSpace } from '../spaces/normalize.js';
import type { ArchDoc, RetrainProtocol } from '../types/generated.js';
import { withoutRecipe } from '../retrain/recipe.js';
import { bandBounds, sampleInBand } from './band.js';

export interface BandJob {
  name: string;
  kind: 'random';
  doc: ArchDoc;
}

export interface BandRecord {
  found: string;
  centerMs: number;
  loMs: number;
  hiMs: number;
  archs: string[];
  tried: number;
}

/** The found architecture's sample: its search record's, or rebuilt from its chain rows. */
export function foundSample(space: NormalizedSpace, doc: ArchDoc, file: string): Sample {
  if (doc.search?.sample && doc.search.space === space.name) return doc.search.sample as Sample;
  const a = normalizeArch(doc, file);
  if (a.kind !== 'chain') throw new RangeError(`${file}: the latency band needs a chain architecture`);
  return sampleFromOps(space, a.blocks.map((b) => b.name));
}

export function bandJobs(
  p: RetrainProtocol,
  seed: number,
  found: readonly { name: string; doc: ArchDoc }[],
  space: NormalizedSpace,
  latency: CostTable,
  configFile: string,
): { jobs: BandJob[]; bands: BandRecord[] } {
  const cost = (s: Sample): number => archCost(latency, sampleOps(space, s));
  const foundSamples = found.map((f) => foundSample(space, f.doc, f.name));
  const exclude = new Set(foundSamples.map(sampleKey));
  const byKey = new Map<string, BandRecord>();
  const jobs: BandJob[] = [];
  const bands: BandRecord[] = [];
  found.forEach((f, i) => {
    const key = sampleKey(foundSamples[i]!);
    const shared = byKey.get(key);
    if (shared) {
      bands.push({ ...shared, found: f.name });
      return;
    }
    const band = { center: cost(foundSamples[i]!), width: p.width };
    const [lo, hi] = bandBounds(band);
    const r = p.k > 0 ? sampleInBand(space, Rng.derived(seed, `protocol/band/${key}`), { k: p.k, band, cost, exclude, where: { file: configFile, path: '/protocol' } }) : { draws: [], tried: 0 };
    const names = r.draws.map((d, j) => {
      exclude.add(sampleKey(d.sample));
      const name = `${f.name}-band-${j}`;
      jobs.push({ name, kind: 'random', doc: withoutRecipe(freeze(space, d.sample, name, { search: { method: 'random', details: { band: f.name, predictedMs: d.cost } } })) });
      return name;
    });
    const rec = { found: f.name, centerMs: band.center, loMs: lo, hiMs: hi, archs: names, tried: r.tried };
    byKey.set(key, rec);
    bands.push(rec);
  });
  return { jobs, bands };
}
