// Contract: simdFor(backend) returns nasflow's SIMD kernels (kernels.wasm) instantiated against
// that tfjs-backend-wasm instance's own heap, once per backend instance (a worker thread with its
// own backend gets its own instance). addressOf(backend, tensor) gives a tensor's byte address in
// that heap; kernels read inputs and write outputs there in place.

import type { TensorInfo } from '@tensorflow/tfjs-core';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { NasflowError } from '../../core/errors.js';

type Kernel = (...args: number[]) => void;
export interface SimdKernels {
  dwForward: Kernel;
  dwFilterGrad: Kernel;
  dwInputGrad: Kernel;
  dwFilterGradMul: Kernel;
  dwInputGradMul: Kernel;
  convFilterGrad: Kernel;
  conv1x1FilterGrad: Kernel;
  gemm: Kernel;
  transpose2d: Kernel;
  channelStats: Kernel;
  channelDot: Kernel;
  affine: Kernel;
  affine2: Kernel;
  clampGrad: Kernel;
  bnGradSums: Kernel;
  bnGradInput: Kernel;
  bnForward: Kernel;
  bnBackward: Kernel;
  mixAcc: Kernel;
  scaleDot: (...args: number[]) => number;
  sgd: Kernel;
  lerp: Kernel;
}

/** The parts of tfjs-backend-wasm's BackendWasm (4.22.0) this room relies on. */
export interface WasmBackendLike {
  wasm: { asm?: { memory?: WebAssembly.Memory } };
  dataIdMap: { get(dataId: object): { memoryOffset: number } | undefined };
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
  disposeData(dataId: object, force?: boolean): boolean;
}

let compiled: WebAssembly.Module | undefined;
const instances = new WeakMap<object, SimdKernels>();

function module(): WebAssembly.Module {
  compiled ??= new WebAssembly.Module(readFileSync(fileURLToPath(new URL('./kernels.wasm', import.meta.url))));
  return compiled;
}

export function simdFor(backend: WasmBackendLike): SimdKernels {
  let k = instances.get(backend);
  if (k) return k;
  const memory = backend.wasm.asm?.memory;
  if (!(memory instanceof WebAssembly.Memory)) {
    throw new NasflowError('E_BACKEND', 'tfjs-backend-wasm does not expose its heap (wasm.asm.memory); nasflow kernels need @tensorflow/tfjs-backend-wasm 4.22.0');
  }
  k = new WebAssembly.Instance(module(), { env: { memory } }).exports as unknown as SimdKernels;
  instances.set(backend, k);
  return k;
}

export function addressOf(backend: WasmBackendLike, t: TensorInfo): number {
  const d = backend.dataIdMap.get(t.dataId);
  if (!d) throw new NasflowError('E_BACKEND', `tensor ${t.shape.join('x')} is not on the wasm backend`);
  return d.memoryOffset;
}
