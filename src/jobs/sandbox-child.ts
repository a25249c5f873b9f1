// The sandboxed process of one job (sandbox.ts): reads { job, storeDir, worker, attempt } over IPC,
// runs executeJob — the same code as the local executor's threads — and sends back progress and
// the result. If its worker dies (kill -9), the watchdog ends this process too, so an orphan never
// trains on beside the worker that takes the job over.
import { getOneMessage, sendMessage } from 'execa';
import { NasflowError } from '../core/errors.js';
import { watchRun } from '../pipeline/watchdog.js';
import { executeJob } from './execute.js';
import type { Job } from './job.js';
import { ContentStore } from './store.js';
import './register-all.js';

watchRun('nasflow job', [process.ppid], 500);
const m = (await getOneMessage()) as { job: Job; storeDir: string; worker: string; attempt: number };
let last = 0;
const progress = (fraction: number): void => {
  const now = Date.now();
  if (now - last < 1000) return;
  last = now;
  void sendMessage({ kind: 'progress', fraction });
};
let code = 0;
try {
  const result = await executeJob(m.job, new ContentStore(m.storeDir), { worker: m.worker, attempt: m.attempt, log: (s) => void process.stderr.write(`${m.worker}: ${s}\n`), progress });
  await sendMessage({ kind: 'done', result } as never);
} catch (e) {
  await sendMessage({ kind: 'failed', code: e instanceof NasflowError ? e.code : 'E_JOB', message: e instanceof Error ? e.message : String(e) });
  code = 1;
}
// Done: leave even if a handle (the IPC channel, a backend) would keep the process alive.
process.exit(code);
