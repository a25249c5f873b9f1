// Preflight: the cross-references between stage configs, the space and the data, checked by the
// first stages (prepare-data and build-lut, which run before any training) so that a mistake
// surfaces in seconds, not after the search. Each problem names the file, the JSON pointer, what
// was expected and what was found; all are reported at once. Checked:
//  - build-lut.yaml: the space file loads and normalises (with the config's restriction);
//  - retrain.yaml /baselines/uniform/i: a candidate of the space, or cheapest / costliest, and
//    not one an earlier entry already names;
//  - retrain.yaml /archs/i: a name the sample stage will write (from sample.yaml's mode/count);
//  - retrain.yaml /executor: queue needs NASFLOW_REDIS_URL in the environment;
//  - the data (when the caller knows it: prepare-data): image shape and classes = the space's, and
//    with testSplit official (the default) the test split sizes itself (no count or fraction);
//  - a width space (FBNetV2: width or resolution choices): train-supernet's method trains a masked
//    supernet (and a fixed space a mixed one), sample does not evolve, retrain has no protocol.
// Stages still check what they read themselves; this only moves the failure earlier.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readDocument } from '../artifacts/io.js';
import { NasflowError } from '../core/errors.js';
import { loadSpace } from '../spaces/load.js';
import type { NormalizedSpace } from '../spaces/normalize.js';
import { methodEntry } from '../methods/index.js';
import { isBaselineKeyword, resolveUniform } from '../retrain/baselines.js';
import { isWidthSpace } from '../spaces/widths.js';
import type { BuildLutConfig, Pipeline, PrepareDataConfig, RetrainConfig, SampleConfig, TrainSupernetConfig } from '../types/generated.js';

export interface DataFacts {
  shape: number[];
  classes: number;
  /** Where the facts come from, named in the error (e.g. configs/prepare-data.yaml). */
  file: string;
}

