// The stage runner: atomic outputs, declared outputs only, schema-checked configs and outputs,
// manifests, upstream checks, and `verify` catching a flipped byte.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, sandbox, tsx } from './helpers/sandbox.js';

const PIPELINE = `schema: pipeline/v1
stages:
  first:
    entry: stages/first.ts
    config: configs/first.yaml
    configSchema: prepare-data-config
    dependsOn: []
    outputs: [{ path: out.json, schema: pipeline }, { path: "*.bin" }]
  second:
    entry: stages/second.ts
    config: configs/first.yaml
    configSchema: prepare-data-config
    dependsOn: [first]
    outputs: [{ path: copy.bin }]
`;
const CONFIG = `schema: prepare-data-config/v1
seed: 1
source: { kind: synthetic, count: 10, height: 2, width: 2, channels: 1, classes: 2 }
splits: { train_w: { count: 1 }, train_theta: { count: 1 }, val: { count: 1 }, test: { count: 1 } }
`;
// MODE selects the behaviour under test: ok | undeclared | throw | badjson
const FIRST = `import { runStage } from '${join(REPO, 'src/pipeline/stage.ts')}';
await runStage('first', async (ctx) => {
  await ctx.writeBytes('a.bin', new Uint8Array([1, 2, 3, 4]));
  if (process.env.MODE === 'undeclared') await ctx.writeBytes('stray.txt', new Uint8Array([0]));
  if (process.env.MODE === 'throw') throw new Error('boom after a partial write');
  const doc = process.env.MODE === 'badjson' ? { schema: 'pipeline/v1' } : { schema: 'pipeline/v1', stages: { x: { entry: 'stages/x.ts', config: 'c', configSchema: 'c', dependsOn: [], outputs: [{ path: 'o' }] } } };
  await ctx.writeJson('out.json', 'pipeline', doc).catch(async (e) => { if (process.env.MODE === 'badjson') { const { writeFile } = await import('node:fs/promises'); await writeFile(ctx.outDir + '/out.json', JSON.stringify(doc)); } else throw e; });
  ctx.record({ seed: ctx.config.seed });
});
`;
const SECOND = `import { readFileSync } from 'node:fs';
import { runStage } from '${join(REPO, 'src/pipeline/stage.ts')}';
await runStage('second', async (ctx) => {
  await ctx.writeBytes('copy.bin', readFileSync(ctx.upstreamDir('first') + '/a.bin'));
});
`;

function project() {
  const s = sandbox();
  s.write('pipeline.yaml', PIPELINE);
  s.write('configs/first.yaml', CONFIG);
  s.write('stages/first.ts', FIRST);
  s.write('stages/second.ts', SECOND);
  return s;
}
const tmpDirs = (root: string): string[] => readdirSync(join(root, 'artifacts')).filter((f) => f.startsWith('.tmp'));

test('a successful stage writes its outputs and a valid manifest; verify passes, then catches a flipped byte', () => {
  const s = project();
  try {
    const r = tsx(['stages/first.ts'], s.root);
    assert.equal(r.status, 0, r.stderr);
    const m = JSON.parse(readFileSync(join(s.root, 'artifacts/first/manifest.json'), 'utf8'));
    assert.equal(m.stage, 'first');
    assert.equal(m.seed, 1);
    assert.deepEqual(m.outputs.map((o: { file: string }) => o.file), ['a.bin', 'out.json']);
    assert.equal(tsx(['stages/second.ts'], s.root).status, 0);
    const ok = tsx([join(REPO, 'stages/verify.ts')], s.root);
    assert.equal(ok.status, 0, ok.stdout + ok.stderr);
    const f = join(s.root, 'artifacts/first/a.bin');
    const bytes = readFileSync(f);
    bytes[2] = bytes[2]! ^ 0xff;
    writeFileSync(f, bytes);
    const bad = tsx([join(REPO, 'stages/verify.ts')], s.root);
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /artifacts\/first\/a\.bin: sha256 expected [0-9a-f]{64} \(4 bytes\), found/);
    const up = tsx(['stages/second.ts'], s.root);
    assert.notEqual(up.status, 0);
    assert.match(up.stderr, /upstream first does not match its manifest/);
  } finally {
    s.cleanup();
  }
});

for (const [mode, message] of [
  ['undeclared', /wrote stray\.txt, which pipeline\.yaml does not declare/],
  ['throw', /boom after a partial write/],
  ['badjson', /out\.json is not a valid pipeline .*#\/stages: expected a required property/s],
] as const) {
  test(`a failing stage (${mode}) leaves no partial outputs and keeps the previous ones`, () => {
    const s = project();
    try {
      assert.equal(tsx(['stages/first.ts'], s.root).status, 0);
      const before = readFileSync(join(s.root, 'artifacts/first/manifest.json'), 'utf8');
      const r = tsx(['stages/first.ts'], s.root, { MODE: mode });
      assert.equal(r.status, 1);
      assert.match(r.stderr, message);
      assert.equal(readFileSync(join(s.root, 'artifacts/first/manifest.json'), 'utf8'), before);
      assert.ok(!existsSync(join(s.root, 'artifacts/first/stray.txt')));
      assert.deepEqual(tmpDirs(s.root), []);
    } finally {
      s.cleanup();
    }
  });
}

test('an invalid config fails with the file and every JSON path; nothing is written', () => {
  const s = project();
  try {
    s.write('configs/first.yaml', CONFIG.replace('seed: 1', 'seed: one').replace('count: 10', 'count: -3'));
    const r = tsx(['stages/first.ts'], s.root);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /configs\/first\.yaml#\/seed: expected type integer, found string "one"/);
    assert.match(r.stderr, /configs\/first\.yaml#\/source\/count: expected minimum/);
    assert.ok(!existsSync(join(s.root, 'artifacts/first')));
  } finally {
    s.cleanup();
  }
});

test('a stage whose upstream has not run names it', () => {
  const s = project();
  try {
    const r = tsx(['stages/second.ts'], s.root);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /second needs first: .*artifacts\/first\/manifest\.json not found/);
  } finally {
    s.cleanup();
  }
});
