// FBNetV3's accuracy predictor learns a known function of synthetic joint samples: pre-trained on
// the samples' proxy costs, Huber-fitted on 80 samples, it must rank 40 held-out samples with
// Spearman >= 0.9 (and Kendall well above chance); the same seed gives the same predictor, and a
// saved predictor predicts exactly as the live one.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { costsOf } from '../src/jointnas/constraints.js';
import { encoding, sampleAt } from '../src/jointnas/encode.js';
import { AccuracyPredictor } from '../src/jointnas/predictor.js';
import { kendall, spearman } from '../src/jointnas/rank.js';
import { sobolPoints } from '../src/jointnas/sobol.js';
import { useBackend } from '../src/ops/testing.js';
import type { Sample } from '../src/spaces/choices.js';
import { jointSpace, jointTables } from './helpers/jointnas.js';

before(async () => assert.ok(await useBackend('wasm')));

const OP_GAIN: Record<string, number> = { ir_k3_e1: 0.02, ir_k3_e3: 0.05, skip: -0.03 };
/** The "accuracy": additive per-layer op gains, a learning-rate optimum at 0.06 (log scale), more epochs better, EMA slightly worse. */
function truth(s: Sample): number {
  const ops = [0, 1, 2].reduce((a, i) => a + OP_GAIN[String(s[`layers.${i}.op`])]! * (i + 1), 0);
  const lr = -0.08 * Math.log(Number(s['recipe.lr']) / 0.06) ** 2;
  return 0.7 + ops + lr + 0.03 * (Number(s['recipe.epochs']) - 2) - (s['recipe.ema'] === 'on' ? 0.02 : 0) + (s['recipe.labelSmoothing'] === 0.1 ? 0.01 : 0);
}

// L2 0.01 matters: with 80 samples of 15 inputs an unregularised MLP fits the training set
// (Spearman 0.995) and ranks held-out samples at 0.65.
const SETTINGS = { hidden: 32, embedding: 16, headHidden: 32, pretrainSteps: 100, frozenSteps: 100, finetuneSteps: 200, lr: 0.02, huberDelta: 1, weightDecay: 0.01, seed: 3 };

test('the predictor learns a known function of joint samples (held-out Spearman >= 0.9)', () => {
  const space = jointSpace();
  const tables = jointTables();
  const samples = sobolPoints(space.choices.length, 120, 5).map((u) => sampleAt(space.choices, u));
  const train = samples.slice(0, 80);
  const held = samples.slice(80);
  const enc = encoding(space.choices);
  const p = new AccuracyPredictor(enc, SETTINGS);
  const proxies = samples.map((s) => costsOf(space, tables, s)).map((c) => [c.latency, c.flops, c.params]);
  const pre = p.pretrain(samples, proxies);
  assert.ok(pre < 0.2, `proxy pre-training fits the costs (MSE ${pre})`);
  const loss = p.fit(train, train.map(truth));
  assert.ok(loss.finetuned <= loss.frozen + 1e-6, `fine-tuning lowers the Huber loss (${loss.frozen} -> ${loss.finetuned})`);
  const pred = p.predict(held);
  const rho = spearman(pred, held.map(truth));
  const tau = kendall(pred, held.map(truth));
  assert.ok(rho >= 0.9, `held-out Spearman ${rho.toFixed(3)} (Kendall ${tau.toFixed(3)})`);
  assert.ok(tau >= 0.7, `held-out Kendall ${tau.toFixed(3)}`);

  const again = new AccuracyPredictor(enc, SETTINGS);
  again.pretrain(samples, proxies);
  again.fit(train, train.map(truth));
  assert.deepEqual(again.predict(held), pred, 'same seed, same predictor');
  const loaded = AccuracyPredictor.fromState(enc, JSON.parse(JSON.stringify(p.state())), 'state');
  assert.deepEqual(loaded.predict(held), pred, 'a saved predictor predicts exactly as the live one');
  [p, again, loaded].forEach((x) => x.dispose());
});
