// turbo.json derived from pipeline.yaml. A task's inputs are only files that exist before a run
// (its own config, the code, the schemas, the lockfile); upstream artifacts are never inputs —
// turbo hashes inputs once at run start, so invalidation flows through dependsOn instead.
import type { Pipeline } from '../types/generated.js';

/** Variables that change what a stage computes: part of the task hash. */
export const HASHED_ENV = ['NASFLOW_BACKEND', 'NASFLOW_FMA'];
/** TF/CUDA settings and where jobs run (Redis, queue, content store) reach the stages but do not change results. */
export const PASS_THROUGH_ENV = ['TF_*', 'CUDA_*', 'LD_LIBRARY_PATH', 'NASFLOW_PROGRESS', 'NO_COLOR', 'FORCE_COLOR', 'NASFLOW_REDIS_URL', 'NASFLOW_STORE', 'NASFLOW_QUEUE', 'NASFLOW_JOB_ATTEMPTS', 'NASFLOW_LOCK_MS'];
const CODE_INPUTS = ['src/**', 'schemas/**', 'package.json', 'package-lock.json', 'pipeline.yaml', 'tsconfig.json'];

export interface TurboJson {
  $schema: string;
  ui: 'stream';
  globalPassThroughEnv: string[];
  tasks: Record<string, { dependsOn: string[]; inputs: string[]; outputs: string[]; env: string[] }>;
}

export function turboJsonFor(p: Pipeline): TurboJson {
  const tasks: TurboJson['tasks'] = {};
  for (const [name, st] of Object.entries(p.stages)) {
    tasks[name] = {
      dependsOn: [...st.dependsOn],
      inputs: [st.entry, st.config, ...(st.inputs ?? []), ...CODE_INPUTS],
      outputs: [`artifacts/${name}/**`],
      env: HASHED_ENV,
    };
  }
  return { $schema: 'https://turbo.build/schema.json', ui: 'stream', globalPassThroughEnv: PASS_THROUGH_ENV, tasks };
}

/** The npm script turbo runs for a stage. */
export function scriptFor(entry: string): string {
  return `tsx ${entry}`;
}
