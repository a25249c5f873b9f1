// The content store every executor and worker reads and writes: a directory (local, or shared by
// all machines: NFS, a mounted bucket) that holds
//   blobs/<aa>/<sha256>      bytes named by their sha256, written atomically (temp file + rename)
//   results/<job id>.json    job results (job.ts), written after their blobs
//   inputs/<key>/            a job's inputs laid out under their names, verified once
//   work/<job id>/           a running job's checkpoints, so another worker can resume it
// Every read of a blob re-hashes it: bytes that do not match their name are refused
// (StoreIntegrityError), so a corrupt or tampered file never reaches a stage.
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { threadId } from 'node:worker_threads';
import { NasflowError } from '../core/errors.js';
import { hashJson, sha256 } from '../core/hash.js';
import { checkResult, type Job, jobId, type JobResult } from './job.js';

/** Where the store is: NASFLOW_STORE, else artifacts/.store under the project root. */
export function storeDir(root: string): string {
  return resolve(root, process.env.NASFLOW_STORE || join('artifacts', '.store'));
}

export class StoreIntegrityError extends NasflowError {
  constructor(
    readonly file: string,
    readonly expected: string,
    readonly found: string,
  ) {
    super('E_STORE_INTEGRITY', `${file}: refused, its bytes do not match their name: sha256 expected ${expected}, found ${found}`);
  }
}

let seq = 0;
// Unique per writer: worker threads share the pid, each has its own counter (and threadId).
const tmpTag = (): string => `tmp-${process.pid}-${threadId}-${seq++}`;
function atomicWrite(file: string, bytes: Uint8Array | string): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${tmpTag()}`;
  writeFileSync(tmp, bytes);
  renameSync(tmp, file);
}

export class ContentStore {
  constructor(readonly dir: string) {}

  blobFile(hash: string): string {
    if (!/^[0-9a-f]{64}$/.test(hash)) throw new NasflowError('E_STORE', `${this.dir}: "${hash}" is not a sha256`);
    return join(this.dir, 'blobs', hash.slice(0, 2), hash);
  }

  put(bytes: Uint8Array): string {
    const hash = sha256(bytes);
    const file = this.blobFile(hash);
    if (!existsSync(file)) atomicWrite(file, bytes);
    return hash;
  }

  putFile(file: string): string {
    return this.put(readFileSync(file));
  }

  /** The blob's bytes, re-hashed: refused when they do not match the name. */
  get(hash: string): Buffer {
    const file = this.blobFile(hash);
    if (!existsSync(file)) throw new NasflowError('E_STORE', `${file}: blob missing from the store (do all workers share NASFLOW_STORE?)`);
    const bytes = readFileSync(file);
    const found = sha256(bytes);
    if (found !== hash) throw new StoreIntegrityError(file, hash, found);
    return bytes;
  }

  resultFile(id: string): string {
    return join(this.dir, 'results', `${id}.json`);
  }

  /** The job's result if one is stored, checked against the job and every output blob; null if none. */
  result(job: Job): JobResult | null {
    const file = this.resultFile(jobId(job));
    if (!existsSync(file)) return null;
    const r = checkResult(job, JSON.parse(readFileSync(file, 'utf8')) as JobResult, file);
    for (const hash of Object.values(r.outputs)) this.get(hash);
    return r;
  }

  putResult(r: JobResult): void {
    atomicWrite(this.resultFile(r.job), `${JSON.stringify(r, null, 1)}\n`);
  }

  /** Writes a result's outputs under `dir` (verified blobs). */
  materialise(r: JobResult, dir: string): void {
    for (const [rel, hash] of Object.entries(r.outputs)) atomicWrite(join(dir, rel), this.get(hash));
  }

  /** A directory holding the inputs under their names, laid out (and verified) once per input set. */
  inputsDir(inputs: Record<string, string>): string {
    const dir = join(this.dir, 'inputs', hashJson(inputs));
    if (existsSync(join(dir, '.complete'))) return dir;
    const tmp = `${dir}.${tmpTag()}`;
    for (const [name, hash] of Object.entries(inputs)) atomicWrite(join(tmp, name), this.get(hash));
    writeFileSync(join(tmp, '.complete'), '');
    try {
      renameSync(tmp, dir);
    } catch {
      rmSync(tmp, { recursive: true, force: true }); // another worker laid it out first
    }
    return dir;
  }

  workDir(id: string): string {
    return join(this.dir, 'work', id);
  }

  /** Every file under `dir`, put as blobs: relative path → sha256 (sorted). */
  putTree(dir: string, prefix = ''): Record<string, string> {
    const out: Record<string, string> = {};
    for (const e of readdirSync(join(dir, prefix), { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const rel = prefix ? `${prefix}/${e.name}` : e.name;
      if (e.isDirectory()) Object.assign(out, this.putTree(dir, rel));
      else out[rel] = this.putFile(join(dir, rel));
    }
    return out;
  }
}

