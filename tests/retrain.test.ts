// retrain: the job list (sampled + baselines), augmentation, label smoothing and schedules, and a
// training run killed with SIGKILL mid-epoch that resumes to the same weights bit for bit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { execa } from 'execa';
import { initBackend } from '../src/backend/index.js';
import { Rng } from '../src/core/rng.js';
import { augmentBatch } from '../src/retrain/augment.js';
import { epochLr, smoothedCrossEntropy } from '../src/retrain/loss.js';
import { retrainJobs } from '../src/retrain/plan.js';
import { archOf, tinyChain } from './helpers/spaces.js';
import type { RetrainConfig } from '../src/types/generated.js';
import { REPO } from './helpers/sandbox.js';

const space = tinyChain({ layers: [{ cOut: 8, stride: 1 }, { cOut: 16, stride: 2 }], ops: ['ir_k3_e1', 'ir_k3_e6', 'skip'], head: { cOut: 16 } });
const config = (over: Partial<RetrainConfig>): RetrainConfig => ({
  schema: 'retrain-config/v1', archs: 'all', baselines: { uniform: ['ir_k3_e6'], random: 2 }, backend: 'cpu', seed: 1, epochs: 1, batch: 8, lr: 0.1, momentum: 0.9, weightDecay: 0,
  schedule: { kind: 'cosine' }, labelSmoothing: 0, augment: { cropPadding: 0, flip: false }, checkpointEvery: 10, ...over,
});

