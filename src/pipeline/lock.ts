// One pipeline run per artifacts directory. artifacts/.lock (JSON) names the run that holds it
// (run id and owner pid, see run-id.ts), when it started and the stages of it now running. A
// stage of the holding run joins it; a stage of any other run is refused at once with a LockError
// naming the holder; a lock whose owner process is dead is taken over. Every read-modify-write of
// the lock happens under a mutex directory (mkdir is atomic), so two runs starting together cannot
// both win. A run owned by turbo keeps the lock until turbo exits (stages of one run come and go);
// a stage run on its own releases it when it ends.
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NasflowError } from '../core/errors.js';
import { alive, type RunIdentity } from './run-id.js';

export const LOCK_FILE = '.lock';

export interface LockDoc {
  runId: string;
  owner: RunIdentity['owner'];
  ownerPid: number;
  startedAt: string;
  stages: { stage: string; pid: number; startedAt: string }[];
}

export class LockError extends NasflowError {
  constructor(
    readonly file: string,
    readonly holder: LockDoc,
  ) {
    const running = holder.stages.filter((s) => alive(s.pid));
    const what = running.length ? `running ${running.map((s) => `${s.stage} (pid ${s.pid}, since ${s.startedAt})`).join(', ')}` : 'between stages';
    super(
      'E_LOCKED',
      `${file}: this artifacts directory is in use by another pipeline run — ${holder.owner} pid ${holder.ownerPid}, started ${holder.startedAt}, ${what}. ` +
        `Two runs on one artifacts directory would mix their outputs. Wait for it to finish, or stop it (kill ${holder.ownerPid}) and run again; ` +
        `a lock left by a dead process is taken over automatically.`,
    );
  }
}

const sleep = (ms: number): void => void Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
const ownerAlive = (d: LockDoc): boolean => alive(d.ownerPid, d.runId.split(':')[2] ?? '');

/** Runs `fn` holding artifacts/.lock.mutex; a mutex older than 10 s is left by a dead process and removed. */
function withMutex<T>(dir: string, fn: () => T): T {
  const mutex = join(dir, `${LOCK_FILE}.mutex`);
  for (let tries = 0; ; tries++) {
    try {
      mkdirSync(mutex);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      try {
        if (Date.now() - statSync(mutex).mtimeMs > 10_000) rmSync(mutex, { recursive: true, force: true });
      } catch {
        // removed by its holder meanwhile
      }
      if (tries > 1000) throw new NasflowError('E_LOCKED', `${mutex}: could not take the lock mutex for 10 s`);
      sleep(10);
    }
  }
  try {
    return fn();
  } finally {
    rmSync(mutex, { recursive: true, force: true });
  }
}

function read(file: string): LockDoc | null {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as LockDoc;
  } catch {
    return null; // absent, or unreadable (a writer died mid-write): nobody holds it
  }
}

function write(file: string, doc: LockDoc): void {
  writeFileSync(`${file}.${process.pid}`, `${JSON.stringify(doc, null, 2)}\n`);
  renameSync(`${file}.${process.pid}`, file);
}

export interface HeldLock {
  /** The previous holder when it was dead and taken over. */
  tookOver: LockDoc | null;
  release(): void;
}

/** Joins or takes the lock of `dir` for one stage of run `id`; throws LockError when another live run holds it. */
export function acquireLock(dir: string, id: RunIdentity, stage: string): HeldLock {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, LOCK_FILE);
  const entry = { stage, pid: process.pid, startedAt: new Date().toISOString() };
  const tookOver = withMutex(dir, () => {
    const cur = read(file);
    if (cur && cur.runId === id.runId) {
      write(file, { ...cur, stages: [...cur.stages.filter((s) => alive(s.pid)), entry] });
      return null;
    }
    if (cur && ownerAlive(cur)) throw new LockError(file, cur);
    write(file, { runId: id.runId, owner: id.owner, ownerPid: id.ownerPid, startedAt: entry.startedAt, stages: [entry] });
    return cur;
  });
  return {
    tookOver,
    release: () =>
      withMutex(dir, () => {
        const cur = read(file);
        if (!cur || cur.runId !== id.runId) return;
        if (id.owner === 'stage') rmSync(file, { force: true });
        else write(file, { ...cur, stages: cur.stages.filter((s) => s.pid !== process.pid) });
      }),
  };
}
