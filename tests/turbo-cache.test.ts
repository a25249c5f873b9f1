// turbo as the DAG and cache, in a temporary copy of the project: a second run is all cache hits
// and restores deleted outputs; editing another stage's config leaves prepare-data cached;
// editing prepare-data's config reruns it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, run, sandbox, tsx } from './helpers/sandbox.js';

const COPY = ['package.json', 'package-lock.json', 'turbo.json', 'pipeline.yaml', 'tsconfig.json', 'configs', 'stages', 'scripts', 'src', 'schemas', 'spaces'];
const TURBO = join(REPO, 'node_modules', '.bin', 'turbo');
const SMALL_DATA = `schema: prepare-data-config/v1
seed: 5
source: { kind: synthetic, count: 400, height: 8, width: 8, channels: 1, classes: 4, seed: 9 }
splits: { train_w: { fraction: 0.5 }, train_theta: { fraction: 0.2 }, val: { fraction: 0.1 }, test: { fraction: 0.2 } }
`;
// A second stage that does not depend on prepare-data, standing in for build-lut.
const PROBE_STAGE = `
  probe:
    entry: stages/probe.ts
    config: configs/probe.yaml
    configSchema: prepare-data-config
    dependsOn: []
    outputs: [{ path: seed.json, schema: pipeline }]
`;
const PROBE = `import { runStage } from '../src/pipeline/stage.js';
await runStage('probe', async (ctx) => {
  await ctx.writeJson('seed.json', 'pipeline', { schema: 'pipeline/v1', stages: { [\`s\${ctx.config.seed}\`]: { entry: 'stages/x.ts', config: 'c', configSchema: 'c', dependsOn: [], outputs: [{ path: 'o' }] } } });
});
`;

/** Per task: did turbo replay it from cache or execute it? */
function statuses(out: string): Record<string, 'hit' | 'miss'> {
  const s: Record<string, 'hit' | 'miss'> = {};
  for (const m of out.matchAll(/^(?:\S+:)?([a-z-]+): cache (hit|miss)/gm)) s[m[1]!] = m[2] as 'hit' | 'miss';
  return s;
}

test('turbo: cache hits, restored outputs, per-stage invalidation', { timeout: 240_000 }, () => {
  const s = sandbox(COPY);
  try {
    s.write('configs/prepare-data.yaml', SMALL_DATA);
    s.write('configs/probe.yaml', SMALL_DATA.replace('seed: 5', 'seed: 1'));
    s.write('stages/probe.ts', PROBE);
    s.write('pipeline.yaml', readFileSync(join(REPO, 'pipeline.yaml'), 'utf8') + PROBE_STAGE);
    const gen = tsx(['scripts/gen-turbo.ts'], s.root);
    assert.equal(gen.status, 0, gen.stderr);
    const turbo = (): Record<string, 'hit' | 'miss'> => {
      const r = run(TURBO, ['run', 'prepare-data', 'probe', '--output-logs=hash-only'], s.root);
      assert.equal(r.status, 0, r.stdout + r.stderr);
      return statuses(r.stdout);
    };

    assert.deepEqual(turbo(), { 'prepare-data': 'miss', probe: 'miss' });
    assert.ok(existsSync(join(s.root, 'artifacts/prepare-data/meta.json')));
    assert.deepEqual(turbo(), { 'prepare-data': 'hit', probe: 'hit' }, 'second run: all cache hits');

    rmSync(join(s.root, 'artifacts'), { recursive: true });
    assert.deepEqual(turbo(), { 'prepare-data': 'hit', probe: 'hit' });
    assert.ok(existsSync(join(s.root, 'artifacts/prepare-data/meta.json')), 'outputs restored from cache');
    assert.ok(existsSync(join(s.root, 'artifacts/prepare-data/train_w.images.u8')));

    s.write('configs/probe.yaml', SMALL_DATA.replace('seed: 5', 'seed: 2'));
    assert.deepEqual(turbo(), { 'prepare-data': 'hit', probe: 'miss' }, "editing another stage's config leaves prepare-data cached");

    s.write('configs/prepare-data.yaml', SMALL_DATA.replace('seed: 5', 'seed: 6'));
    assert.deepEqual(turbo(), { 'prepare-data': 'miss', probe: 'hit' }, "editing prepare-data's config reruns it");
  } finally {
    s.cleanup();
  }
});
