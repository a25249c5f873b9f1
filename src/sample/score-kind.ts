// The `score-paths` job kind: SPOS evolution scoring of a few supernet paths, as data.
//   inputs  prepare-data's meta.json, train_w and val split files, the supernet weights (by hash)
//   config  { spec, latency (cost table the supernet is built with), weights index, score
//            settings, seed, backend, code, paths: picks per path }
//   data    { scores: val top-1 per path, in order }
// A path's score depends only on the path (score-path.ts), so how paths are split into jobs, and
// which worker scores which, does not change any score.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { unpackWeights, type WeightsIndex } from '../arch/weights-file.js';
import { readDocument } from '../artifacts/io.js';
import { readSplit } from '../data/index.js';
import type { Job } from '../jobs/job.js';
import { checkJobEnvironment } from '../jobs/environment.js';
import type { JobKind } from '../jobs/kinds.js';
import type { CostTable } from '../latency/table.js';
import { supernetChoices } from '../methods/choices.js';
import type { SupernetSpec } from '../supernet/spec.js';
import { Supernet } from '../supernet/supernet.js';
import { SplitBatches } from '../train/batches.js';
import type { DatasetMeta, EvolutionScoring } from '../types/generated.js';
import { PathScorer } from './score-path.js';

export interface ScoreJobConfig {
  spec: SupernetSpec;
  latency: CostTable;
  weights: WeightsIndex;
  score: EvolutionScoring;
  seed: number;
  backend: string;
  code: string;
  paths: number[][];
}

export const WEIGHTS_INPUT = 'supernet.weights.bin';

export function scoreJob(inputs: Record<string, string>, config: ScoreJobConfig, label: string): Job {
  return { kind: 'score-paths', inputs, config, seed: config.seed, label };
}

let cached: { key: string; scorer: PathScorer; net: Supernet } | null = null;

export const scoreKind: JobKind = {
  kind: 'score-paths',
  description: 'score supernet paths for the SPOS evolution: BN recalibrated on train_w, top-1 on val (the sample stage)',
  async run(job, env) {
    const c = job.config as ScoreJobConfig;
    await checkJobEnvironment(job.label, c);
    // One scorer per process and supernet: a thread scoring many jobs builds it once.
    const key = JSON.stringify([job.inputs, c.spec, c.score, c.seed]);
    if (cached?.key !== key) {
      cached?.scorer.dispose();
      cached?.net.dispose();
      const dir = env.inputsDir;
      const meta = readDocument<DatasetMeta>(join(dir, 'meta.json'), 'dataset');
      const train = new SplitBatches('train_w', readSplit(dir, 'train_w', meta), meta.stats, c.score.batch);
      const val = new SplitBatches('val', readSplit(dir, 'val', meta), meta.stats, c.score.batch);
      const net = new Supernet(c.spec, c.latency, { seed: 0, file: WEIGHTS_INPUT });
      net.loadState(unpackWeights(c.weights, new Uint8Array(readFileSync(join(dir, WEIGHTS_INPUT))), WEIGHTS_INPUT), WEIGHTS_INPUT);
      const scorer = new PathScorer(net, supernetChoices(c.spec), train, val, { seed: c.seed, recalibrationBatches: c.score.recalibrationBatches, valImages: c.score.valImages });
      cached = { key, scorer, net };
    }
    const scores: number[] = [];
    for (const p of c.paths) {
      scores.push(cached.scorer.score(p));
      env.progress(scores.length / c.paths.length);
    }
    return { data: { scores } };
  },
};
