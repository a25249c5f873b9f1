// Jobs as data and the local executor: the content store refuses bytes that do not match their
// hash and results that are not their job's; results are the same on 1 thread and on 2; every
// architecture has its own seeds; a failing job fails with its name; kinds are a strict registry;
// evolution scoring jobs give the in-process scorer's scores.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend } from '../src/backend/index.js';
import { checkResult, jobId, makeResult } from '../src/jobs/job.js';
import { jobKind, registerKind } from '../src/jobs/kinds.js';
import { LocalExecutor } from '../src/jobs/local.js';
import { ContentStore } from '../src/jobs/store.js';
import { retrainKind } from '../src/retrain/kind.js';
import { archSeed } from '../src/retrain/job.js';
import { packWeights } from '../src/arch/weights-file.js';
import { codeHash } from '../src/artifacts/code-hash.js';
import { readDocument } from '../src/artifacts/io.js';
import { readSplit } from '../src/data/index.js';
import { supernetChoices } from '../src/methods/choices.js';
import { scoreJob, WEIGHTS_INPUT } from '../src/sample/score-kind.js';
import { PathScorer } from '../src/sample/score-path.js';
import { Supernet } from '../src/supernet/supernet.js';
import { SplitBatches } from '../src/train/batches.js';
import type { DatasetMeta } from '../src/types/generated.js';
import { tinyData, tinyJobs } from './helpers/jobs.js';
import { REPO } from './helpers/sandbox.js';
import { costTableOf, tinySpec } from './supernet-helpers.js';

