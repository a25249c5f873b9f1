// Worker-thread entry of the retrain pool: initialises its own backend (wasm runs one thread per
// instance, so each worker is one more core at work), loads the data once, then runs the jobs the
// pool sends, one at a time. Messages: in {setup} then {job}; out {log} | {done} | {failed}.
import { parentPort, workerData } from 'node:worker_threads';
import { initBackend } from '../backend/index.js';
import type { NormalizedSpace } from '../spaces/normalize.js';
import { loadRetrainData } from './data.js';
import { type JobInput, runJob } from './job.js';

interface Setup {
  backend: string;
  dataDir: string;
  space: NormalizedSpace;
}

const port = parentPort!;
const log = (msg: string): void => port.postMessage({ kind: 'log', msg });
const setup = workerData as Setup;
await initBackend(setup.backend, () => {});
const data = loadRetrainData(setup.dataDir, setup.space);
port.on('message', (input: JobInput) => {
  runJob(input, data, log).then(
    (out) => port.postMessage({ kind: 'done', out }),
    (e: unknown) => port.postMessage({ kind: 'failed', message: e instanceof Error ? e.message : String(e) }),
  );
});
port.postMessage({ kind: 'ready' });
