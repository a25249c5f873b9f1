// sample: architectures from the trained supernet, by the config's `how` —
//   argmax     the most probable value of every choice (FBNet's answer)
//   genotype   DARTS: per node of each cell type the two strongest edges and their best ops
//   draws      seeded distinct draws from the per-choice probabilities
//   evolution  an evolutionary search (SPOS) under a hard cost cap, each candidate scored on the
//              supernet: BN recalibrated on a seeded train_w subset, then top-1 on val (never
//              test); resumable per generation (src/sample/evolve-stage.ts)
//   predictor  FBNetV3: an evolution over architecture + recipe under the resource constraints,
//              scored by train-supernet's accuracy predictor (src/jointnas/sample-stage.ts); the
//              winners' documents carry their recipe
// Each architecture is written as a document (schema arch) with its predicted latency (LUT), FLOPs
// and params, and listed in index.json; evolution also writes evolution.json. A width space
// (FBNetV2) samples its op and int choices (widths, expansions, resolution) and predicts latency
// with the table's width model.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { mobileVisionDef } from '../src/arch/mobile-vision.js';
import { readDocument } from '../src/artifacts/io.js';
import { ConfigError, NasflowError } from '../src/core/errors.js';
import { Rng } from '../src/core/rng.js';
import { seedDir } from '../src/core/seeds.js';
import { costTable } from '../src/latency/table.js';
import { latencyPredictor, predictedOf } from '../src/latency/predict.js';
import { lutSpace } from '../src/latency/space.js';
import { isWidthSpace, maskedChoices } from '../src/spaces/widths.js';
import { runStage } from '../src/pipeline/stage.js';
import { type CostTables, type Predict, predictedCost, sampledArch, tablePredict, type Written } from '../src/sample/archs.js';
import { normalizeArch } from '../src/arch/normalize.js';
import { opsOf } from '../src/jointnas/constraints.js';
import { runPredictorSample } from '../src/jointnas/sample-stage.js';
import { freeze } from '../src/spaces/freeze.js';
import { runEvolution } from '../src/sample/evolve-stage.js';
import { argmaxSample, drawSamples } from '../src/sample/from-result.js';
import { alphaProbabilities, genotypeArch } from '../src/sample/genotype.js';
import { supernetPlan } from '../src/supernet/from-lut.js';
import type { LatencyTable, SampleConfig, SampleIndex, SearchResult } from '../src/types/generated.js';

