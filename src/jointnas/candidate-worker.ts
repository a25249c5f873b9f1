// Worker-thread entry of the candidate pool (candidate-pool.ts): initialises its own backend, loads
// the data once, then trains the candidates the pool sends, one at a time. Messages: in
// {job, name}; out {log} | {done, out} | {failed, message}.
import { parentPort, workerData } from 'node:worker_threads';
import { initBackend } from '../backend/index.js';
import { loadRetrainData } from '../retrain/data.js';
import { type CandidateJob, trainCandidate } from './candidate.js';
import type { CandidateSetup } from './candidate-pool.js';

const port = parentPort!;
const setup = workerData as CandidateSetup;
await initBackend(setup.backend, () => {});
const data = loadRetrainData(setup.dataDir, setup.space);
const ctx = { space: setup.space, data, base: setup.base, workDir: setup.workDir, runKey: setup.runKey, log: (msg: string) => port.postMessage({ kind: 'log', msg }) };
port.on('message', (m: { job: CandidateJob; name: string }) => {
  try {
    port.postMessage({ kind: 'done', out: trainCandidate(ctx, m.job, m.name) });
  } catch (e) {
    port.postMessage({ kind: 'failed', message: e instanceof Error ? e.message : String(e) });
  }
});
port.postMessage({ kind: 'ready' });
