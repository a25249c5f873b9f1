// What every job kind checks before it runs: the submitting checkout's code hash equals this
// worker's (other code could give another result) and the backend the stage resolved is the one
// this process computes on (never re-chosen). Both are resolved once per process.
import { join } from 'node:path';
import { codeHash } from '../artifacts/code-hash.js';
import { initBackend } from '../backend/index.js';
import { NasflowError } from '../core/errors.js';

const ROOT = join(import.meta.dirname, '..', '..');
let backend: Promise<string> | null = null;
let code: string | null = null;

/** The job's config carries `code` (the submitter's code hash) and `backend`. */
export async function checkJobEnvironment(label: string | undefined, c: { code: string; backend: string }): Promise<void> {
  code ??= codeHash(ROOT);
  if (c.code !== code) throw new NasflowError('E_JOB_CODE', `${label}: submitted by code ${c.code.slice(0, 12)}, this worker runs ${code.slice(0, 12)} (${ROOT}); update the worker's checkout`);
  backend ??= initBackend(c.backend, () => {}).then((b) => b.name);
  const got = await backend;
  if (got !== c.backend) throw new NasflowError('E_JOB_BACKEND', `${label}: the job needs backend ${c.backend}, this worker runs ${got}`);
}
