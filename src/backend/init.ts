// Contract: initBackend(choice) makes one TF.js backend current in this thread and returns what
// was chosen and why ({ name, reason, tfjsVersion, threads }); it also prints that line to stderr.
// `auto` prefers @tensorflow/tfjs-node-gpu, then @tensorflow/tfjs-node (both optional, detected by
// dynamic import and never required), then wasm, then cpu. Whatever backend ends current, nasflow's
// own kernels (wasm gradients, fused helpers) are registered for it first, autodiff saves tensors
// without a tape node each (lean-saves.ts) and its backward frees as it goes (lean-gradients.ts).
// Each worker thread calls this once for its own backend: nothing here is shared across threads.
//
// This room is the only place that imports backend packages or registers kernels.

import * as tf from '@tensorflow/tfjs-core';
// tfjs-core's Node entry registers no gradients, and its register_all_gradients module is not
// loadable by Node's ESM resolver (directory imports). tfjs-layers' Node bundle registers all of
// them into the global gradient registry tfjs-core reads; without it autodiff fails with
// "gradient function not found".
import '@tensorflow/tfjs-layers';
import '@tensorflow/tfjs-backend-cpu';
import { NasflowError } from '../core/errors.js';
import { type BackendChoice, type BackendName, resolveChoice } from './choice.js';
import { initWasm } from './wasm.js';
import { registerNasflowKernels } from './kernels/register.js';
import { useLeanGradients } from './lean-gradients.js';
import { useLeanSaves } from './lean-saves.js';

export interface BackendInfo {
  name: BackendName;
  /** Human-readable: which choice, from where, and why this backend (e.g. what was missing). */
  reason: string;
  tfjsVersion: string;
  /** Threads the backend computes with (wasm runs one in Node; cpu is single-threaded JS). */
  threads: number;
}

/** Failure to make a requested backend current (package missing, wasm binary not loadable). */
export class BackendError extends NasflowError {
  constructor(readonly backend: string, detail: string) {
    super('E_BACKEND', `backend ${backend}: ${detail}`);
  }
}

// Dynamic import through a variable so bundlers and tsc never try to resolve the optional packages.
async function tryImport(pkg: string): Promise<boolean> {
  try {
    await import(/* @vite-ignore */ pkg);
    return true;
  } catch {
    return false;
  }
}

async function initTensorflow(): Promise<{ ok: boolean; detail: string }> {
  for (const pkg of ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node']) {
    if ((await tryImport(pkg)) && (await tf.setBackend('tensorflow'))) return { ok: true, detail: `${pkg} loaded` };
  }
  return { ok: false, detail: '@tensorflow/tfjs-node-gpu and @tensorflow/tfjs-node are not installed' };
}

async function activate(name: BackendName): Promise<{ ok: boolean; detail: string }> {
  if (name === 'tensorflow') return initTensorflow();
  if (name === 'wasm') return initWasm();
  const ok = await tf.setBackend('cpu');
  // The cpu backend prints a "install tfjs-node" banner on first use; our own log line already
  // says which backend runs and why, so silence it.
  if (ok) (tf.backend() as { firstUse?: boolean }).firstUse = false;
  return { ok, detail: 'pure-JS reference backend' };
}

export async function initBackend(configured: BackendChoice | string = 'auto', log: (line: string) => void = (l) => process.stderr.write(l + '\n')): Promise<BackendInfo> {
  const { choice, source } = resolveChoice(configured);
  registerNasflowKernels();
  let name: BackendName | undefined;
  let reason = '';
  if (choice === 'auto') {
    const skipped: string[] = [];
    for (const candidate of ['tensorflow', 'wasm', 'cpu'] as const) {
      const r = await activate(candidate);
      if (r.ok) {
        name = candidate;
        reason = `auto (${source}): ${r.detail}${skipped.length ? `; skipped ${skipped.join('; ')}` : ''}`;
        break;
      }
      skipped.push(`${candidate}: ${r.detail}`);
    }
    if (!name) throw new BackendError('auto', `no backend could start: ${skipped.join('; ')}`);
  } else {
    const r = await activate(choice);
    if (!r.ok) throw new BackendError(choice, r.detail);
    name = choice;
    reason = `requested (${source}): ${r.detail}`;
  }
  await tf.ready();
  useLeanSaves();
  useLeanGradients();
  const threads = name === 'wasm' ? (await import('./wasm.js')).wasmThreads() : 1;
  const info: BackendInfo = { name, reason, tfjsVersion: tf.version_core, threads };
  log(`nasflow backend: ${name} (${reason}; tfjs ${info.tfjsVersion}, ${threads} thread${threads === 1 ? '' : 's'})`);
  return info;
}
