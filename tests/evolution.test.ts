// Evolution (src/strategies/evolution.ts) on a toy problem with a known optimum: it finds the
// optimum under the cap, never scores a candidate twice nor one over the cap, and a run killed
// with SIGKILL mid-generation resumes from its checkpoint to the same final state. BN
// recalibration (src/supernet/recalibrate.ts) sets moving statistics to the exact mean and
// variance of the subset, and a supernet path's score does not depend on paths scored before it.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { sampleKey, supernetChoices } from '../src/methods/choices.js';
import { BatchNorm } from '../src/ops/layers/batchnorm.js';
import { ParamStore } from '../src/ops/layers/params.js';
import { useBackend } from '../src/ops/testing.js';
import { Rng } from '../src/core/rng.js';
import { PathScorer } from '../src/sample/score-path.js';
import { topK } from '../src/strategies/evolution.js';
import { recalibrateBn } from '../src/supernet/recalibrate.js';
import { Supernet } from '../src/supernet/supernet.js';
import { SplitBatches } from '../src/train/batches.js';
import { runToy, TARGET, TOY_CHOICES, toyCost } from './helpers/evolution-toy.js';
import { costTableOf, syntheticSplits, TEST_BLOCKS, tinySpec } from './supernet-helpers.js';

before(async () => assert.ok(await useBackend('cpu')));

test('evolution finds the toy optimum under the cap, scoring no candidate twice and none over the cap', async () => {
  const scored: string[] = [];
  const st = await runToy({ seed: 1, cap: 10, onScore: (s) => void scored.push(sampleKey(TOY_CHOICES, s)) });
  const best = topK(st.scored, 1)[0]!;
  assert.deepEqual(best.sample, TARGET, `best ${JSON.stringify(best.sample)} score ${best.score}`);
  assert.equal(best.score, 1);
  assert.equal(new Set(scored).size, scored.length, 'no candidate scored twice');
  for (const s of st.scored) assert.ok(toyCost(s.sample) <= 10, `scored a candidate of cost ${toyCost(s.sample)} over the cap`);
  assert.equal(scored.length, st.scored.length);
  assert.ok(st.refused.length > 0, 'the cap refused some proposals (before scoring)');
  for (const g of st.history) assert.ok(g.population.length <= 16);
  // Best-so-far never falls.
  st.history.forEach((g, i) => i > 0 && assert.ok(g.best >= st.history[i - 1]!.best));
});

test('evolution resumes after kill -9 mid-generation to the same final state', { timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'nasflow-evo-'));
  try {
    const reference = await runToy({ seed: 7, cap: 10 });
    const file = join(dir, 'state.json');
    const out = join(dir, 'out.json');
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'helpers', 'evolution-child.ts'), file, out], { stdio: 'ignore' });
    const exited = new Promise<NodeJS.Signals | null>((res) => child.on('exit', (_c, sig) => res(sig)));
    let killed = false;
    while (child.exitCode === null && !killed) {
      const st = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { generation: number; memo: Record<string, number> }) : null;
      if (st && st.generation >= 2 && Object.keys(st.memo).length > 0) {
        child.kill('SIGKILL');
        killed = true;
      } else await new Promise((r) => setTimeout(r, 5));
    }
    assert.equal(await exited, 'SIGKILL', 'killed mid-generation');
    assert.ok(!existsSync(out));
    const rerun = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'helpers', 'evolution-child.ts'), file, out], { stdio: 'ignore' });
    assert.equal(await new Promise((res) => rerun.on('exit', (code) => res(code))), 0);
    assert.equal(readFileSync(out, 'utf8'), JSON.stringify(reference), 'same final state, byte for byte');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('BN recalibration sets the moving statistics to the exact mean and variance of the subset', () => {
  const bn = new BatchNorm(new ParamStore(Rng.seeded(1)), 'bn', 3);
  const rng = Rng.seeded(5);
  const batches = [4, 4, 2].map((n, k) => tf.tensor4d(Float32Array.from({ length: n * 5 * 5 * 3 }, (_, i) => (i % 3) + k + 2 * rng.float()), [n, 5, 5, 3]));
  // A previous state that must not leak into the result.
  bn.movingMean.assign(tf.fill([3], 7));
  const set = recalibrateBn(batches, (x) => void bn.apply(x, true));
  assert.equal(set, 1);
  const all = batches.map((b) => b.dataSync());
  for (let c = 0; c < 3; c++) {
    const v: number[] = all.flatMap((a) => Array.from(a).filter((_, i) => i % 3 === c));
    const mean = v.reduce((s, x) => s + x, 0) / v.length;
    const variance = v.reduce((s, x) => s + (x - mean) ** 2, 0) / v.length;
    assert.ok(Math.abs(bn.movingMean.dataSync()[c]! - mean) < 1e-5, `channel ${c} mean ${bn.movingMean.dataSync()[c]} vs ${mean}`);
    assert.ok(Math.abs(bn.movingVar.dataSync()[c]! - variance) < 1e-5 * Math.max(1, variance), `channel ${c} var ${bn.movingVar.dataSync()[c]} vs ${variance}`);
  }
  tf.dispose(batches);
  bn.gamma.dispose();
});

test('a path\'s score depends only on the path (BN recalibrated), not on the paths scored before', () => {
  const candidates = ['ir_k3_e1', 'ir_k3_e3', 'skip'];
  const spec = tinySpec(candidates);
  const net = new Supernet(spec, costTableOf(candidates, [[1, 1, 1], [1, 1, 1]], 1), { seed: 2, blocks: TEST_BLOCKS });
  const splits = syntheticSplits(64);
  const norm = { mean: [0.5], std: [0.25] };
  const scorer = new PathScorer(net, supernetChoices(spec), new SplitBatches('train_w', splits.train_w, norm, 16), new SplitBatches('val', splits.val, norm, 16), { seed: 1, recalibrationBatches: 2, valImages: 32 });
  const a = scorer.score([0, 1]);
  scorer.score([1, 0]);
  scorer.score([2, 2]);
  assert.equal(scorer.score([0, 1]), a);
  scorer.dispose();
  net.dispose();
});
