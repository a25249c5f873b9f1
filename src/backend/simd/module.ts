// Contract: simdFor(backend) returns nasflow's SIMD kernels instantiated against that
// tfjs-backend-wasm instance's own heap, once per backend instance (a worker thread with its own
// backend gets its own instance). addressOf(backend, tensor) gives a tensor's byte address in
// that heap; kernels read inputs and write outputs there in place.
// Which build runs (kernelVariant(), chosen once per thread, the same in every thread of a process):
//   fma   kernels-fma.wasm: fused multiply-adds, when this runtime has relaxed SIMD and the CPU
//         fuses (probed: a sum whose fused and unfused roundings differ)
//   simd  kernels.wasm: separate multiply and add; also when NASFLOW_FMA=0 (the bits of nasflow
//         before fused kernels, identical on every machine)
// Node 20's V8 (11.3) has relaxed SIMD behind --experimental-wasm-relaxed-simd, which it accepts
// at run time (node:v8 setFlagsFromString) until a module needs it; later V8s have it on.

import type { TensorInfo } from '@tensorflow/tfjs-core';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
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

export type KernelVariant = 'simd' | 'fma';
export const KERNEL_FILES: Record<KernelVariant, string> = {
  simd: fileURLToPath(new URL('./kernels.wasm', import.meta.url)),
  fma: fileURLToPath(new URL('./kernels-fma.wasm', import.meta.url)),
};
export interface KernelChoice {
  variant: KernelVariant;
  /** Why this build, in words (for the backend's log line). */
  reason: string;
}

/** A build with its compiled module. */
export type KernelBuild = KernelChoice & { module: WebAssembly.Module };

let chosen: KernelBuild | undefined;
const instances = new WeakMap<object, SimdKernels>();

// gemm of one row over K = 2: (-1)(1 + 2^-11) + (1 + 2^-12)^2 is exactly 2^-24. Fused, the sum is
// rounded once and keeps it; unfused, (1 + 2^-12)^2 rounds to 1 + 2^-11 first and the sum is 0.
function fuses(mod: WebAssembly.Module): boolean {
  const memory = new WebAssembly.Memory({ initial: 1 });
  const k = new WebAssembly.Instance(mod, { env: { memory } }).exports as unknown as SimdKernels;
  const f = new Float32Array(memory.buffer);
  const [u, v] = [1 + 2 ** -11, 1 + 2 ** -12];
  f.set([-1, v, u, u, u, u, v, v, v, v]);
  k.gemm(0, 8, 40, 1, 2, 4);
  return f[10] === 2 ** -24;
}

function relaxedSimd(bin: Uint8Array<ArrayBuffer>): boolean {
  if (WebAssembly.validate(bin)) return true;
  try {
    setFlagsFromString('--experimental-wasm-relaxed-simd');
  } catch {
    return false;
  }
  return WebAssembly.validate(bin);
}

/** The environment variable that, set to 0, keeps the plain build. */
export const FMA_ENV = 'NASFLOW_FMA';

/** Which build to run under this environment, with its compiled module (kernelVariant caches it per thread). */
export function chooseKernels(env: Record<string, string | undefined> = process.env): KernelBuild {
  const plain = (reason: string): KernelBuild => ({ variant: 'simd', reason, module: new WebAssembly.Module(readFileSync(KERNEL_FILES.simd)) });
  if (env[FMA_ENV]?.trim() === '0') return plain(`${FMA_ENV}=0: separate multiply and add`);
  const bin = new Uint8Array(readFileSync(KERNEL_FILES.fma));
  if (!relaxedSimd(bin)) return plain('this runtime has no relaxed SIMD: separate multiply and add');
  const module = new WebAssembly.Module(bin);
  if (!fuses(module)) return plain('this CPU does not fuse relaxed SIMD multiply-adds: separate multiply and add');
  return { variant: 'fma', reason: 'fused multiply-add (relaxed SIMD)', module };
}

const chosenBuild = (): KernelBuild => (chosen ??= chooseKernels());

/** Which kernel build this thread runs, and why (chosen on first use). */
export function kernelVariant(): KernelChoice {
  const { variant, reason } = chosenBuild();
  return { variant, reason };
}

// bench/kernel-ab.ts only: another build this thread runs instead of the chosen one, with its
// own instances, so both builds can be timed alternately in one process on the same model.
let substitute: { module: WebAssembly.Module; instances: WeakMap<object, SimdKernels> } | null = null;

/** Benchmarks only: run this thread's kernels from `choice` (a chooseKernels result) instead of the chosen build; null goes back. */
export function runKernelsFrom(choice: { module: WebAssembly.Module } | null): void {
  substitute = choice ? { module: choice.module, instances: new WeakMap() } : null;
}

function instantiate(mod: WebAssembly.Module, backend: WasmBackendLike): SimdKernels {
  const memory = backend.wasm.asm?.memory;
  if (!(memory instanceof WebAssembly.Memory)) {
    throw new NasflowError('E_BACKEND', 'tfjs-backend-wasm does not expose its heap (wasm.asm.memory); nasflow kernels need @tensorflow/tfjs-backend-wasm 4.22.0');
  }
  return new WebAssembly.Instance(mod, { env: { memory } }).exports as unknown as SimdKernels;
}

export function simdFor(backend: WasmBackendLike): SimdKernels {
  const pool = substitute ? substitute.instances : instances;
  let k = pool.get(backend);
  if (k) return k;
  k = instantiate(substitute ? substitute.module : chosenBuild().module, backend);
  pool.set(backend, k);
  return k;
}

export function addressOf(backend: WasmBackendLike, t: TensorInfo): number {
  const d = backend.dataIdMap.get(t.dataId);
  if (!d) throw new NasflowError('E_BACKEND', `tensor ${t.shape.join('x')} is not on the wasm backend`);
  return d.memoryOffset;
}
