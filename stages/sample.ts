// sample: turns the supernet's θ into architecture documents — the argmax architecture (hard) or
// seeded distinct draws from softmax θ (soft) — each with its per-layer choice and probability
// and its predicted latency (LUT), FLOPs and params, plus an index of all of them.
import { join } from 'node:path';
import { readDocument } from '../src/artifacts/io.js';
import { normalizeArch } from '../src/arch/normalize.js';
import { ConfigError, NasflowError } from '../src/core/errors.js';
import { Rng } from '../src/core/rng.js';
import { lutSpace } from '../src/latency/space.js';
import { archCost, costTable } from '../src/latency/table.js';
import { sampledNames } from '../src/pipeline/preflight.js';
import { runStage } from '../src/pipeline/stage.js';
import { argmaxDraw, distinctDraws, softmax } from '../src/spaces/sample.js';
import { archFromChoices } from '../src/spaces/to-arch.js';
import type { LatencyTable, SampleConfig, SampleIndex, SupernetTheta } from '../src/types/generated.js';

await runStage<SampleConfig>('sample', async (ctx) => {
  const c = ctx.config;
  if (c.mode === 'hard' && c.count !== 1) throw new ConfigError(ctx.configFile, '/count', `hard mode gives the one argmax architecture, found count ${c.count} (use mode: soft for several)`);
  const lutFile = join(ctx.upstreamDir('build-lut'), 'lut.json');
  const lut = readDocument<LatencyTable>(lutFile, 'lut');
  const space = lutSpace(lut, lutFile);
  const thetaFile = join(ctx.upstreamDir('train-supernet'), 'theta.json');
  const theta = readDocument<SupernetTheta>(thetaFile, 'theta');
  if (theta.candidates.join() !== space.candidates.join() || theta.layers.length !== space.layers.length) {
    throw new NasflowError('E_UPSTREAM', `${thetaFile}: θ is for ${theta.layers.length} layers x [${theta.candidates.join(', ')}], the LUT's space ${space.name} has ${space.layers.length} x [${space.candidates.join(', ')}]`);
  }
  const probs = theta.layers.map((l) => softmax(l.theta));
  const draws = c.mode === 'hard' ? [argmaxDraw(probs)] : distinctDraws(probs, c.count, Rng.derived(c.seed, 'sample'), c.maxAttempts ?? 1000);
  const warnings: string[] = [];
  if (draws.length < c.count) warnings.push(`found ${draws.length} distinct architectures of the ${c.count} asked for in ${c.maxAttempts ?? 1000} draws: softmax θ is concentrated`);
  const tables = { latency: costTable(lut, 'latency', lutFile), flops: costTable(lut, 'flops', lutFile), params: costTable(lut, 'params', lutFile) };

  const index: SampleIndex = { schema: 'sample-index/v1', mode: c.mode, space: space.name, thetaEpoch: theta.selected.epoch, archs: [], warnings };
  for (const [k, d] of draws.entries()) {
    const choices = d.picks.map((p) => space.candidates[p]!);
    const name = sampledNames(space.name, c)[k]!;
    const doc = archFromChoices(space, choices, name);
    doc.description = `${c.mode === 'hard' ? 'argmax' : `draw ${k} from`} softmax θ of train-supernet epoch ${theta.selected.epoch} over space ${space.name}`;
    const layers = choices.map((choice, l) => ({ choice, probability: d.probabilities[l]! }));
    const predicted = { latencyMs: archCost(tables.latency, choices), batch: lut.stamp.batch, flops: archCost(tables.flops, choices), params: archCost(tables.params, choices) };
    doc.search = { mode: c.mode, space: space.name, thetaEpoch: theta.selected.epoch, layers, predicted };
    normalizeArch(doc, name);
    const file = `arch-${name}.json`;
    await ctx.writeJson(file, 'arch', doc);
    index.archs.push({ name, file, layers, logProbability: d.logProbability, predicted });
    ctx.log(`${name}: ${choices.join(' ')} (p = ${Math.exp(d.logProbability).toExponential(2)}, LUT ${index.archs.at(-1)!.predicted.latencyMs.toFixed(3)} ms)`);
  }
  for (const w of warnings) ctx.log(`warning: ${w}`);
  await ctx.writeJson('index.json', 'sample-index', index);
  ctx.record({ seed: c.seed });
});
