// Contract: initWasm() makes the wasm backend current, loading its .wasm binaries from the
// installed @tensorflow/tfjs-backend-wasm package on disk (no network, no bundler). It never
// throws for a missing/broken binary: it returns { ok: false, detail } so `auto` can fall back.
// wasmThreads() reports XNNPACK's thread count (1 in Node: the threaded build needs browser
// workers, so tfjs-backend-wasm loads its single-threaded SIMD binary there). The detail names the
// build of nasflow's own kernels (simd/module.ts: fused multiply-add or not).

import * as tf from '@tensorflow/tfjs-core';
import { getThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import path from 'node:path';
import { kernelVariant } from './simd/module.js';

let pathsSet = false;

/** Directory of the package's .wasm files, as a prefix ending in a separator (what setWasmPaths wants). */
export function wasmBinaryDir(): string {
  const require = createRequire(import.meta.url);
  return path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')) + path.sep;
}

export async function initWasm(): Promise<{ ok: boolean; detail: string }> {
  try {
    if (!pathsSet) {
      setWasmPaths(wasmBinaryDir());
      pathsSet = true;
    }
    const ok = await tf.setBackend('wasm');
    if (!ok) return { ok: false, detail: 'tfjs-backend-wasm failed to initialise' };
    const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
    return { ok: true, detail: `tfjs-backend-wasm ${simd ? 'SIMD' : 'scalar'} binary from node_modules; nasflow kernels: ${kernelVariant().reason}` };
  } catch (e) {
    return { ok: false, detail: `tfjs-backend-wasm could not load: ${(e as Error).message ?? String(e)}` };
  }
}

export function wasmThreads(): number {
  try {
    return Math.max(1, getThreadsCount());
  } catch {
    return 1;
  }
}
