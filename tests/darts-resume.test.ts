// DARTS resumes after kill -9 bit-identically: a tiny second-order search (skip-connect dropout on)
// runs uninterrupted in a child process; a second child with the same settings is killed with
// SIGKILL as soon as its per-step checkpoint exists mid-run, and a third resumes from it. The
// resumed run must say where it resumed and end with the same history, α and weights, bit for bit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CHILD = join(import.meta.dirname, 'helpers', 'darts-child.ts');

function run(file: string): { resumed: unknown; rest: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', CHILD, file, 'wasm'], { encoding: 'utf8', maxBuffer: 1 << 28 });
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout.trim().split('\n').pop()!) as { resumed: unknown };
  const { resumed, ...rest } = out;
  return { resumed, rest: JSON.stringify(rest) };
}

test('DARTS (second order) resumes after kill -9 bit-identically', { timeout: 600_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'nasflow-darts-resume-'));
  try {
    const whole = run(join(dir, 'a.bin'));
    assert.equal(whole.resumed, null);
    const file = join(dir, 'b.bin');
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, file, 'wasm'], { stdio: 'ignore' });
    const exited = new Promise((r) => child.on('exit', r));
    // The first checkpoint lands after step 1 of epoch 1: kill as soon as it is there.
    await new Promise<void>((resolve, reject) => {
      const timer = setInterval(() => {
        if (existsSync(file)) {
          clearInterval(timer);
          child.kill('SIGKILL');
          resolve();
        }
      }, 20);
      child.on('exit', () => {
        clearInterval(timer);
        if (!existsSync(file)) reject(new Error('child exited before its first checkpoint'));
      });
    });
    await exited;
    const resumed = run(file);
    assert.ok(resumed.resumed, 'the restarted run resumed from the checkpoint');
    assert.equal(resumed.rest, whole.rest, 'history, α and weights bit-identical');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
