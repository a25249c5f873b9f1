// The retrain-baselines stage's contract with retrain (src/retrain/plan.ts, run.ts,
// baseline-results.ts), pure and fast: baselines planned alone are the full plan's baselines, job
// for job and id for id, in every kind of space; executor settings never change a job id; retrain
// accepts an index of exactly its jobs and refuses one made with another recipe, code, data or
// job list, naming the file, the JSON path, expected and found.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jobId } from '../src/jobs/job.js';
import { BaselinesMismatchError, checkBaselines } from '../src/retrain/baseline-results.js';
import { baselineJobs, foundJobs, retrainJobs } from '../src/retrain/plan.js';
import { jobRecipe, type RetrainSetup, setupJobs } from '../src/retrain/run.js';
import { normalizeSpace } from '../src/spaces/normalize.js';
import type { BaselinesIndex, RetrainConfig } from '../src/types/generated.js';
import { archOf, CELLS, tinyChain, tinyChainDoc, WIDTHS } from './helpers/spaces.js';

const chain = tinyChain({ layers: [{ cOut: 8, stride: 1 }, { cOut: 16, stride: 2 }], ops: ['ir_k3_e1', 'ir_k3_e6', 'skip'], head: { cOut: 16 } });
const widths = normalizeSpace({ ...WIDTHS, recipe: undefined }, 'widths.json');
// a joint space (FBNetV3): architecture + recipe choices; baselines drop the recipe values
const joint = normalizeSpace({ ...tinyChainDoc({ layers: [{ cOut: 8, stride: 1 }], ops: ['ir_k3_e1', 'ir_k3_e6'] }), recipe: WIDTHS.recipe }, 'joint.json');
const cells = normalizeSpace(CELLS, 'cells.json');
const config = (over: Partial<RetrainConfig>): RetrainConfig => ({
  schema: 'retrain-config/v1', archs: 'all', baselines: { uniform: ['costliest', 'cheapest'], random: 2 }, backend: 'cpu', seed: 1, epochs: 1, batch: 8, lr: 0.1, momentum: 0.9, weightDecay: 0,
  schedule: { kind: 'cosine' }, labelSmoothing: 0, augment: { cropPadding: 0, flip: false }, checkpointEvery: 10, protocol: { k: 2, width: 0.1 }, ...over,
});
const H = (c: string): string => c.repeat(64);
const setupOf = (c: RetrainConfig, space = chain): RetrainSetup => ({ recipe: jobRecipe(c), code: H('a'), runKey: H('b'), backend: 'cpu', inputs: { 'meta.json': H('c') }, space: { name: space.name, input: space.input, classes: space.classes } });
const ids = (s: RetrainSetup, jobs: Parameters<typeof setupJobs>[1]): string[] => setupJobs(s, jobs).map(jobId);

test('baselines planned alone are the full plan\'s baselines, id for id (chain, width, joint and cells spaces)', () => {
  const cases = [
    { space: chain, c: config({}), found: [{ name: 'tiny-argmax', doc: archOf(chain, ['skip', 'ir_k3_e6'], 'tiny-argmax') }] },
    { space: widths, c: config({ baselines: { uniform: ['widest', 'narrowest'], random: 1 } }), found: [] },
    { space: joint, c: config({}), found: [] },
    { space: cells, c: config({ baselines: { uniform: [], random: 2 }, protocol: undefined, cells: { cells: 4, channels: 6, dropPath: 0.2 } }), found: [] },
  ];
  for (const { space, c, found } of cases) {
    const full = retrainJobs(c, found, space, 'retrain.yaml');
    const alone = baselineJobs(c, space, 'retrain.yaml');
    assert.ok(alone.length > 0, space.name);
    assert.ok(alone.every((j) => !j.doc.recipe), `${space.name}: baselines train with the config's recipe`);
    assert.deepEqual(full, [...foundJobs(c, found, 'retrain.yaml'), ...alone], `${space.name}: found jobs, then the baselines`);
    const s = setupOf(c, space);
    assert.deepEqual(ids(s, alone), ids(s, full.filter((j) => j.kind === 'baseline' || j.kind === 'random')), space.name);
  }
  assert.deepEqual(baselineJobs(config({}), chain, 'r').map((j) => [j.name, j.kind]), [['tiny-all-ir_k3_e6', 'baseline'], ['tiny-all-ir_k3_e1', 'baseline'], ['tiny-random-0', 'random'], ['tiny-random-1', 'random']]);
});

test('executor settings and the protocol band never change a job id; the recipe does', () => {
  const jobs = baselineJobs(config({}), chain, 'r');
  const base = ids(setupOf(config({})), jobs);
  assert.deepEqual(ids(setupOf(config({ workers: 2, baselineWorkers: null, executor: 'queue' })), jobs), base);
  assert.deepEqual(ids(setupOf(config({ protocol: { k: 8, width: 0.2 } })), jobs), ids(setupOf(config({ protocol: { k: 2, width: 0.1 } })), jobs), 'the band size only adds jobs');
  assert.notDeepEqual(ids(setupOf(config({ lr: 0.05 })), jobs), base);
});

