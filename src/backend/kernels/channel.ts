// Contract: nasflow's per-channel kernels for backend 'wasm' (names below), used by
// ../fused.ts, which falls back to stock tf ops on other backends. All take NHWC (or any
// [..., C]) float32 tensors, treat them as P rows of C channels, and have NO gradient: they are
// building blocks for closed-form custom gradients, never for autodiff.
//   NasflowChannelStats {x}            -> [mean, biased variance] over rows, [C] each
//   NasflowChannelDot   {dy, x, center} -> [sum dy, sum dy*(x-center)], [C] each
//   NasflowAffine       {x, a, b} attrs {lo, hi} -> clamp(x*a+b, lo, hi), shape of x
//   NasflowAffine2      {u, a, v, b, k} -> u*a + v*b + k, shape of u
//   NasflowClampGrad    {dy, y} attrs {lo, hi}  -> dy where lo < y < hi else 0
//   NasflowBnGradSums   {dy, y, x, center} attrs {lo, hi} -> [sum g, sum g*(x-center)], [C] each,
//                       with g = clampGrad(dy, y) never materialised
//   NasflowBnGradInput  {dy, y, x, a, k1, k2} attrs {lo, hi} -> g*a + x*k1 + k2, shape of x

import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { addressOf, simdFor, type WasmBackendLike } from '../simd/module.js';

type T = TensorInfo;
interface Args {
  inputs: Record<string, T>;
  backend: unknown;
  attrs: Record<string, unknown>;
}
const rows = (t: T): [number, number] => {
  const c = t.shape[t.shape.length - 1] ?? 1;
  return [t.shape.reduce((a, b) => a * b, 1) / c, c];
};
const input = (a: Args, k: string): T => {
  const t = a.inputs[k];
  if (!t) throw new Error(`missing input ${k}`);
  return t;
};

// A reduction has two [C] outputs and needs 6*C floats of scratch, borrowed as a short-lived
// heap tensor (heap allocations are 8-byte aligned, as the f64 totals need).
function reduce(a: Args, run: (b: WasmBackendLike, tail: number[], P: number, C: number) => void): T[] {
  const b = a.backend as WasmBackendLike;
  const [P, C] = rows(input(a, 'x'));
  const outA = b.makeOutput([C], 'float32');
  const outB = b.makeOutput([C], 'float32');
  const scratch = b.makeOutput([6 * C], 'float32');
  run(b, [P, C, addressOf(b, outA), addressOf(b, outB), addressOf(b, scratch)], P, C);
  b.disposeData(scratch.dataId, true);
  return [outA, outB];
}

const stats = (a: Args): T[] => reduce(a, (b, tail) => simdFor(b).channelStats(addressOf(b, input(a, 'x')), ...tail));

const dot = (a: Args): T[] =>
  reduce(a, (b, tail) => simdFor(b).channelDot(addressOf(b, input(a, 'dy')), addressOf(b, input(a, 'x')), addressOf(b, input(a, 'center')), ...tail));

function affine(a: Args): T {
  const b = a.backend as WasmBackendLike;
  const x = input(a, 'x');
  const [P, C] = rows(x);
  const out = b.makeOutput(x.shape, 'float32');
  const at = (k: string): number => addressOf(b, input(a, k));
  simdFor(b).affine(at('x'), at('a'), at('b'), P, C, a.attrs.lo as number, a.attrs.hi as number, addressOf(b, out));
  return out;
}

function affine2(a: Args): T {
  const b = a.backend as WasmBackendLike;
  const u = input(a, 'u');
  const [P, C] = rows(u);
  const out = b.makeOutput(u.shape, 'float32');
  const at = (k: string): number => addressOf(b, input(a, k));
  simdFor(b).affine2(at('u'), at('a'), at('v'), at('b'), at('k'), P, C, addressOf(b, out));
  return out;
}

function clampGrad(a: Args): T {
  const b = a.backend as WasmBackendLike;
  const dy = input(a, 'dy');
  const out = b.makeOutput(dy.shape, 'float32');
  const n = dy.shape.reduce((p, q) => p * q, 1);
  simdFor(b).clampGrad(addressOf(b, dy), addressOf(b, input(a, 'y')), n, a.attrs.lo as number, a.attrs.hi as number, addressOf(b, out));
  return out;
}

const bnGradSums = (a: Args): T[] =>
  reduce(a, (b, tail) => {
    const at = (k: string): number => addressOf(b, input(a, k));
    const [P, C, ...outs] = tail as [number, number, number, number, number];
    simdFor(b).bnGradSums(at('dy'), at('y'), at('x'), at('center'), P, C, a.attrs.lo as number, a.attrs.hi as number, ...outs);
  });

function bnGradInput(a: Args): T {
  const b = a.backend as WasmBackendLike;
  const x = input(a, 'x');
  const [P, C] = rows(x);
  const out = b.makeOutput(x.shape, 'float32');
  const at = (k: string): number => addressOf(b, input(a, k));
  simdFor(b).bnGradInput(at('dy'), at('y'), at('x'), at('a'), at('k1'), at('k2'), P, C, a.attrs.lo as number, a.attrs.hi as number, addressOf(b, out));
  return out;
}

const wasm = (kernelName: string, f: (a: Args) => T | T[]): KernelConfig => ({ kernelName, backendName: 'wasm', kernelFunc: f as unknown as KernelFunc });

export const channelKernels: KernelConfig[] = [
  wasm('NasflowChannelStats', stats),
  wasm('NasflowChannelDot', dot),
  wasm('NasflowAffine', affine),
  wasm('NasflowAffine2', affine2),
  wasm('NasflowClampGrad', clampGrad),
  wasm('NasflowBnGradSums', bnGradSums),
  wasm('NasflowBnGradInput', bnGradInput),
];
