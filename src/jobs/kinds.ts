// The job kinds a worker can run: kind name → the code that runs it. Filled by explicit imports in
// register-all.ts and nowhere else; a worker refuses any other kind, so no code travels in a job —
// only data that a registered kind reads.
import { RegistryError } from '../core/errors.js';
import type { ContentStore } from './store.js';
import type { Job } from './job.js';

/** What a running job may use. Files written under `outDir` become the result's outputs. */
export interface JobEnv {
  store: ContentStore;
  /** The job's inputs laid out under their names (verified against their hashes). */
  inputsDir: string;
  /** Checkpoints: in the store, so a worker that takes over the job resumes from them. */
  workDir: string;
  outDir: string;
  log(msg: string): void;
  /** Fraction done, 0..1 (for progress across workers). */
  progress(fraction: number): void;
}

export interface KindOutcome {
  /** Deterministic: part of the result's digest (equal whichever executor ran the job). */
  data: unknown;
  /** Measured (timings, steps run after a resume): not part of the digest. */
  measured?: Record<string, unknown>;
}

export interface JobKind {
  kind: string;
  /** One line for `nasflow worker --help` and errors. */
  description: string;
  run(job: Job, env: JobEnv): Promise<KindOutcome>;
}

const kinds = new Map<string, JobKind>();

export function registerKind(k: JobKind): void {
  if (kinds.has(k.kind)) throw new RegistryError('job kind', k.kind, 'registered twice');
  kinds.set(k.kind, k);
}

export function jobKind(kind: string): JobKind {
  const k = kinds.get(kind);
  if (!k) throw new RegistryError('job kind', kind, `not a registered job kind (registered: ${[...kinds.keys()].join(', ') || 'none'})`);
  return k;
}

export function jobKinds(): JobKind[] {
  return [...kinds.values()];
}
