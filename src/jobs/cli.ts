// The `nasflow` command (bin/nasflow). Subcommands:
//   worker [--concurrency N] [--store DIR]   run queued jobs (NASFLOW_REDIS_URL, NASFLOW_STORE)
//   kinds                                    list the job kinds this checkout can run
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { REDIS_ENV } from './executor.js';
import { jobKinds } from './kinds.js';
import { storeDir } from './store.js';
import { runWorker } from './worker.js';
import './register-all.js';

const ROOT = join(import.meta.dirname, '..', '..');
const USAGE = `usage: nasflow worker [--concurrency N] [--store DIR]
       nasflow kinds
environment: ${REDIS_ENV} (required for worker), NASFLOW_STORE, NASFLOW_QUEUE, NASFLOW_JOB_ATTEMPTS, NASFLOW_LOCK_MS`;

const { values, positionals } = parseArgs({ allowPositionals: true, options: { concurrency: { type: 'string' }, store: { type: 'string' }, help: { type: 'boolean' } } });
const log = (msg: string): void => void process.stderr.write(`nasflow ${msg}\n`);
const cmd = positionals[0];
if (values.help || !cmd) {
  console.log(USAGE);
} else if (cmd === 'kinds') {
  for (const k of jobKinds()) console.log(`${k.kind}\t${k.description}`);
} else if (cmd === 'worker') {
  const url = process.env[REDIS_ENV];
  if (!url) {
    log(`worker: set ${REDIS_ENV} (redis://[:password@]host:port, rediss:// for TLS)`);
    process.exit(2);
  }
  const concurrency = Number(values.concurrency ?? 1);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > availableParallelism() * 4) {
    log(`worker: --concurrency ${values.concurrency}: expected an integer from 1 to ${availableParallelism() * 4}`);
    process.exit(2);
  }
  if (values.store) process.env.NASFLOW_STORE = resolve(values.store);
  await runWorker({ url, storeDir: storeDir(ROOT), concurrency, log });
} else {
  log(`unknown command "${cmd}"\n${USAGE}`);
  process.exit(2);
}
