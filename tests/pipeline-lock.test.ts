// One run per artifacts directory, and no mixing: a stage of another live run is refused at once,
// naming the holder; a dead run's lock is taken over; leftovers of killed stages are removed; a
// stage whose parent dies stops; a stage whose upstream chain is stale refuses to run, and verify
// names every stale stage. A toy three-stage pipeline (first → second → third) keeps it fast.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { REPO, sandbox, tsx } from './helpers/sandbox.js';

const PIPELINE = `schema: pipeline/v1
stages:
  first: { entry: stages/first.ts, config: configs/c.yaml, configSchema: prepare-data-config, dependsOn: [], outputs: [{ path: a.bin }] }
  second: { entry: stages/second.ts, config: configs/c.yaml, configSchema: prepare-data-config, dependsOn: [first], outputs: [{ path: b.bin }] }
  third: { entry: stages/third.ts, config: configs/c.yaml, configSchema: prepare-data-config, dependsOn: [second], outputs: [{ path: c.bin }] }
`;
const CONFIG = `schema: prepare-data-config/v1
seed: 1
source: { kind: synthetic, count: 10, height: 2, width: 2, channels: 1, classes: 2 }
splits: { train_w: { count: 1 }, train_theta: { count: 1 }, val: { count: 1 }, test: { count: 1 } }
`;
// Each stage writes the time it ran, so every rerun changes its manifest; SLEEP keeps it running.
const STAGE = (name: string, file: string, up?: string, upFile?: string) => `import { readFileSync } from 'node:fs';
import { runStage } from '${join(REPO, 'src/pipeline/stage.ts')}';
await runStage('${name}', async (ctx) => {
  if (process.env.SLEEP) await new Promise((r) => setTimeout(r, Number(process.env.SLEEP)));
  ${up ? `readFileSync(ctx.upstreamDir('${up}') + '/${upFile}');` : ''}
  await ctx.writeBytes('${file}', new TextEncoder().encode(String(process.hrtime.bigint())));
});
`;

function project() {
  const s = sandbox();
  s.write('pipeline.yaml', PIPELINE);
  s.write('configs/c.yaml', CONFIG);
  s.write('stages/first.ts', STAGE('first', 'a.bin'));
  s.write('stages/second.ts', STAGE('second', 'b.bin', 'first', 'a.bin'));
  s.write('stages/third.ts', STAGE('third', 'c.bin', 'second', 'b.bin'));
  return s;
}
const lockFile = (root: string): string => join(root, 'artifacts', '.lock');
const until = async (ok: () => boolean, ms = 90_000): Promise<void> => {
  for (const t0 = Date.now(); !ok(); ) {
    if (Date.now() - t0 > ms) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
};
/** The pid of a process that has exited (and so is dead). */
const deadPid = async (): Promise<number> => {
  const p = execa('node', ['-e', '']);
  await p;
  return p.pid!;
};
const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

test('a stage of another live run is refused at once, naming the holder; it runs once the holder is done', { timeout: 60_000 }, async () => {
  const s = project();
  try {
    const holder = execa('node', ['--import', 'tsx', 'stages/first.ts'], { cwd: s.root, env: { SLEEP: '15000' }, reject: false });
    await until(() => existsSync(lockFile(s.root)));
    const refused = tsx(['stages/second.ts'], s.root);
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, new RegExp(`in use by another pipeline run — stage pid ${holder.pid}, started \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z, running first \\(pid ${holder.pid}, since `));
    assert.match(refused.stderr, new RegExp(`Wait for it to finish, or stop it \\(kill ${holder.pid}\\)`));
    assert.ok(!existsSync(join(s.root, 'artifacts/second')));
    assert.equal((await holder).exitCode, 0);
    assert.ok(!existsSync(lockFile(s.root)), 'a stage run on its own releases the lock');
    const ok = tsx(['stages/second.ts'], s.root);
    assert.equal(ok.status, 0, ok.stderr);
  } finally {
    s.cleanup();
  }
});

test('a dead run\'s lock is taken over and its leftovers removed; a live process\'s directory is kept', { timeout: 60_000 }, async () => {
  const s = project();
  try {
    const dead = await deadPid();
    writeFileSync(lockFile(s.root), JSON.stringify({ runId: `turbo:${dead}:1`, owner: 'turbo', ownerPid: dead, startedAt: '2026-01-01T00:00:00.000Z', stages: [{ stage: 'first', pid: dead, startedAt: '2026-01-01T00:00:00.000Z' }] }));
    for (const d of [`.tmp-first-${dead}`, `first.old-${dead}`, `.tmp-second-${process.pid}`]) mkdirSync(join(s.root, 'artifacts', d, 'x'), { recursive: true });
    const r = tsx(['stages/first.ts'], s.root);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, new RegExp(`took over the lock of a run that died \\(turbo pid ${dead}`));
    assert.match(r.stderr, new RegExp(`removed \\.tmp-first-${dead}/ \\(pid ${dead}, first\\) left by a killed stage`));
    assert.ok(!existsSync(join(s.root, 'artifacts', `.tmp-first-${dead}`)) && !existsSync(join(s.root, 'artifacts', `first.old-${dead}`)));
    assert.ok(existsSync(join(s.root, 'artifacts', `.tmp-second-${process.pid}`)), 'a live process\'s temp directory stays');
  } finally {
    s.cleanup();
  }
});

test('a stage whose parent dies stops instead of running on as an orphan', { timeout: 60_000 }, async () => {
  const s = project();
  try {
    // sh waits for the stage (`; true` keeps sh from exec-ing it), so sh is the stage's parent.
    const parent = execa('sh', ['-c', 'node --import tsx stages/first.ts; true'], { cwd: s.root, env: { SLEEP: '30000' }, reject: false });
    await until(() => existsSync(lockFile(s.root)));
    const stagePid = (JSON.parse(readFileSync(lockFile(s.root), 'utf8')) as { stages: { pid: number }[] }).stages[0]!.pid;
    assert.ok(alive(stagePid));
    parent.kill('SIGKILL');
    await parent;
    await until(() => !alive(stagePid), 10_000);
    assert.ok(!existsSync(join(s.root, 'artifacts/first')), 'it stopped before finishing');
  } finally {
    s.cleanup();
  }
});

test('a stale chain is refused with "stale", and verify names every stale stage', { timeout: 60_000 }, () => {
  const s = project();
  try {
    for (const st of ['first', 'second', 'third']) assert.equal(tsx([`stages/${st}.ts`], s.root).status, 0);
    assert.equal(tsx([join(REPO, 'stages/verify.ts')], s.root).status, 0);
    assert.equal(tsx(['stages/first.ts'], s.root).status, 0, 'first runs again: second and third are now stale');
    const r = tsx(['stages/third.ts'], s.root);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /third: stale inputs, refusing to mix them:\n {2}second was made from first manifest [0-9a-f]{12}…, found [0-9a-f]{12}… on disk\nRerun the pipeline up to here: npx turbo run third --force/);
    const v = tsx([join(REPO, 'stages/verify.ts')], s.root);
    assert.equal(v.status, 1);
    assert.match(v.stderr, /stale stage second: its recorded first manifest no longer matches/);
    assert.match(v.stderr, /stale stage third: made from second, which is stale/);
    assert.match(v.stderr, /npx turbo run third --force/);
  } finally {
    s.cleanup();
  }
});