export class PreflightError extends NasflowError {
  constructor(readonly problems: string[]) {
    super('E_PREFLIGHT', `the stage configs do not fit together (${problems.length} problem${problems.length === 1 ? '' : 's'}), found before any training:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
}

/** Config files by stage: pipeline.yaml's, or the one the running stage was given with --config. */
export type ConfigFiles = Record<string, string | undefined>;

/** The names sample will give its architectures. */
export function sampledNames(space: string, c: SampleConfig): string[] {
  if (c.how === 'argmax') return [`${space}-argmax`];
  if (c.how === 'genotype') return [`${space}-genotype`];
  const stem = c.how === 'draws' ? 'draw' : c.how === 'predictor' ? 'predicted' : 'evolved';
  return Array.from({ length: c.count }, (_, k) => `${space}-${stem}-${k}`);
}

/** Runs every check it can with the stages this pipeline has; returns the normalised space, throws PreflightError. */
export function preflight(root: string, pipeline: Pipeline, data?: DataFacts, overrides: ConfigFiles = {}): NormalizedSpace | null {
  const problems: string[] = [];
  const configOf = (p: Pipeline, stage: string): string | undefined => (p.stages[stage] ? (overrides[stage] ?? p.stages[stage].config) : undefined);
  const lutConfigFile = configOf(pipeline, 'build-lut');
  if (!lutConfigFile) return null;
  const guard = <T>(f: () => T): T | undefined => {
    try {
      return f();
    } catch (e) {
      if (!(e instanceof NasflowError)) throw e;
      problems.push(e.message.replace(/\n\s*/g, '; '));
      return undefined;
    }
  };
  const space = guard(() => {
    const c = readDocument<BuildLutConfig>(join(root, lutConfigFile), 'build-lut-config');
    return loadSpace(resolve(root, c.space), c.restrict, lutConfigFile);
  });
  if (!space) throw new PreflightError(problems);
  if (data && (data.shape.join('x') !== space.input.join('x') || data.classes !== space.classes)) {
    problems.push(`${lutConfigFile}: space ${space.name} expects images ${space.input.join('x')} with ${space.classes} classes, found ${data.shape.join('x')} with ${data.classes} classes in the data of ${data.file}; set the space's input and classes to the data's`);
  }
  if (data) {
    const prep = guard(() => readDocument<PrepareDataConfig>(join(root, data.file), 'prepare-data-config'));
    const t = prep?.splits.test;
    // the same rule officialSplit enforces, found here before any download-free but slow data work
    if (prep && (prep.testSplit ?? 'official') === 'official' && t && (t.count !== undefined || t.fraction !== undefined)) {
      problems.push(`${data.file}#/splits/test: with testSplit: official the test split is the source's own test set; expected only a limit, found ${JSON.stringify(t)}`);
    }
  }
  const retrainFile = configOf(pipeline, 'retrain');
  const retrain = retrainFile ? guard(() => readDocument<RetrainConfig>(join(root, retrainFile), 'retrain-config')) : undefined;
  if (retrain && retrainFile) {
    if (retrain.executor === 'queue' && !process.env.NASFLOW_REDIS_URL) {
      problems.push(`${retrainFile}#/executor: executor queue takes Redis's URL from the environment, found no NASFLOW_REDIS_URL; set it (redis://[:password@]host:port) and start \`bin/nasflow worker\` processes`);
    }
    const seen = new Map<string, string>();
    retrain.baselines.uniform.forEach((entry, i) => {
      const cand = guard(() => resolveUniform(entry, space, retrainFile, `/baselines/uniform/${i}`));
      if (cand === undefined) return;
      const before = seen.get(cand);
      // a keyword that lands on a candidate already listed is dropped (small spaces), a repeated name is a mistake
      if (before && isBaselineKeyword(entry)) return;
      if (before) problems.push(`${retrainFile}#/baselines/uniform/${i}: expected a candidate not already listed (each is trained once), found "${cand}"${entry === cand ? '' : ` (${entry})`} (already ${before})`);
      else seen.set(cand, `entry ${i}${entry === cand ? '' : `, ${entry}`}`);
    });
    const sampleFile = configOf(pipeline, 'sample');
    const sample = sampleFile ? guard(() => readDocument<SampleConfig>(join(root, sampleFile), 'sample-config')) : undefined;
    if (sample && retrain.archs !== 'all') {
      const names = sampledNames(space.name, sample);
      retrain.archs.forEach((n, i) => {
        if (!names.includes(n)) problems.push(`${retrainFile}#/archs/${i}: expected a name sample will write (${names.join(', ')}, from ${sampleFile}), found "${n}"`);
      });
    }
  }
  const widths = isWidthSpace(space);
  const trainFile = configOf(pipeline, 'train-supernet');
  // Absent configs are the stages' own business (they fail when they run); present ones must fit.
  const train = trainFile && existsSync(join(root, trainFile)) ? guard(() => readDocument<TrainSupernetConfig>(join(root, trainFile), 'train-supernet-config')) : undefined;
  // fbnet-v3 trains a candidate pool, not a supernet: it is no registry entry (src/jointnas)
  const entry = train && trainFile && train.method !== 'fbnet-v3' ? guard(() => methodEntry(train, trainFile)) : undefined;
  if (entry && train && (entry.supernet === 'masked') !== widths) {
    problems.push(`${trainFile}#/method: method ${train.method} ${widths ? `trains a mixed-op supernet over fixed widths; space ${space.name} searches widths or resolution (use fbnet-v2)` : `trains a masked supernet over width or resolution choices; space ${space.name} has none`}`);
  }
  if (widths && retrain?.protocol && retrainFile) problems.push(`${retrainFile}#/protocol: the latency-band protocol draws from a grid table; space ${space.name} has a width model (remove protocol)`);
  const sampleFile = configOf(pipeline, 'sample');
  const sample = widths && sampleFile && existsSync(join(root, sampleFile)) ? guard(() => readDocument<SampleConfig>(join(root, sampleFile), 'sample-config')) : undefined;
  if (sample?.how === 'evolution') problems.push(`${sampleFile}#/how: evolution scores paths of a mixed-op supernet; space ${space.name} searches widths (use argmax or draws)`);
  if (problems.length) throw new PreflightError(problems);
  return space;
}