await runStage<SampleConfig>('sample', async (ctx) => {
  const c = ctx.config;
  const lutFile = join(ctx.upstreamDir('build-lut'), 'lut.json');
  const lut = readDocument<LatencyTable>(lutFile, 'lut');
  const space = lutSpace(lut, lutFile);
  if (c.how === 'predictor') {
    const tables: CostTables = { latency: costTable(lut, 'latency', lutFile), flops: costTable(lut, 'flops', lutFile), params: costTable(lut, 'params', lutFile), batch: lut.stamp.batch };
    const out = await runPredictorSample(ctx, c, space, tables);
    const index: SampleIndex = { schema: 'sample-index/v2', how: 'predictor', method: 'fbnet-v3', space: space.name, supernetEpoch: out.earlyStopEpoch, archs: [], warnings: [] };
    if (out.winners.length < c.count) index.warnings.push(`the evolution scored ${out.winners.length} samples inside the constraints, fewer than the ${c.count} winners asked for`);
    for (const [k, w] of out.winners.entries()) {
      const name = `${space.name}-predicted-${k}`;
      const predicted = predictedCost(tables, opsOf(space, w.sample));
      const description = `FBNetV3 predictor-evolution winner ${k} over space ${space.name} (architecture + recipe; predicted val top-1 ${(100 * w.predicted).toFixed(2)} % after ${out.earlyStopEpoch} epoch(s) of a candidate training)`;
      const doc = freeze(space, w.sample, name, { description, search: { method: 'fbnet-v3', predicted, details: { how: 'predictor', rank: k, predictedValTop1: w.predicted, earlyStopEpoch: out.earlyStopEpoch } } });
      normalizeArch(doc, name);
      await ctx.writeJson(`arch-${name}.json`, 'arch', doc);
      index.archs.push({ name, file: `arch-${name}.json`, sample: { ...w.sample }, logProbability: null, valTop1: w.predicted, predicted });
      ctx.log(`${name}: ${Object.values(w.sample).map((v) => (typeof v === 'number' ? Number(v.toPrecision(3)) : v)).join(' ')} (predicted val top-1 ${(100 * w.predicted).toFixed(2)} %, LUT ${predicted.latencyMs.toFixed(3)} ms)`);
    }
    for (const w of index.warnings) ctx.log(`warning: ${w}`);
    await ctx.writeJson('evolution.json', 'evolution', out.history);
    await ctx.writeJson('index.json', 'sample-index', index);
    return;
  }
  const widths = isWidthSpace(space);
  // chain and cells spaces: the supernet plan's choices; a width space (FBNetV2): its mask choices
  const plan = widths ? null : supernetPlan(lut, lutFile);
  const choices = plan ? plan.choices : maskedChoices(space);
  // A cells space is sampled by the genotype rule; the other ways read chain layers.
  if ((plan?.kind === 'cells') !== (c.how === 'genotype')) throw new ConfigError(ctx.configFile, '/how', `expected ${plan?.kind === 'cells' ? `genotype for the cells space ${space.name}` : `argmax, draws${widths ? '' : ' or evolution'} for the ${widths ? 'width' : 'chain'} space ${space.name}`}, found ${c.how}`);
  const supernetDir = ctx.upstreamDir('train-supernet');
  const top = readDocument<SearchResult>(join(supernetDir, 'search.json'), 'search-result');
  // Multi-seed search: the same `how` on every seed's result, one set of architectures per seed.
  const seeds = top.seeds && top.seeds.length > 1 ? top.seeds : null;
  const tables = plan ? { latency: costTable(lut, 'latency', lutFile), flops: costTable(lut, 'flops', lutFile), params: costTable(lut, 'params', lutFile), batch: lut.stamp.batch } : null;
  const predict: Predict = tables ? tablePredict(tables, choices) : ((latencyOf) => (_, arch) => predictedOf(lut, latencyOf, arch))(latencyPredictor(lut, space, lutFile));
  if (c.how === 'evolution' && plan?.kind !== 'chain') throw new ConfigError(ctx.configFile, '/how', `evolution scores paths of a mixed-op supernet; space ${space.name} searches widths (use argmax or draws)`);
  const index: SampleIndex = { schema: 'sample-index/v2', how: c.how, method: top.method, space: space.name, supernetEpoch: top.selected.epoch, archs: [], warnings: [] };
  const written: Written[] = [];
  for (const seed of seeds ?? [null]) {
    const resultFile = join(supernetDir, seed === null ? '' : seedDir(seed), 'search.json');
    const result = seed === null ? top : readDocument<SearchResult>(resultFile, 'search-result');
    if (result.choices.map((ch) => ch.label).join() !== choices.map((ch) => ch.label).join() || result.choices.some((ch, i) => ch.values.join() !== choices[i]!.values.join())) {
      throw new NasflowError('E_UPSTREAM', `${resultFile}: choices [${result.choices.map((ch) => ch.label).join(', ')}] differ from the LUT's space ${space.name} (${choices.map((ch) => ch.label).join(', ')} over [${[...new Set(choices.flatMap((ch) => ch.values))].join(', ')}])`);
    }
    const epoch = result.selected.epoch;
    const sfx = seed === null ? '' : `-seed-${seed}`;
    const of = seed === null ? '' : ` of search seed ${seed}`;
    const extra: Record<string, number> = seed === null ? {} : { searchSeed: seed };
    if (c.how === 'genotype') {
      const description = `DARTS genotype (per node the two strongest edges, each its best op other than none) of the ${result.method} method's α${of} at train-supernet epoch ${epoch} over space ${space.name}`;
      written.push(genotypeArch(space, choices, alphaProbabilities(result, choices, resultFile), tables!, result.method, { name: `${space.name}-genotype${sfx}`, description, details: { how: 'genotype', supernetEpoch: epoch, ...extra } }));
    } else if (c.how === 'argmax') {
      const d = argmaxSample(result, resultFile, ctx.configFile);
      const description = `argmax of the ${result.method} method's per-choice probabilities${of} at train-supernet epoch ${epoch} over space ${space.name}`;
      written.push(sampledArch(space, choices, predict, { name: `${space.name}-argmax${sfx}`, picks: d.picks, description, probabilities: d.probabilities, logProbability: d.logProbability, valTop1: null, method: result.method, details: { how: 'argmax', supernetEpoch: epoch, ...extra } }));
    } else if (c.how === 'draws') {
      const attempts = c.maxAttempts ?? 1000;
      const draws = drawSamples(result, c.count, Rng.derived(c.seed, seed === null ? 'sample' : `sample/seed-${seed}`), attempts, resultFile, ctx.configFile);
      if (draws.length < c.count) index.warnings.push(`found ${draws.length} distinct architectures${of} of the ${c.count} asked for in ${attempts} draws: the probabilities are concentrated`);
      draws.forEach((d, k) => {
        const description = `draw ${k} from the ${result.method} method's per-choice probabilities${of} at train-supernet epoch ${epoch} over space ${space.name}`;
        written.push(sampledArch(space, choices, predict, { name: `${space.name}-draw-${k}${sfx}`, picks: d.picks, description, probabilities: d.probabilities, logProbability: d.logProbability, valTop1: null, method: result.method, details: { how: 'draws', draw: k, supernetEpoch: epoch, ...extra } }));
      });
    } else {
      const evo = await runEvolution(ctx, c, { spec: plan!.chain!, choices, tables: tables!, result, resultFile });
      evo.winners.forEach((w, k) => {
        const description = `evolution winner ${k} (val top-1 ${(100 * w.score).toFixed(2)} % on ${evo.valImages} val images after BN recalibration) over space ${space.name}, supernet (${result.method}${of}) epoch ${epoch}${evo.history.cap === null ? '' : `, ${evo.history.metric} cap ${evo.history.cap}`}`;
        written.push(sampledArch(space, choices, predict, { name: `${space.name}-evolved-${k}${sfx}`, picks: w.picks, description, probabilities: null, logProbability: null, valTop1: w.score, method: result.method, details: { how: 'evolution', rank: k, supernetEpoch: epoch, ...extra } }));
      });
      index.warnings.push(...evo.warnings);
      for (const d of seed === null || seed === seeds![0] ? [''] : []) await ctx.writeJson(join(d, 'evolution.json'), 'evolution', evo.history);
      if (seed !== null) {
        mkdirSync(join(ctx.outDir, seedDir(seed)), { recursive: true });
        await ctx.writeJson(join(seedDir(seed), 'evolution.json'), 'evolution', evo.history);
      }
    }
  }

  for (const w of written) {
    await ctx.writeJson(w.entry.file, 'arch', w.doc);
    index.archs.push(w.entry);
    const p = w.entry.logProbability === null ? '' : `p = ${Math.exp(w.entry.logProbability).toExponential(2)}, `;
    const v = w.entry.valTop1 === null ? '' : `val top-1 ${(100 * w.entry.valTop1).toFixed(2)} %, `;
    ctx.log(`${w.entry.name}: ${Object.values(w.entry.sample).join(' ')} (${p}${v}LUT ${w.entry.predicted.latencyMs.toFixed(3)} ms)`);
    if (widths) ctx.log(`${w.entry.name} as a mobile-vision definition:\n${mobileVisionDef(w.doc).join('\n')}`);
  }
  for (const w of index.warnings) ctx.log(`warning: ${w}`);
  await ctx.writeJson('index.json', 'sample-index', index);
  ctx.record({ seed: c.seed });
});