let data: ReturnType<typeof tinyData>;
const made: string[] = [];
const fresh = (): ContentStore => new ContentStore(made[made.push(mkdtempSync(join(tmpdir(), 'nasflow-store-'))) - 1]!);
before(() => {
  data = tinyData();
});
after(() => {
  data.cleanup();
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

test('store: blobs are named by their sha256 and refused when their bytes change', () => {
  const store = fresh();
  const h = store.put(new TextEncoder().encode('hello'));
  assert.equal(h, '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824');
  assert.equal(store.get(h).toString(), 'hello');
  writeFileSync(store.blobFile(h), 'hellO');
  assert.throws(() => store.get(h), (e: Error & { code?: string }) => e.code === 'E_STORE_INTEGRITY' && /blobs\/2c\/2cf2.*sha256 expected 2cf24dba.* found 04a6f55f/.test(e.message));
  assert.throws(() => store.get('nope'), /"nope" is not a sha256/);
});

test('results: a foreign or edited result is refused', () => {
  const store = fresh();
  const [a, b] = tinyJobs(store, data.dataDir, ['tiny-a', 'tiny-b']) as [ReturnType<typeof tinyJobs>[0], ReturnType<typeof tinyJobs>[0]];
  assert.notEqual(jobId(a), jobId(b));
  const r = makeResult(a, { 'x.bin': store.put(new Uint8Array([1])) }, { top1: 0.5 }, { worker: 't', attempt: 1, seconds: 0 });
  assert.equal(checkResult(a, r, 'r.json'), r);
  assert.throws(() => checkResult(b, r, 'r.json'), new RegExp(`r\\.json: a result of another job, refused for retrain tiny-b: expected ${jobId(b)}, found ${jobId(a)}`));
  assert.throws(() => checkResult(a, { ...r, data: { top1: 0.9 } }, 'r.json'), /E?result content changed since it was written \(digest\)/);
  // A result stored under another job's id is refused when that job reads it.
  store.putResult({ ...r });
  writeFileSync(store.resultFile(jobId(b)), readFileSync(store.resultFile(jobId(a))));
  assert.throws(() => store.result(b), (e: Error & { code?: string }) => e.code === 'E_JOB_RESULT');
  assert.equal(store.result(a)?.digest, r.digest);
});

test('kinds: a strict registry', () => {
  assert.equal(jobKind('retrain'), retrainKind);
  assert.throws(() => jobKind('shell'), /job kind registry: shell: not a registered job kind \(registered: retrain, score-paths\)/);
  assert.throws(() => registerKind(retrainKind), /job kind registry: retrain: registered twice/);
});

test('local executor: the same results on 1 thread and on 2, per-architecture seeds, materialised outputs', { timeout: 300_000 }, async () => {
  await initBackend('cpu', () => {});
  const names = ['tiny-a', 'tiny-b', 'tiny-c'];
  const one = fresh();
  const two = fresh();
  const serial = await new LocalExecutor(one, 1, () => {}).run(tinyJobs(one, data.dataDir, names));
  const pooled = await new LocalExecutor(two, 2, () => {}).run(tinyJobs(two, data.dataDir, names));
  assert.deepEqual(pooled.map((r) => r.digest), serial.map((r) => r.digest), 'same digests (job, outputs, data)');
  assert.ok(pooled.some((r) => r.measured.worker.endsWith('/1')), 'the second thread ran a job');
  assert.notEqual(archSeed(1, 'tiny-a'), archSeed(1, 'tiny-b'));
  assert.notEqual(serial[0]!.outputs['tiny-a/weights.bin'], serial[1]!.outputs['tiny-b/weights.bin'], 'the same network under another name has its own seeds');
  const out = mkdtempSync(join(tmpdir(), 'nasflow-out-'));
  made.push(out);
  two.materialise(pooled[0]!, out);
  assert.deepEqual(readFileSync(join(out, 'tiny-a/weights.bin')), one.get(serial[0]!.outputs['tiny-a/weights.bin']!));
  assert.ok(readFileSync(join(out, 'tiny-a/model/model.json'), 'utf8').includes('"modelTopology"'));
  // Run again: every result comes from the store, checked, not recomputed.
  const again = await new LocalExecutor(one, 1, () => {}).run(tinyJobs(one, data.dataDir, names));
  assert.deepEqual(again.map((r) => r.measured.seconds), serial.map((r) => r.measured.seconds));
});

test('local executor: a job whose input is missing fails with its name; a tampered output is refused', { timeout: 120_000 }, async () => {
  const store = fresh();
  const [job] = tinyJobs(store, data.dataDir, ['tiny-a']);
  const broken = { ...job!, inputs: { ...job!.inputs, 'meta.json': 'f'.repeat(64) } };
  await assert.rejects(new LocalExecutor(store, 2, () => {}).run([broken, broken]), /job retrain tiny-a failed on local thread \d: .*blobs\/ff\/f{64}: blob missing from the store/);
  const [r] = await new LocalExecutor(store, 1, () => {}).run([job!]);
  const file = store.blobFile(r!.outputs['tiny-a/history.json']!);
  writeFileSync(file, readFileSync(file, 'utf8').replace('"epoch"', '"Epoch"'));
  await assert.rejects(new LocalExecutor(store, 1, () => {}).run([job!]), (e: Error & { code?: string }) => e.code === 'E_STORE_INTEGRITY');
});

test('score-paths jobs: the in-process scorer\'s scores, however the paths are split into jobs', { timeout: 120_000 }, async () => {
  await initBackend('cpu', () => {});
  const candidates = ['ir_k3_e1', 'ir_k3_e3', 'skip'];
  const spec = tinySpec(candidates);
  const latency = costTableOf(candidates, [[1, 1, 1], [1, 1, 1]], 1);
  const net = new Supernet(spec, latency, { seed: 2 });
  const { index, data: bytes } = packWeights('tiny-supernet', net.state());
  const store = fresh();
  const dir = data.dataDir;
  const meta = readDocument<DatasetMeta>(join(dir, 'meta.json'), 'dataset');
  const files = ['meta.json', meta.splits.train_w.images, meta.splits.train_w.labels, meta.splits.val.images, meta.splits.val.labels];
  const inputs = { ...Object.fromEntries(files.map((f) => [f, store.putFile(join(dir, f))])), [WEIGHTS_INPUT]: store.put(bytes) };
  const score = { batch: 16, recalibrationBatches: 2, valImages: 32 };
  const base = { spec, latency, weights: index, score, seed: 1, backend: 'cpu', code: codeHash(REPO) };
  const paths = [[0, 1], [1, 0], [2, 2], [0, 0], [1, 2]];
  const scorer = new PathScorer(net, supernetChoices(spec), new SplitBatches('train_w', readSplit(dir, 'train_w', meta), meta.stats, 16), new SplitBatches('val', readSplit(dir, 'val', meta), meta.stats, 16), { seed: 1, ...score });
  const reference = paths.map((p) => scorer.score(p));
  scorer.dispose();
  net.dispose();
  const jobs = [scoreJob(inputs, { ...base, paths: paths.slice(0, 2) }, 'score a'), scoreJob(inputs, { ...base, paths: paths.slice(2) }, 'score b')];
  const results = await new LocalExecutor(store, 2, () => {}).run(jobs);
  assert.deepEqual(results.flatMap((r) => (r.data as { scores: number[] }).scores), reference);
});
