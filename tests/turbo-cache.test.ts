// turbo as the DAG and cache, in a temporary copy of the project: a second run is all cache hits
// and restores deleted outputs; editing build-lut's restriction of the space reruns build-lut only (prepare-data
// stays cached); editing prepare-data's config reruns it and leaves build-lut cached.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, run, sandbox, tsx } from './helpers/sandbox.js';

const COPY = ['package.json', 'package-lock.json', 'turbo.json', 'pipeline.yaml', 'tsconfig.json', 'configs', 'stages', 'scripts', 'src', 'schemas', 'spaces'];
const TURBO = join(REPO, 'node_modules', '.bin', 'turbo');
const SMALL_DATA = `schema: prepare-data-config/v1
testSplit: pooled
seed: 5
source: { kind: synthetic, count: 400, height: 8, width: 8, channels: 1, classes: 4, seed: 9 }
splits: { train_w: { fraction: 0.5 }, train_theta: { fraction: 0.2 }, val: { fraction: 0.1 }, test: { fraction: 0.2 } }
`;
const TINY_SPACE = `{ "schema": "space/v2", "name": "tiny", "input": [8, 8, 1], "classes": 4, "ops": ["ir_k3_e1", "ir_k3_e3", "skip"],
  "body": { "kind": "chain", "stem": { "cOut": 8, "stride": 2 }, "layers": [{ "cOut": 8, "stride": 1 }, { "cOut": 16, "stride": 2 }], "head": { "cOut": 16 } } }
`;
const lutConfig = (ops: string): string => `schema: build-lut-config/v1
space: spaces/tiny.json
restrict: { ops: [${ops}] }
backend: cpu
batch: 1
warmup: 1
runs: 3
endToEnd: { archs: 2 }
seed: 1
`;

/** Per task: did turbo replay it from cache or execute it? */
function statuses(out: string): Record<string, 'hit' | 'miss'> {
  const s: Record<string, 'hit' | 'miss'> = {};
  for (const m of out.matchAll(/^(?:\S+:)?([a-z-]+): cache (hit|miss)/gm)) s[m[1]!] = m[2] as 'hit' | 'miss';
  return s;
}

test('turbo: cache hits, restored outputs, per-stage invalidation', { timeout: 300_000 }, () => {
  const s = sandbox(COPY);
  try {
    s.write('configs/prepare-data.yaml', SMALL_DATA);
    s.write('spaces/tiny.json', TINY_SPACE);
    s.write('configs/build-lut.yaml', lutConfig('ir_k3_e1, skip'));
    const turbo = (): Record<string, 'hit' | 'miss'> => {
      const r = run(TURBO, ['run', 'prepare-data', 'build-lut', '--output-logs=hash-only'], s.root);
      assert.equal(r.status, 0, r.stdout + r.stderr);
      return statuses(r.stdout);
    };

    assert.deepEqual(turbo(), { 'prepare-data': 'miss', 'build-lut': 'miss' });
    assert.ok(existsSync(join(s.root, 'artifacts/prepare-data/meta.json')));
    assert.deepEqual(turbo(), { 'prepare-data': 'hit', 'build-lut': 'hit' }, 'second run: all cache hits');

    rmSync(join(s.root, 'artifacts'), { recursive: true });
    assert.deepEqual(turbo(), { 'prepare-data': 'hit', 'build-lut': 'hit' });
    assert.ok(existsSync(join(s.root, 'artifacts/prepare-data/train_w.images.u8')), 'outputs restored from cache');
    assert.ok(existsSync(join(s.root, 'artifacts/build-lut/lut.json')));
    assert.equal(tsx([join(REPO, 'stages/verify.ts')], s.root).status, 0, 'restored outputs match their manifests');

    s.write('configs/build-lut.yaml', lutConfig('ir_k3_e1, ir_k3_e3, skip'));
    assert.deepEqual(turbo(), { 'prepare-data': 'hit', 'build-lut': 'miss' }, "editing build-lut's restriction leaves prepare-data cached");

    s.write('configs/prepare-data.yaml', SMALL_DATA.replace('seed: 5', 'seed: 6'));
    assert.deepEqual(turbo(), { 'prepare-data': 'miss', 'build-lut': 'hit' }, "editing prepare-data's config reruns it alone");

    s.write('spaces/tiny.json', TINY_SPACE.replace('"classes": 4', '"classes": 5'));
    assert.deepEqual(turbo(), { 'prepare-data': 'hit', 'build-lut': 'miss' }, 'editing the space file reruns build-lut');
  } finally {
    s.cleanup();
  }
});
