// Worker-thread entry of the local executor: runs the jobs its executor posts, one at a time, with
// executeJob against the shared content store. Messages: out {ready} | {log} | {progress} | {done}
// | {failed}; in { job, worker }.
import { parentPort, workerData } from 'node:worker_threads';
import { executeJob } from './execute.js';
import type { Job } from './job.js';
import { ContentStore } from './store.js';
import './register-all.js';

const port = parentPort!;
const store = new ContentStore((workerData as { storeDir: string }).storeDir);
let lastProgress = 0;
port.on('message', ({ job, worker }: { job: Job; worker: string }) => {
  const progress = (fraction: number): void => {
    const now = Date.now();
    if (now - lastProgress < 1000 && fraction < 1) return;
    lastProgress = now;
    port.postMessage({ kind: 'progress', fraction });
  };
  executeJob(job, store, { worker, attempt: 1, log: (msg) => port.postMessage({ kind: 'log', msg }), progress }).then(
    (result) => port.postMessage({ kind: 'done', result }),
    (e: unknown) => port.postMessage({ kind: 'failed', message: e instanceof Error ? e.message : String(e) }),
  );
});
port.postMessage({ kind: 'ready' });
