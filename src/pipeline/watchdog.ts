// A stage stops when its run is over. When turbo (or the stage's parent) is killed, the stage
// process — several processes down (npm → sh → tsx → node) — would otherwise go on training as an
// orphan. A worker thread checks every second that every process between the stage and its run's
// owner is alive (run-id.ts); when one is gone it prints why on fd 2 and ends the stage with
// SIGKILL. A thread, because the training loops are synchronous and starve the main event loop;
// SIGKILL, because it needs no JS handler to run. A stage killed this way is exactly a kill -9:
// its checkpoint is intact (written atomically), its temp directory is removed by the next run.
import { Worker } from 'node:worker_threads';

const WATCH = `
const { workerData: w } = require('node:worker_threads');
const { writeSync } = require('node:fs');
const dead = (pid) => { try { process.kill(pid, 0); return false; } catch (e) { return e.code !== 'EPERM'; } };
setInterval(() => {
  const gone = w.chain.find(dead);
  if (gone === undefined && process.ppid === w.ppid) return;
  try { writeSync(2, w.stage + ': the run that started this stage has ended (process ' + (gone ?? w.ppid) + ' is gone); stopping. Run it again to resume from its last checkpoint.\\n'); } catch {}
  process.kill(w.self, 'SIGKILL');
}, w.everyMs);
`;

/** Starts the watchdog for `chain` (ancestor pids up to the run's owner); unref'd, it never keeps the process alive. */
export function watchRun(stage: string, chain: number[], everyMs = 1000): Worker | null {
  if (chain.length === 0) return null;
  const w = new Worker(WATCH, { eval: true, workerData: { stage, chain, ppid: process.ppid, self: process.pid, everyMs }, stdout: false, stderr: false });
  w.unref();
  return w;
}
