// `npm run measure:queue [-- --budget default|small|tiny] [-- --keep]`: the scale-out figures of README
// "Scaling out", measured end to end as a user would, in fresh clones of this checkout's HEAD:
//  1. clone A, `turbo run evaluate` with the local executor (uploading to a local turbo remote cache)
//  2. redis-server on a free loopback port, two `bin/nasflow worker` processes, retrain.yaml
//     `executor: queue`, `turbo run evaluate` again (retrain-baselines, retrain and evaluate rerun:
//     both retrain stages read retrain.yaml and run their jobs on the queue); once two jobs are
//     done, one worker is killed with kill -9 mid-job; the deterministic outputs are compared with step 1's
//  3. clone B with the same configs: `turbo run evaluate` must be all REMOTE cache hits
// The budget is the default experiment as shipped (default), or shrinks it (small: Fashion-MNIST, 2 supernet epochs of 10 w
// batches, 6 architectures retrained 2 x 25 batches of 128) or uses tiny synthetic data.
import { createWriteStream, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { parse, stringify } from 'yaml';
import { argv } from 'zx';
import { listFiles } from '../src/artifacts/manifest.js';
import { sha256 } from '../src/core/hash.js';
import { globToRegExp } from '../src/pipeline/glob.js';
import { loadPipeline, topoOrder } from '../src/pipeline/pipeline.js';
import type { Manifest, RetrainIndex } from '../src/types/generated.js';
import { freePort, startRemoteCache, taskCaches } from './lib/remote-cache.js';

const REPO = process.cwd();
const budget = (argv.budget as string | undefined) ?? 'small';
if (!['default', 'small', 'tiny'].includes(budget)) throw new Error(`--budget: expected default, small or tiny, found ${budget}`);
const tmp = mkdtempSync(join(tmpdir(), 'nasflow-scale-out-'));
const say = (m: string): void => console.log(`[scale-out ${new Date().toISOString().slice(11, 19)}] ${m}`);

function tweak(root: string, stage: string, over: Record<string, unknown>): void {
  const file = join(root, 'configs', `${stage}.yaml`);
  writeFileSync(file, stringify({ ...(parse(readFileSync(file, 'utf8')) as object), ...over }));
}

function applyBudget(root: string): void {
  if (budget === 'default') return; // the configs as committed: what `npx turbo run evaluate` runs
  if (budget === 'tiny') {
    tweak(root, 'prepare-data', { seed: 5, testSplit: 'pooled', source: { kind: 'synthetic', count: 1600, height: 8, width: 8, channels: 1, classes: 4, seed: 9 }, splits: { train_w: { fraction: 0.4 }, train_theta: { fraction: 0.2 }, val: { fraction: 0.2 }, test: { fraction: 0.2 } } });
    writeFileSync(join(root, 'spaces/tiny.json'), JSON.stringify({ schema: 'space/v2', name: 'tiny', input: [8, 8, 1], classes: 4, ops: ['ir_k3_e1', 'ir_k3_e3', 'skip'], body: { kind: 'chain', stem: { cOut: 8, stride: 1 }, layers: [{ cOut: 8, stride: 1 }, { cOut: 16, stride: 2 }, { cOut: 16, stride: 1 }], head: { cOut: 32 } } }));
    tweak(root, 'build-lut', { space: 'spaces/tiny.json', warmup: 2, runs: 5, endToEnd: { archs: 3 } });
    tweak(root, 'retrain', { epochs: 2, batch: 16, batchesPerEpoch: 20, checkpointEvery: 4 });
  } else {
    tweak(root, 'prepare-data', { splits: { train_w: { count: 44000 }, train_theta: { count: 11000 }, val: { count: 4990 }, test: { limit: 2000 } } });
    tweak(root, 'build-lut', { warmup: 2, runs: 5, endToEnd: { archs: 10, pilotRounds: 1, thresholds: { spearman: 0.95, within10: 0.9 } } });
    tweak(root, 'retrain', { epochs: 2, batchesPerEpoch: 25, checkpointEvery: 5, valLimit: 1000 });
  }
  const ts = parse(readFileSync(join(root, 'configs/train-supernet.yaml'), 'utf8')) as { limits: object };
  tweak(root, 'train-supernet', { epochs: 2, warmupEpochs: 1, limits: { ...ts.limits, wBatchesPerEpoch: 10, thetaBatchesPerEpoch: 5, valImages: 500 } });
  tweak(root, 'evaluate', { latency: { warmup: 2, runs: 5, forwards: 1 }, exportCheck: 16 });
}

// Both clones at the commit HEAD was when the script started (a commit made meanwhile would change the code hash).
const COMMIT = (await execa('git', ['rev-parse', 'HEAD'], { cwd: REPO })).stdout.trim();

async function cloneOf(name: string): Promise<string> {
  const dir = join(tmp, name);
  await execa('git', ['clone', '--quiet', REPO, dir]);
  await execa('git', ['checkout', '--quiet', COMMIT], { cwd: dir });
  symlinkSync(join(REPO, 'node_modules'), join(dir, 'node_modules'), 'dir'); // a real second machine runs `npm ci`
  applyBudget(dir);
  return dir;
}

async function turbo(root: string, env: Record<string, string>): Promise<{ seconds: number; caches: ReturnType<typeof taskCaches>; log: string }> {
  const t0 = Date.now();
  const r = await execa(join(root, 'node_modules/.bin/turbo'), ['run', 'evaluate', '--summarize'], { cwd: root, env: { TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1', NASFLOW_PROGRESS: '0', ...env }, reject: false, all: true });
  writeFileSync(join(tmp, `turbo-${Date.now()}.log`), r.all);
  if (r.exitCode !== 0) throw new Error(`turbo run evaluate failed in ${root}:\n${r.all.slice(-4000)}`);
  const runs = join(root, '.turbo', 'runs');
  const file = readdirSync(runs).filter((f) => f.endsWith('.json')).sort().at(-1)!;
  const caches = taskCaches(JSON.parse(readFileSync(join(runs, file), 'utf8')));
  rmSync(runs, { recursive: true });
  return { seconds: (Date.now() - t0) / 1000, caches, log: r.all };
}

/** sha256 of every output that pipeline.yaml does not mark as measured (manifests hold times: left out). */
function deterministic(root: string): Map<string, string> {
  const p = loadPipeline(root);
  const out = new Map<string, string>();
  for (const st of topoOrder(p)) {
    const measured = p.stages[st]!.outputs.filter((o) => o.measured).map((o) => globToRegExp(o.path));
    for (const f of listFiles(join(root, 'artifacts', st))) if (f !== 'manifest.json' && !measured.some((re) => re.test(f))) out.set(`${st}/${f}`, sha256(readFileSync(join(root, 'artifacts', st, f))));
  }
  return out;
}

const stageSeconds = (root: string, st: string): number => {
  const m = JSON.parse(readFileSync(join(root, 'artifacts', st, 'manifest.json'), 'utf8')) as Manifest;
  return (Date.parse(m.finishedAt) - Date.parse(m.startedAt)) / 1000;
};

/** The two stages that train retrain's jobs: the baselines (beside the search) and the rest. */
const retrainSeconds = (root: string): string => ['retrain-baselines', 'retrain'].map((st) => `${stageSeconds(root, st).toFixed(1)} s`).join(' / ');

const cache = await startRemoteCache(join(tmp, 'turbo-remote-cache'));
const procs: ResultPromise[] = [];
try {
  say(`budget ${budget}, working in ${tmp}`);
  const a = await cloneOf('a');
  const local = await turbo(a, cache.env);
  const localRetrain = retrainSeconds(a);
  const localOut = deterministic(a);
  say(`local executor: turbo run evaluate ${local.seconds.toFixed(1)} s, retrain-baselines / retrain ${localRetrain}`);

  const port = await freePort();
  const redis = execa('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { reject: false, stdout: 'ignore' });
  procs.push(redis);
  const url = `redis://127.0.0.1:${port}`;
  const store = join(tmp, 'queue-store');
  const qenv = { NASFLOW_REDIS_URL: url, NASFLOW_STORE: store, NASFLOW_LOCK_MS: '10000', NASFLOW_QUEUE: 'scale-out' };
  await new Promise((r) => setTimeout(r, 500));
  const logs: string[] = [];
  const workers = [0, 1].map((k) => {
    logs[k] = join(tmp, `worker-${k}.log`);
    const w = execa(join(a, 'bin/nasflow'), ['worker'], { cwd: a, env: { ...qenv, NASFLOW_PROGRESS: '0' }, reject: false, stdout: 'ignore', stderr: 'pipe', buffer: false });
    w.stderr!.pipe(createWriteStream(logs[k]!));
    procs.push(w);
    return w;
  });
  tweak(a, 'retrain', { executor: 'queue' });
  let killed: { worker: number; pid: number; at: number; arch: string } | null = null;
  const queued = turbo(a, { ...cache.env, ...qenv });
  const started = Date.now();
  // kill -9, once two jobs have finished (so both workers are at work), the first worker seen with
  // a checkpoint of its running retrain job
  const watcher = setInterval(() => {
    if (killed) return;
    const finished = logs.reduce((n, f) => n + (existsSync(f) ? (readFileSync(f, 'utf8').match(/finished retrain /g) ?? []).length : 0), 0);
    if (finished < 2) return;
    for (const [k, w] of workers.entries()) {
      const text = existsSync(logs[k]!) ? readFileSync(logs[k]!, 'utf8') : '';
      const m = [...text.matchAll(/running retrain (\S+) \(job ([0-9a-f]{12})/g)].at(-1);
      if (!m || !existsSync(join(store, 'work'))) continue;
      const dir = readdirSync(join(store, 'work')).find((d) => d.startsWith(m[2]!));
      if (!dir || !existsSync(join(store, 'work', dir, `${m[1]}.ckpt`))) continue;
      w.kill('SIGKILL');
      killed = { worker: k, pid: w.pid!, at: (Date.now() - started) / 1000, arch: m[1]! };
      say(`kill -9 worker ${k} (pid ${w.pid}) while it trains ${m[1]}, ${killed.at.toFixed(1)} s into the run`);
      return;
    }
  }, 250);
  const queue = await queued;
  clearInterval(watcher);
  const queueRetrain = retrainSeconds(a);
  const queueOut = deterministic(a);
  const differ = [...localOut.keys()].filter((f) => queueOut.get(f) !== localOut.get(f));
  const extra = [...queueOut.keys()].filter((f) => !localOut.has(f));
  const index = JSON.parse(readFileSync(join(a, 'artifacts/retrain/index.json'), 'utf8')) as RetrainIndex;
  const summary = ['retrain-baselines', 'retrain'].map((st) => `${st}: ${new RegExp(`${st}: (\\d+ jobs done \\([^\\n]*)`).exec(queue.log)?.[1] ?? '(no summary line)'}`).join('; ');
  const requeued = (queue.log.match(/was not in Redis any more/g) ?? []).length;
  say(`queue executor: turbo run evaluate ${queue.seconds.toFixed(1)} s, retrain-baselines / retrain ${queueRetrain}; ${summary}`);

  const b = await cloneOf('b');
  tweak(b, 'retrain', { executor: 'queue' });
  const second = await turbo(b, cache.env);
  const allRemote = second.caches.every((t) => t.status === 'HIT' && t.source === 'REMOTE');

  console.log(`
| figure | value |
|---|---|
| budget | ${budget} |
| retrain jobs | ${index.archs.length} (${index.archs.map((x) => x.name).join(', ')}) |
| local executor: retrain-baselines (beside train-supernet) / retrain stage / whole turbo run | ${localRetrain} / ${local.seconds.toFixed(1)} s |
| queue executor, 2 workers: retrain-baselines / retrain stage / turbo run (retrain-baselines, retrain, evaluate) | ${queueRetrain} / ${queue.seconds.toFixed(1)} s |
| worker killed (kill -9) | ${killed ? `worker ${(killed as { worker: number }).worker} training ${(killed as { arch: string }).arch}, ${(killed as { at: number }).at.toFixed(1)} s in` : 'none (no checkpoint seen)'} |
| the stages' account | ${summary} |
| jobs queued again after Redis lost them | ${requeued} |
| deterministic outputs equal to the local run | ${differ.length === 0 && extra.length === 0 ? `yes, all ${localOut.size} files` : `NO: ${[...differ, ...extra].join(', ')}`} |
| second clone: turbo run evaluate | ${second.caches.map((t) => `${t.task} ${t.status}${t.source ? ` ${t.source}` : ''}`).join(', ')} (${second.seconds.toFixed(1)} s) |
`);
  if (differ.length || extra.length || !allRemote || !killed) process.exitCode = 1;
} finally {
  for (const p of procs) p.kill('SIGKILL');
  await Promise.allSettled(procs);
  await cache.stop();
  if (!argv.keep) rmSync(tmp, { recursive: true, force: true });
}
