// The queue executor with a real redis-server on a loopback port and two `nasflow worker`
// processes: results equal the local executor's byte for byte; a worker killed with kill -9
// mid-job loses the job to the other, which resumes it from its checkpoint; Redis restarting
// (without persistence) mid-run loses no finished result; a tampered result is refused; a job that
// keeps failing fails the run with the job, the worker and the error. Jobs are tiny.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend } from '../src/backend/index.js';
import { type Job, jobId } from '../src/jobs/job.js';
import { LocalExecutor } from '../src/jobs/local.js';
import { QueueExecutor } from '../src/jobs/queue.js';
import { ContentStore } from '../src/jobs/store.js';
import { tinyData, tinyJobs } from './helpers/jobs.js';
import { startRedis, startWorker, type TestRedis, type TestWorker, until } from './helpers/redis.js';

const made: string[] = [];
const fresh = (): ContentStore => new ContentStore(made[made.push(mkdtempSync(join(tmpdir(), 'nasflow-store-'))) - 1]!);
const store = fresh();
const env = { NASFLOW_QUEUE: `nasflow-test-${process.pid}`, NASFLOW_STORE: store.dir, NASFLOW_LOCK_MS: '2000', NASFLOW_JOB_ATTEMPTS: '2' };
Object.assign(process.env, env);
let data: ReturnType<typeof tinyData>;
let redis: TestRedis;
let workers: TestWorker[] = [];
const lines: string[] = [];
let executor: QueueExecutor;

/** The same jobs run by the local executor in a store of their own. */
async function local(jobs: Job[]): Promise<string[]> {
  const s = fresh();
  const results = await new LocalExecutor(s, 1, () => {}).run(jobs.map((j) => ({ ...j, inputs: Object.fromEntries(Object.entries(j.inputs).map(([n, h]) => [n, s.put(store.get(h))])) })));
  return results.map((r) => r.digest);
}
const runs = (label: string): number => workers.reduce((n, w) => n + w.log().split(`running ${label} (`).length - 1, 0);

before(async () => {
  data = tinyData(2000);
  await initBackend('cpu', () => {});
  redis = await startRedis();
  workers = await Promise.all([startWorker({ ...env, NASFLOW_REDIS_URL: redis.url }), startWorker({ ...env, NASFLOW_REDIS_URL: redis.url })]);
  executor = new QueueExecutor(store, redis.url, (m) => void lines.push(m));
});
after(async () => {
  await executor?.close();
  await Promise.all(workers.map((w) => w.kill('SIGKILL')));
  await redis?.kill();
  data?.cleanup();
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

test('queue: two workers; the results equal the local executor byte for byte', { timeout: 300_000 }, async () => {
  const jobs = tinyJobs(store, data.dataDir, ['q-a', 'q-b', 'q-c']);
  const results = await executor.run(jobs);
  assert.deepEqual(results.map((r) => r.digest), await local(jobs), 'same digests: job, output hashes, index entry');
  assert.equal(new Set(results.map((r) => r.measured.worker)).size, 2, 'both workers ran jobs');
  assert.ok(lines.some((l) => /jobs 3\/3 done/.test(l)), lines.join('\n'));
});

test('queue: a worker killed with kill -9 mid-job; another takes the job and resumes from its checkpoint', { timeout: 300_000 }, async () => {
  const [job] = tinyJobs(store, data.dataDir, ['q-long'], { epochs: 3, batchesPerEpoch: 20, batch: 16, checkpointEvery: 2 });
  const run = executor.run([job!]);
  const victim = await until(() => workers.find((w) => w.log().includes('running retrain q-long (')), 'a worker to take the job');
  await until(() => existsSync(join(store.workDir(jobId(job!)), 'q-long.ckpt')), 'the first checkpoint');
  await victim.kill('SIGKILL');
  const [r] = await run;
  assert.equal(r!.measured.attempt, 2, 'the second attempt finished it');
  assert.notEqual(r!.measured.worker, `${r!.measured.worker.split(':')[0]}:${victim.pid}`, 'on the other worker');
  assert.ok((r!.measured.stepsRun as number) < 3 * 20, `resumed from the checkpoint: ${String(r!.measured.stepsRun)} of 60 steps trained`);
  const other = workers.find((w) => w !== victim)!;
  assert.match(other.log(), /q-long: resuming at epoch \d+, step \d+/);
  assert.deepEqual([r!.digest], await local([job!]), 'the same result as an uninterrupted local run');
  workers = [other, await startWorker({ ...env, NASFLOW_REDIS_URL: redis.url })];
});

test('queue: Redis restarting mid-run (no persistence) loses no finished result', { timeout: 300_000 }, async () => {
  const jobs = tinyJobs(store, data.dataDir, ['r-a', 'r-b', 'r-c', 'r-d'], { epochs: 2, batchesPerEpoch: 3 });
  const run = executor.run(jobs);
  await until(() => jobs.some((j) => existsSync(store.resultFile(jobId(j)))), 'a first finished job');
  const finished = new Map(jobs.filter((j) => existsSync(store.resultFile(jobId(j)))).map((j) => [j, readFileSync(store.resultFile(jobId(j)), 'utf8')]));
  await redis.kill();
  await new Promise((r) => setTimeout(r, 1000));
  await redis.start();
  const results = await run;
  assert.equal(results.length, jobs.length);
  for (const [j, text] of finished) {
    assert.equal(readFileSync(store.resultFile(jobId(j)), 'utf8'), text, `${j.label}: finished before the restart, kept as it was`);
    assert.equal(runs(j.label!), 1, `${j.label}: not run again`);
  }
  assert.ok(lines.some((l) => /was not in Redis any more/.test(l)), 'unfinished jobs were queued again');
});

test('queue: a tampered result in the store is refused', { timeout: 60_000 }, async () => {
  const [job] = tinyJobs(store, data.dataDir, ['q-a']);
  const r = store.result(job!)!;
  const file = store.blobFile(r.outputs['q-a/weights.bin']!);
  const bytes = readFileSync(file);
  bytes.writeUInt8(bytes.at(-1)! ^ 1, bytes.length - 1);
  writeFileSync(file, bytes);
  await assert.rejects(executor.run([job!]), (e: Error & { code?: string }) => e.code === 'E_STORE_INTEGRITY' && e.message.includes(r.outputs['q-a/weights.bin']!));
});

test('queue: a job that keeps failing fails the run with the job, the worker and the error; unknown kinds are refused', { timeout: 120_000 }, async () => {
  const [job] = tinyJobs(store, data.dataDir, ['q-broken']);
  const broken = { ...job!, inputs: { ...job!.inputs, 'meta.json': 'e'.repeat(64) } };
  await assert.rejects(executor.run([broken]), /retrain q-broken \(job [0-9a-f]{12}\) failed after 2 attempts, last on worker \S+: \[worker [^\]]+:\d+\] .*blobs\/ee\/e{64}: blob missing from the store/);
  const shell: Job = { kind: 'shell', inputs: {}, config: { cmd: 'touch /tmp/nasflow-pwned' }, seed: 0, label: 'shell job' };
  await assert.rejects(executor.run([shell]), /shell job .* failed after 1 attempt, .*job kind "shell" is not registered here \(registered: retrain, score-paths\)/);
  assert.ok(!existsSync('/tmp/nasflow-pwned'));
});
