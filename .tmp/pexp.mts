import { costsOf } from '../src/jointnas/constraints.js';
import { encoding, sampleAt } from '../src/jointnas/encode.js';
import { AccuracyPredictor } from '../src/jointnas/predictor.js';
import { spearman } from '../src/jointnas/rank.js';
import { sobolPoints } from '../src/jointnas/sobol.js';
import { useBackend } from '../src/ops/testing.js';
import { jointSpace, jointTables } from '../tests/helpers/jointnas.js';
await useBackend((process.env.B ?? 'cpu') as 'cpu');
const OP_GAIN: Record<string, number> = { ir_k3_e1: 0.02, ir_k3_e3: 0.05, skip: -0.03 };
function truth(s: any): number {
  const ops = [0, 1, 2].reduce((a, i) => a + OP_GAIN[String(s[`layers.${i}.op`])]! * (i + 1), 0);
  const lr = -0.08 * Math.log(Number(s['recipe.lr']) / 0.06) ** 2;
  return 0.7 + ops + lr + 0.03 * (Number(s['recipe.epochs']) - 2) - (s['recipe.ema'] === 'on' ? 0.02 : 0) + (s['recipe.labelSmoothing'] === 0.1 ? 0.01 : 0);
}
const space = jointSpace(); const tables = jointTables();
const samples = sobolPoints(space.choices.length, 120, 5).map((u) => sampleAt(space.choices, u));
const train = samples.slice(0, 80), held = samples.slice(80);
const enc = encoding(space.choices);
const proxies = samples.map((s) => costsOf(space, tables, s)).map((c) => [c.latency, c.flops, c.params]);
for (const [lr, fz, ft, wd, hid] of JSON.parse(process.env.GRID!) as number[][]) {
  const t0 = Date.now();
  const p = new AccuracyPredictor(enc, { hidden: hid!, embedding: 16, headHidden: hid!, pretrainSteps: 150, frozenSteps: fz!, finetuneSteps: ft!, lr: lr!, huberDelta: 1, weightDecay: wd!, seed: 3 });
  const pre = p.pretrain(samples, proxies);
  const loss = p.fit(train, train.map(truth));
  console.log(lr, fz, ft, wd, hid, 'pre', pre.toFixed(3), 'loss', loss, 'train', spearman(p.predict(train), train.map(truth)).toFixed(3), 'held', spearman(p.predict(held), held.map(truth)).toFixed(3), (Date.now()-t0)+'ms');
  p.dispose();
}
