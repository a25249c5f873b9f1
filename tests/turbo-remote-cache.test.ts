// turbo's remote cache between two clones: a local turborepo-remote-cache server (loopback, local
// storage); the first clone runs prepare-data and build-lut and uploads them; the second clone,
// with an empty local cache, gets every task as a REMOTE cache hit and the same output bytes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listFiles } from '../src/artifacts/manifest.js';
import { sha256 } from '../src/core/hash.js';
import { startRemoteCache, taskCaches } from '../scripts/lib/remote-cache.js';
import { REPO, run, sandbox, tsx } from './helpers/sandbox.js';

const COPY = ['package.json', 'package-lock.json', 'turbo.json', 'pipeline.yaml', 'tsconfig.json', 'configs', 'stages', 'scripts', 'src', 'schemas', 'spaces'];
const DATA = `schema: prepare-data-config/v1
testSplit: pooled
seed: 5
source: { kind: synthetic, count: 400, height: 8, width: 8, channels: 1, classes: 4, seed: 9 }
splits: { train_w: { fraction: 0.5 }, train_theta: { fraction: 0.2 }, val: { fraction: 0.1 }, test: { fraction: 0.2 } }
`;
const SPACE = `{ "schema": "space/v2", "name": "tiny", "input": [8, 8, 1], "classes": 4, "ops": ["ir_k3_e1", "ir_k3_e3", "skip"],
  "body": { "kind": "chain", "stem": { "cOut": 8, "stride": 2 }, "layers": [{ "cOut": 8, "stride": 1 }, { "cOut": 16, "stride": 2 }], "head": { "cOut": 16 } } }
`;
const LUT = 'schema: build-lut-config/v1\nspace: spaces/tiny.json\nrestrict: { ops: [ir_k3_e1, skip] }\nbackend: cpu\nbatch: 1\nwarmup: 1\nruns: 3\nendToEnd: { archs: 2 }\nseed: 1\n';

function clone(): ReturnType<typeof sandbox> {
  const s = sandbox(COPY);
  s.write('configs/prepare-data.yaml', DATA);
  s.write('spaces/tiny.json', SPACE);
  s.write('configs/build-lut.yaml', LUT);
  return s;
}

function turbo(root: string, env: Record<string, string>): ReturnType<typeof taskCaches> {
  const r = run(join(REPO, 'node_modules', '.bin', 'turbo'), ['run', 'prepare-data', 'build-lut', '--summarize'], root, { ...env, NASFLOW_PROGRESS: '0' });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  const dir = join(root, '.turbo', 'runs');
  const [file] = readdirSync(dir).filter((f) => f.endsWith('.json'));
  const caches = taskCaches(JSON.parse(readFileSync(join(dir, file!), 'utf8')));
  rmSync(dir, { recursive: true });
  return caches.sort((a, b) => a.task.localeCompare(b.task));
}

const hashes = (root: string, stage: string): Record<string, string> =>
  Object.fromEntries(listFiles(join(root, 'artifacts', stage)).map((f) => [f, sha256(readFileSync(join(root, 'artifacts', stage, f)))]));

test('turbo remote cache: a second clone is all remote cache hits, with the same bytes', { timeout: 300_000 }, async () => {
  const storage = mkdtempSync(join(tmpdir(), 'nasflow-remote-cache-'));
  const cache = await startRemoteCache(storage);
  const a = clone();
  const b = clone();
  try {
    assert.deepEqual(turbo(a.root, cache.env).map((t) => t.status), ['MISS', 'MISS'], 'first clone: computed');
    const second = turbo(b.root, cache.env);
    assert.deepEqual(second, [{ task: 'build-lut', status: 'HIT', source: 'REMOTE' }, { task: 'prepare-data', status: 'HIT', source: 'REMOTE' }], 'second clone: every task from the remote cache');
    for (const st of ['prepare-data', 'build-lut']) assert.deepEqual(hashes(b.root, st), hashes(a.root, st), `${st}: the same files, byte for byte`);
    assert.equal(tsx(['stages/verify.ts'], b.root).status, 0, 'the downloaded outputs match their manifests');
  } finally {
    await cache.stop();
    a.cleanup();
    b.cleanup();
    rmSync(storage, { recursive: true, force: true });
  }
});
