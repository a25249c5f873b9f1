// Which architectures retrain trains, in a fixed order: the sampled ones the config selects, then
// the baselines — one uniform architecture per listed candidate (that block at every searchable
// layer; `cheapest`/`costliest` name them relative to the space, see baselines.ts) and K seeded
// random architectures from the space (cells: random genotypes; their recipe values, in a joint
// space, dropped: baselines train with the config's recipe), all cells jobs in the config's
// evaluation layout. FBNetV3: a found architecture carrying a searched recipe gets a twin
// `<name>-default-recipe` (kind default-recipe) trained with the config's own recipe instead.
// Pure: documents in, jobs out.
import { ConfigError } from '../core/errors.js';
import { Rng } from '../core/rng.js';
import type { NormalizedSpace } from '../spaces/normalize.js';
import { randomSample } from '../spaces/choices.js';
import { freeze } from '../spaces/freeze.js';
import type { ArchDoc, RetrainConfig } from '../types/generated.js';
import { randomGenotypeSample } from '../sample/genotype.js';
import { baselineName, isBaselineKeyword, resolveUniform, uniformArch } from './baselines.js';
import { evaluationLayout } from './cells-layout.js';
import { withoutRecipe } from './recipe.js';

export interface RetrainJob {
  name: string;
  kind: 'found' | 'baseline' | 'random' | 'default-recipe';
  doc: ArchDoc;
}

export function retrainJobs(c: RetrainConfig, sampled: { name: string; doc: ArchDoc }[], space: NormalizedSpace, configFile: string): RetrainJob[] {
  const names = sampled.map((s) => s.name);
  const wanted = c.archs === 'all' ? names : c.archs;
  wanted.forEach((n, i) => {
    if (!names.includes(n)) throw new ConfigError(configFile, `/archs/${i}`, `no sampled architecture "${n}" (sampled: ${names.join(', ')})`);
  });
  const jobs: RetrainJob[] = sampled.filter((s) => wanted.includes(s.name)).map((s) => ({ name: s.name, kind: 'found', doc: s.doc }));
  if (c.defaultRecipe !== false) {
    for (const j of [...jobs]) {
      const name = `${j.name}-default-recipe`;
      if (j.doc.recipe && Object.keys(j.doc.recipe).length) jobs.push({ name, kind: 'default-recipe', doc: withoutRecipe(j.doc, name) });
    }
  }
  c.baselines.uniform.forEach((entry, i) => {
    const cand = resolveUniform(entry, space, configFile, `/baselines/uniform/${i}`);
    const name = baselineName(space, cand);
    if (isBaselineKeyword(entry) && jobs.some((j) => j.name === name)) return;
    jobs.push({ name, kind: 'baseline', doc: uniformArch(space, cand, name) });
  });
  const rng = Rng.derived(c.seed, 'retrain/random-baselines');
  for (let k = 0; k < c.baselines.random; k++) {
    const name = `${space.name}-random-${k}`;
    // cells: a random genotype (two distinct inputs per node, no `none`), as DARTS' random baselines
    const sample = space.body.kind === 'cells' ? randomGenotypeSample(space, rng) : randomSample(space, rng);
    jobs.push({ name, kind: 'random', doc: withoutRecipe(freeze(space, sample, name, { search: { method: 'random' } })) });
  }
  const seen = new Set<string>();
  for (const j of jobs) {
    if (seen.has(j.name)) throw new ConfigError(configFile, '/baselines', `two architectures are named ${j.name}`);
    seen.add(j.name);
  }
  // cells: every genotype is retrained in the same evaluation network (retrain config `cells`)
  return jobs.map((j) => ({ ...j, doc: evaluationLayout(j.doc, c.cells) }));
}