test('retrain repeats add jobs and leave every existing job as it was; retrain refuses baselines trained with fewer', () => {
  const once = baselineJobs(config({}), chain, 'r');
  const twice = baselineJobs(config({ repeats: 2 }), chain, 'r');
  assert.deepEqual(twice.filter((j) => !j.repeatOf), once);
  assert.deepEqual(twice.filter((j) => j.repeatOf).map((j) => j.name), once.map((j) => `${j.name}-repeat-1`));
  // training 0 is the very same job (id, seed, result) whatever the repeats
  assert.deepEqual(ids(setupOf(config({ repeats: 2 })), twice).filter((_, k) => !twice[k]!.repeatOf), ids(setupOf(config({})), once));
  const s = setupOf(config({ repeats: 2 }));
  assert.throws(() => checkBaselines(indexOf(config({})), s, twice, setupJobs(s, twice), 'index.json', 'retrain.yaml'), (e: unknown) => e instanceof BaselinesMismatchError && e.path === '/archs');
  assert.deepEqual(retrainJobs(config({ repeats: 2 }), [{ name: 'tiny-argmax', doc: archOf(chain, ['skip', 'ir_k3_e6'], 'tiny-argmax') }], chain, 'r').slice(0, 2).map((j) => [j.name, j.kind, j.repeatOf]), [['tiny-argmax', 'found', undefined], ['tiny-argmax-repeat-1', 'found', 'tiny-argmax']]);
});

/** The index retrain-baselines writes for config c (entries reduced to what the check reads). */
function indexOf(c: RetrainConfig): BaselinesIndex {
  const s = setupOf(c);
  const jobs = baselineJobs(c, chain, 'r');
  const entry = (name: string, kind: 'baseline' | 'random') => ({ name, kind, dir: name, bestEpoch: 0, val: { loss: 1, top1: 0.5, top5: 1, images: 8 }, flops: 1, params: 1, costlierExport: [] });
  return { schema: 'baselines-index/v1', backend: 'cpu', recipe: s.recipe, code: s.code, runKey: s.runKey, jobs: Object.fromEntries(jobs.map((j, k) => [j.name, ids(s, jobs)[k]!])), archs: jobs.map((j) => entry(j.name, j.kind as 'baseline' | 'random')) };
}

test('retrain takes baselines made by its own jobs and refuses others, naming file, path, expected and found', () => {
  const c = config({});
  const s = setupOf(c);
  const jobs = baselineJobs(c, chain, 'r');
  const check = (index: BaselinesIndex, setup = s): void => checkBaselines(index, setup, jobs, setupJobs(setup, jobs), 'artifacts/retrain-baselines/index.json', 'configs/retrain.yaml');
  check(indexOf(c));
  check(indexOf(config({ baselineWorkers: 2 })), s);
  const refused = (index: BaselinesIndex, path: string, re: RegExp, setup = s): void =>
    assert.throws(() => check(index, setup), (e: unknown) => e instanceof BaselinesMismatchError && e.path === path && re.test(e.message), path);
  refused(indexOf(config({ lr: 0.05 })), '/recipe/lr', /artifacts\/retrain-baselines\/index\.json#\/recipe\/lr: the baselines were trained with another recipe: expected 0\.1 \(configs\/retrain\.yaml\), found 0\.05; rerun them/);
  refused(indexOf(config({ epochs: 2, labelSmoothing: 0.1 })), '/recipe/epochs', /expected 1 \(configs\/retrain\.yaml\), found 2/);
  refused({ ...indexOf(c), code: H('d') }, '/code', /trained by other code: expected a{64}, found d{64}/);
  refused({ ...indexOf(c), runKey: H('d') }, '/runKey', /other data or another backend/);
  const fewer = indexOf(c);
  refused({ ...fewer, archs: fewer.archs.slice(0, 3) }, '/archs', /other baselines: expected tiny-all-ir_k3_e6, tiny-all-ir_k3_e1, tiny-random-0, tiny-random-1, found tiny-all-ir_k3_e6, tiny-all-ir_k3_e1, tiny-random-0/);
  const other = indexOf(c);
  refused({ ...other, jobs: { ...other.jobs, 'tiny-random-1': H('e') } }, '/jobs/tiny-random-1', /tiny-random-1 is another job than the one this config plans: expected [0-9a-f]{64}, found e{64}/);
  // other data inputs give other job ids even with the same recipe and run key
  refused(indexOf(c), '/jobs/tiny-all-ir_k3_e6', /another job/, { ...s, inputs: { 'meta.json': H('f') } });
});
