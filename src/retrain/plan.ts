// Which architectures retrain trains, in a fixed order: the sampled ones the config selects, then
// the baselines — one uniform architecture per listed candidate (that block at every searchable
// layer; `cheapest`/`costliest` name them relative to the space, see baselines.ts) and K seeded
// random architectures from the space (cells: random genotypes; their recipe values, in a joint
// space, dropped: baselines train with the config's recipe), all cells jobs in the config's
// evaluation layout. FBNetV3: a found architecture carrying a searched recipe gets a twin
// `<name>-default-recipe` (kind default-recipe) trained with the config's own recipe instead.
// The baselines depend on the config and the space only, never on the search: baselineJobs plans
// them alone (the retrain-baselines stage trains them while the search runs) and retrainJobs is
// foundJobs + baselineJobs, so both stages build the very same jobs. With `repeats` R > 1 every
// architecture is followed by R - 1 more trainings `<name>-repeat-<r>` (withRepeats): the same
// document under that name, so its own seed (job.ts archSeed). Pure: documents in, jobs out.
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
  /** Another training of the architecture of this name (retrain config repeats). */
  repeatOf?: string;
  /** That training's index r ≥ 1 (absent: training 0); seeds the data order under dataOrder shared. */
  repeat?: number;
}

/** Each job followed by its `repeats - 1` further trainings, `<name>-repeat-<r>` (r = 1, 2, …). */
export function withRepeats(jobs: readonly RetrainJob[], repeats = 1): RetrainJob[] {
  return jobs.flatMap((j) => [j, ...Array.from({ length: repeats - 1 }, (_, k) => {
    const name = `${j.name}-repeat-${k + 1}`;
    return { name, kind: j.kind, doc: { ...j.doc, name }, repeatOf: j.name, repeat: k + 1 };
  })]);
}

/** The sampled architectures the config selects, each followed by none or (FBNetV3) its default-recipe twin; without repeats (retrainJobs adds them, after the bands are drawn from these). */
export function foundJobs(c: RetrainConfig, sampled: { name: string; doc: ArchDoc }[], configFile: string): RetrainJob[] {
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
  return unique(jobs.map((j) => ({ ...j, doc: evaluationLayout(j.doc, c.cells) })), configFile, '/archs');
}

/** The configured baselines of the space: uniform ones in list order, then the seeded random ones. */
export function baselineJobs(c: RetrainConfig, space: NormalizedSpace, configFile: string): RetrainJob[] {
  const jobs: RetrainJob[] = [];
  c.baselines.uniform.forEach((entry, i) => {
    const cand = resolveUniform(entry, space, configFile, `/baselines/uniform/${i}`);
    const name = baselineName(space, cand);
    // a keyword landing on a candidate already listed is dropped (cheapest = costliest in a small space)
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
  // cells: every genotype is retrained in the same evaluation network (retrain config `cells`)
  return unique(withRepeats(jobs.map((j) => ({ ...j, doc: evaluationLayout(j.doc, c.cells) })), c.repeats), configFile, '/baselines');
}

/** Every architecture retrain reports, found ones first: foundJobs (with their repeats) then baselineJobs. */
export function retrainJobs(c: RetrainConfig, sampled: { name: string; doc: ArchDoc }[], space: NormalizedSpace, configFile: string): RetrainJob[] {
  return joinJobs(withRepeats(foundJobs(c, sampled, configFile), c.repeats), baselineJobs(c, space, configFile), configFile);
}

/** Found jobs then baseline jobs already planned, as one list whose names must be unique. */
export function joinJobs(found: RetrainJob[], baselines: RetrainJob[], configFile: string): RetrainJob[] {
  return unique([...found, ...baselines], configFile, '/baselines');
}

/** For the logs: "30 architectures (90 trainings)", or "3 architectures" without repeats. */
export function countOf(jobs: readonly RetrainJob[], one = 'architecture', many = `${one}s`): string {
  const n = jobs.filter((j) => !j.repeatOf).length;
  return `${n} ${n === 1 ? one : many}${n === jobs.length ? '' : ` (${jobs.length} trainings)`}`;
}

/** For the logs: each architecture once (its other trainings folded into a count). */
export function describeJobs(jobs: readonly RetrainJob[], withKind = true): string {
  const times = new Map<string, number>();
  for (const j of jobs) times.set(j.repeatOf ?? j.name, (times.get(j.repeatOf ?? j.name) ?? 0) + 1);
  return jobs.filter((j) => !j.repeatOf).map((j) => `${j.name}${withKind ? ` [${j.kind}]` : ''}${times.get(j.name)! > 1 ? ` ×${times.get(j.name)}` : ''}`).join(', ');
}

function unique(jobs: RetrainJob[], configFile: string, path: string): RetrainJob[] {
  const seen = new Set<string>();
  for (const j of jobs) {
    if (seen.has(j.name)) throw new ConfigError(configFile, path, `two architectures are named ${j.name}`);
    seen.add(j.name);
  }
  return jobs;
}
