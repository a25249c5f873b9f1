// FBNetV3 resumes after kill -9: a candidate training killed once a mid-training checkpoint is on
// disk, and the predictor-scored evolution killed mid-generation, each restarted, end
// bit-identical to an uninterrupted run (val loss per epoch, the evolution's whole state); a
// finished candidate is returned from its cached result.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';

const CHILD = join(import.meta.dirname, 'helpers', 'jointnas-child.ts');
const run = (mode: string, path: string, out: string) => execa(process.execPath, ['--import', 'tsx', CHILD, mode, path, out], { stdio: 'ignore', reject: false, env: { NASFLOW_PROGRESS: '0' } });

async function killWhen(child: ReturnType<typeof run>, ready: () => boolean): Promise<void> {
  while (child.exitCode === null) {
    if (ready()) {
      child.kill('SIGKILL');
      break;
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  assert.equal((await child).signal, 'SIGKILL', 'killed before it finished');
}

test('a candidate training killed mid-run resumes bit-identical; a finished one comes from its cache', { timeout: 180_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'nasflow-jointnas-'));
  try {
    assert.equal((await run('candidate', join(dir, 'a'), join(dir, 'a.json'))).exitCode, 0);
    const reference = readFileSync(join(dir, 'a.json'), 'utf8');
    const b = join(dir, 'b');
    await killWhen(run('candidate', b, join(dir, 'b.json')), () => existsSync(b) && readdirSync(b).some((f) => f.endsWith('.ckpt')));
    assert.ok(!readdirSync(b).some((f) => f.endsWith('.json')), 'no result yet');
    assert.equal((await run('candidate', b, join(dir, 'b.json'))).exitCode, 0);
    assert.equal(readFileSync(join(dir, 'b.json'), 'utf8'), reference, 'same val loss and top-1 per epoch');
    assert.ok(!readdirSync(b).some((f) => f.endsWith('.ckpt')), 'the checkpoint is removed once the result is written');
    assert.equal((await run('candidate', b, join(dir, 'c.json'))).exitCode, 0);
    assert.equal(readFileSync(join(dir, 'c.json'), 'utf8'), reference, 'the cached result');
    assert.equal(JSON.parse(reference).curve.length, 3, 'the recipe\'s 3 epochs, not the base 2');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the predictor evolution killed mid-generation resumes to the same final state', { timeout: 180_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'nasflow-jointnas-evo-'));
  try {
    assert.equal((await run('evolution', join(dir, 'a-state.json'), join(dir, 'a.json'))).exitCode, 0);
    const reference = JSON.parse(readFileSync(join(dir, 'a.json'), 'utf8')) as { resumed: boolean; state: unknown; winners: unknown };
    const file = join(dir, 'b-state.json');
    await killWhen(run('evolution', file, join(dir, 'b.json')), () => {
      if (!existsSync(file)) return false;
      const st = (JSON.parse(readFileSync(file, 'utf8')) as { state: { generation: number; memo: Record<string, number> } }).state;
      return st.generation >= 2 && Object.keys(st.memo).length > 0;
    });
    assert.equal((await run('evolution', file, join(dir, 'b.json'))).exitCode, 0);
    const resumed = JSON.parse(readFileSync(join(dir, 'b.json'), 'utf8')) as typeof reference;
    assert.ok(resumed.resumed, 'the rerun resumed from the checkpoint');
    assert.equal(JSON.stringify(resumed.state), JSON.stringify(reference.state), 'same evolution state, byte for byte');
    assert.equal(JSON.stringify(resumed.winners), JSON.stringify(reference.winners));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
