// Contract: turns a requested backend name (config value, overridden by NASFLOW_BACKEND) into one
// of the four names nasflow knows, or throws a RegistryError naming the bad value. Pure: no
// imports of backend packages here, so config validation can use it without loading TF.js.

import { RegistryError } from '../core/errors.js';

export const BACKEND_CHOICES = ['auto', 'tensorflow', 'wasm', 'cpu'] as const;
export type BackendChoice = (typeof BACKEND_CHOICES)[number];

/** The TF.js backend names a choice can end in (tfjs-node and tfjs-node-gpu both register 'tensorflow'). */
export type BackendName = 'tensorflow' | 'wasm' | 'cpu';

export const BACKEND_ENV = 'NASFLOW_BACKEND';

function isChoice(v: string): v is BackendChoice {
  return (BACKEND_CHOICES as readonly string[]).includes(v);
}

/**
 * The choice that applies: the env override when set and non-empty (so a user can rerun one stage
 * on another backend without editing its config), else the configured one.
 */
export function resolveChoice(configured: string, env: NodeJS.ProcessEnv = process.env): { choice: BackendChoice; source: string } {
  const fromEnv = env[BACKEND_ENV]?.trim();
  const raw = fromEnv ? fromEnv : configured;
  const source = fromEnv ? `env ${BACKEND_ENV}` : 'config';
  if (!isChoice(raw)) {
    throw new RegistryError('backend', raw, `unknown backend (from ${source}); expected one of ${BACKEND_CHOICES.join(', ')}`);
  }
  return { choice: raw, source };
}