test('jobs: the selected sampled architectures, then uniform and seeded random baselines', () => {
  const found = { name: 'tiny-argmax', doc: archOf(space, ['skip', 'ir_k3_e6'], 'tiny-argmax') };
  const jobs = retrainJobs(config({}), [found], space, 'retrain.yaml');
  assert.deepEqual(jobs.map((j) => [j.name, j.kind]), [['tiny-argmax', 'found'], ['tiny-all-ir_k3_e6', 'baseline'], ['tiny-random-0', 'random'], ['tiny-random-1', 'random']]);
  assert.deepEqual(jobs[1]!.doc.body.kind === 'chain' && jobs[1]!.doc.body.rows.map((b) => b.name), ['ir_k3_e6', 'ir_k3_e6']);
  assert.deepEqual(retrainJobs(config({}), [found], space, 'r').map((j) => j.doc), jobs.map((j) => j.doc), 'random baselines are seeded');
  assert.throws(() => retrainJobs(config({ archs: ['nope'] }), [found], space, 'retrain.yaml'), /retrain\.yaml#\/archs\/0: no sampled architecture "nope"/);
  assert.throws(() => retrainJobs(config({ baselines: { uniform: ['ir_k7_e6'], random: 0 } }), [found], space, 'retrain.yaml'), /#\/baselines\/uniform\/0: expected an op of every layer of space tiny .* found "ir_k7_e6"/);
});

test('augmentation: flip mirrors, crop shifts in black padding, none returns the batch as is', () => {
  const x = Float32Array.from({ length: 9 }, (_, i) => i); // one 3x3x1 image
  assert.equal(augmentBatch(x, 1, 3, 3, 1, { cropPadding: 0, flip: false }, [-1], Rng.seeded(1)), x);
  let flipped: Float32Array | undefined;
  for (let s = 0; s < 20 && !flipped; s++) {
    const r = Rng.seeded(s);
    if (r.int(0, 1) === 1) flipped = augmentBatch(x, 1, 3, 3, 1, { cropPadding: 0, flip: true }, [-1], Rng.seeded(s));
  }
  assert.deepEqual(Array.from(flipped!), [2, 1, 0, 5, 4, 3, 8, 7, 6]);
  const cropped = augmentBatch(x, 1, 3, 3, 1, { cropPadding: 1, flip: false }, [-1], Rng.seeded(4));
  assert.ok(Array.from(cropped).every((v) => v === -1 || Array.from(x).includes(v)));
  assert.deepEqual(augmentBatch(x, 1, 3, 3, 1, { cropPadding: 1, flip: true }, [-1], Rng.seeded(9)), augmentBatch(x, 1, 3, 3, 1, { cropPadding: 1, flip: true }, [-1], Rng.seeded(9)));
});

test('label smoothing and learning-rate schedules', async () => {
  await initBackend('cpu', () => {});
  const logits = tf.tensor2d([[2, 0, 0]]);
  const ce = smoothedCrossEntropy(logits, Int32Array.from([0]), 0).dataSync()[0]!;
  const logp = Array.from(tf.logSoftmax(logits).dataSync());
  assert.ok(Math.abs(ce + logp[0]!) < 1e-6);
  const smooth = smoothedCrossEntropy(logits, Int32Array.from([0]), 0.3).dataSync()[0]!;
  assert.ok(Math.abs(smooth - (0.7 * -logp[0]! + 0.3 * -(logp[0]! + logp[1]! + logp[2]!) / 3)) < 1e-6);
  assert.equal(epochLr({ kind: 'step', every: 2, gamma: 0.1 }, 1, 0, 3, 10), 0.1);
  assert.equal(epochLr({ kind: 'cosine' }, 1, 0, 0, 10), 1);
  assert.ok(Math.abs(epochLr({ kind: 'cosine' }, 1, 0, 5, 10) - 0.5) < 1e-12);
});

/** Runs the child; resolves its exit code and stderr (the child's log). */
async function runChild(backend: string, ckpt: string, out: string, killAtCheckpoint: boolean, workers?: number): Promise<{ code: number | undefined; log: string }> {
  // node itself with tsx as a loader: ONE process, so SIGKILL stops the training itself (the tsx
  // binary is a parent whose child would run on as an orphan)
  const child = execa(process.execPath, ['--import', 'tsx', join(REPO, 'tests/helpers/retrain-child.ts'), backend, ckpt, out, ...(workers ? [String(workers)] : [])], { cwd: REPO, env: { NASFLOW_PROGRESS: '0' }, stdin: 'ignore', stdout: 'ignore', reject: false });
  const poll = killAtCheckpoint ? setInterval(() => existsSync(ckpt) && child.kill('SIGKILL'), 5) : undefined;
  const r = await child;
  clearInterval(poll);
  return { code: r.exitCode, log: String(r.stderr) };
}

const STEPS = 4 * 8; // epochs x batchesPerEpoch of tests/helpers/retrain-child.ts

// [backend, workers of the uninterrupted run, workers of the killed and resumed run]: the last case
// trains data-parallel (2 shards): 1 worker uninterrupted and 2 workers killed and resumed must agree.
const RUNS: [string, number | undefined, number | undefined][] = [['cpu', undefined, undefined], ['wasm', undefined, undefined], ['wasm', 1, 2]];
for (const [backend, wa, wb] of RUNS) {
  const what = wa ? `, data-parallel: ${wa} worker uninterrupted vs ${wb} workers killed` : '';
  test(`retrain killed with SIGKILL mid-run resumes to bit-identical weights (${backend}${what})`, { timeout: 180_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nasflow-retrain-'));
    try {
      assert.equal((await runChild(backend, join(dir, 'a.ckpt'), join(dir, 'a.json'), false, wa)).code, 0);
      assert.equal(readFileSync(join(dir, 'a.json.steps'), 'utf8'), String(STEPS));
      const killed = await runChild(backend, join(dir, 'b.ckpt'), join(dir, 'b.json'), true, wb);
      assert.notEqual(killed.code, 0, 'the run was killed');
      assert.ok(existsSync(join(dir, 'b.ckpt')) && !existsSync(join(dir, 'b.json')));
      const resumed = await runChild(backend, join(dir, 'b.ckpt'), join(dir, 'b.json'), false, wb);
      assert.equal(resumed.code, 0, resumed.log);
      // The checkpoint must really be used: the run says where it resumes and trains only the rest.
      const at = /resuming at epoch (\d+), step (\d+)/.exec(resumed.log);
      assert.ok(at, `the restarted run resumed: ${resumed.log}`);
      const done = Number(at[1]) * 8 + Number(at[2]);
      assert.ok(done > 0, 'the checkpoint was taken mid-run');
      assert.equal(readFileSync(join(dir, 'b.json.steps'), 'utf8'), String(STEPS - done), 'only the steps after the checkpoint were trained');
      const a = readFileSync(join(dir, 'a.json'), 'utf8');
      const b = readFileSync(join(dir, 'b.json'), 'utf8');
      assert.equal(b, a, 'resumed run ends with the same history and weights');
      const parsed = JSON.parse(a) as { epochs: { val: { top1: number } }[] };
      assert.equal(parsed.epochs.length, 4);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
