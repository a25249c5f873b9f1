// npm run protocol:power [-- --root DIR] [--spread S --noise N] [--k 8] [--draws 20000]: what the
// evaluation protocol's verdict can show. From a run's artifacts (evaluate/results.json and
// retrain/index.json, retrained with `repeats` ≥ 2) it measures one training's test top-1 noise,
// the part of it every architecture's r-th training shares (retrain dataOrder shared), which cancels
// from ranks, and how much a latency band's architectures truly differ; or take both as arguments (points).
// Then, per trainings per architecture (1, 2, 3, 5), the chance that a found architecture which is
// truly the 1st, 2nd, 3rd or median of its band lands in the top quartile, and that 2 of 3 seeds pass.
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { readDocument } from '../src/artifacts/io.js';
import { bandSpread, comparisonNoise, topQuartileChance, trainingNoise, twoOfThree } from '../src/protocol/power.js';
import type { EvaluateResults, RetrainIndex } from '../src/types/generated.js';

const { values: o } = parseArgs({ args: process.argv.slice(2).filter((a) => a !== '--'), options: { root: { type: 'string', default: '.' }, spread: { type: 'string' }, noise: { type: 'string' }, k: { type: 'string' }, draws: { type: 'string', default: '20000' } } });
let noise = o.noise === undefined ? NaN : Number(o.noise) / 100;
let spread = o.spread === undefined ? NaN : Number(o.spread) / 100;
let k = o.k === undefined ? 8 : Number(o.k);
if (Number.isNaN(noise) || Number.isNaN(spread)) {
  const dir = join(o.root, 'artifacts');
  const results = readDocument<EvaluateResults>(join(dir, 'evaluate', 'results.json'), 'evaluate-results');
  const index = readDocument<RetrainIndex>(join(dir, 'retrain', 'index.json'), 'retrain-index');
  const n = trainingNoise(results);
  if (!n.df) {
    process.stderr.write(`protocol:power: no architecture in ${dir} was trained more than once: rerun retrain with repeats >= 2, or give --noise and --spread (test top-1 points)\n`);
    process.exit(2);
  }
  if (!index.protocol?.bands.length) {
    process.stderr.write(`protocol:power: ${join(dir, 'retrain', 'index.json')} has no latency bands (retrain protocol off)\n`);
    process.exit(2);
  }
  // ranks compare architectures: the part of the noise their r-th trainings share cancels
  const c = comparisonNoise(results);
  if (Number.isNaN(noise)) noise = c.df ? c.std : n.std;
  const b = bandSpread(results, index.protocol, noise);
  if (Number.isNaN(spread)) spread = b.spread;
  if (o.k === undefined) k = index.protocol.k;
  process.stdout.write(`one training's test top-1 std ${(100 * n.std).toFixed(2)} points (pooled over ${results.archs.length} architectures, ${n.df} degrees of freedom)\n`);
  if (c.df) process.stdout.write(`of which shared by every architecture's r-th training ${(100 * c.shared).toFixed(2)} points; left for comparisons ${(100 * c.std).toFixed(2)} points (${c.archs} architectures x ${c.trainings} trainings, ${c.df} degrees of freedom)\n`);
  process.stdout.write(`band members' ${b.trainings}-training means: pooled std ${(100 * b.means.std).toFixed(2)} points (${b.means.df} degrees of freedom) -> true spread ${(100 * b.spread).toFixed(2)} points\n`);
}
const draws = Number(o.draws);
process.stdout.write(`simulated with spread ${(100 * spread).toFixed(2)}, noise ${(100 * noise).toFixed(2)} points, K ${k}, ${draws} draws:\n`);
const places = [1, 2, 3, Math.ceil((k + 1) / 2)];
process.stdout.write(`trainings | top quartile if truly ${places.map((p) => `#${p}`).join(' / ')} of ${k + 1} | 2 of 3 seeds if truly ${places.slice(0, 3).map((p) => `#${p}`).join(' / ')}\n`);
for (const trainings of [1, 2, 3, 5]) {
  const p = places.map((position) => topQuartileChance({ spread, noise, k, trainings, position, draws, seed: 1 }));
  process.stdout.write(`${trainings} | ${p.map((x) => x.toFixed(2)).join(' / ')} | ${p.slice(0, 3).map((x) => twoOfThree(x).toFixed(2)).join(' / ')}\n`);
}
