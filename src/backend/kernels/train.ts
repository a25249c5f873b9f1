// Contract: nasflow's fused training kernels for backend 'wasm' (one tfjs call where the composite
// of tf ops they replace made 5-25, so that a 22-layer x 9-candidate supernet step is not spent in
// per-call overhead). Used through ../fused.ts, which falls back to stock ops elsewhere.
//   NasflowBatchNormTrain {x, gamma, beta} attrs {eps, lo, hi} -> [y, mean, variance]
//       y = clamp(BN(x) with this batch's statistics); mean/biased variance [C], no gradient
//   NasflowBatchNormGrad {dy, y, x, gamma, mean, variance} attrs {eps, lo, hi} -> [dx, dgamma, dbeta]
//   NasflowMix [m, y_0 .. y_{k-1}] attrs {active} -> out = Σ_j m[row, active_j] · y_j
//       m [rows, K] (rows 1: one weight per candidate; rows N: one per image), y_j [N, ...]
//   NasflowMixGrad [dy, m, y_0 ..] attrs {active} -> [dm [rows, K] (0 off active), dy·m_j for each j]
//   NasflowSgd [w0, b0, g0, w1, b1, g1, ...] attrs {lr, momentum, weightDecay} -> [w0', b0', w1', b1', ...]
//              (torch.optim.SGD per variable; every variable of an optimiser in one engine call: the
//              FBNet CIFAR supernet has 1,609)
//   NasflowMovingStats {mm, mv, mean, variance} attrs {momentum} -> [mm·μ + mean·(1−μ), mv·μ + variance·(1−μ)]
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { addressOf, simdFor, type WasmBackendLike } from '../simd/module.js';

type T = TensorInfo;
interface Args {
  inputs: Record<string, T> | T[];
  backend: unknown;
  attrs: Record<string, unknown>;
}
const size = (t: T): number => t.shape.reduce((a, b) => a * b, 1);
const rows = (t: T): [number, number] => {
  const c = t.shape[t.shape.length - 1] ?? 1;
  return [size(t) / c, c];
};
const named = (a: Args, k: string): T => {
  const t = (a.inputs as Record<string, T>)[k];
  if (!t) throw new Error(`missing input ${k}`);
  return t;
};
const num = (a: Args, k: string): number => a.attrs[k] as number;

/** Runs f with a short-lived heap scratch of n floats (8-byte aligned, as the f64 totals need). */
function withScratch<R>(b: WasmBackendLike, n: number, f: (addr: number) => R): R {
  const s = b.makeOutput([n], 'float32');
  try {
    return f(addressOf(b, s));
  } finally {
    b.disposeData(s.dataId, true);
  }
}

function bnTrain(a: Args): T[] {
  const b = a.backend as WasmBackendLike;
  const x = named(a, 'x');
  const [P, C] = rows(x);
  const [y, mean, variance] = [b.makeOutput(x.shape, 'float32'), b.makeOutput([C], 'float32'), b.makeOutput([C], 'float32')];
  const at = (t: T): number => addressOf(b, t);
  withScratch(b, 8 * C, (s) => simdFor(b).bnForward(at(x), at(named(a, 'gamma')), at(named(a, 'beta')), P, C, num(a, 'eps'), num(a, 'lo'), num(a, 'hi'), at(y), at(mean), at(variance), s));
  return [y, mean, variance];
}

function bnGrad(a: Args): T[] {
  const b = a.backend as WasmBackendLike;
  const x = named(a, 'x');
  const [P, C] = rows(x);
  const [dx, dgamma, dbeta] = [b.makeOutput(x.shape, 'float32'), b.makeOutput([C], 'float32'), b.makeOutput([C], 'float32')];
  const at = (k: string): number => addressOf(b, named(a, k));
  withScratch(b, 10 * C, (s) =>
    simdFor(b).bnBackward(at('dy'), at('y'), at('x'), at('gamma'), at('mean'), at('variance'), P, C, num(a, 'eps'), num(a, 'lo'), num(a, 'hi'), addressOf(b, dx), addressOf(b, dgamma), addressOf(b, dbeta), s),
  );
  return [dx, dgamma, dbeta];
}

/** m's values as a JS array (rows x K floats, read from the heap), and the per-row segment length. */
function weights(b: WasmBackendLike, m: T, y: T): { w: Float32Array; rowsM: number; k: number; seg: number } {
  const [rowsM, k] = m.shape as [number, number];
  const mem = b.wasm.asm!.memory!.buffer;
  const w = new Float32Array(mem, addressOf(b, m), rowsM * k).slice();
  return { w, rowsM, k, seg: rowsM === 1 ? size(y) : size(y) / rowsM };
}

function mix(a: Args): T {
  const b = a.backend as WasmBackendLike;
  const [m, ...ys] = a.inputs as T[];
  const active = a.attrs.active as number[];
  const out = b.makeOutput(ys[0]!.shape, 'float32');
  const { w, rowsM, k, seg } = weights(b, m!, ys[0]!);
  const simd = simdFor(b);
  ys.forEach((y, j) => {
    for (let r = 0; r < rowsM; r++) simd.mixAcc(addressOf(b, out) + 4 * r * seg, addressOf(b, y) + 4 * r * seg, w[r * k + active[j]!]!, seg, j === 0 ? 1 : 0);
  });
  return out;
}

function mixGrad(a: Args): T[] {
  const b = a.backend as WasmBackendLike;
  const [dy, m, ...ys] = a.inputs as T[];
  const active = a.attrs.active as number[];
  const { w, rowsM, k, seg } = weights(b, m!, dy!);
  const dm = new Float32Array(rowsM * k);
  const simd = simdFor(b);
  const dys = ys.map((y, j) => {
    const out = b.makeOutput(dy!.shape, 'float32');
    for (let r = 0; r < rowsM; r++) {
      const off = 4 * r * seg;
      dm[r * k + active[j]!] = simd.scaleDot(addressOf(b, dy!) + off, addressOf(b, y) + off, w[r * k + active[j]!]!, seg, addressOf(b, out) + off);
    }
    return out;
  });
  const dmOut = b.makeOutput([rowsM, k], 'float32');
  new Float32Array(b.wasm.asm!.memory!.buffer, addressOf(b, dmOut), rowsM * k).set(dm);
  return [dmOut, ...dys];
}

/** Any number of variables in one call: inputs [w0, b0, g0, w1, b1, g1, ...] -> [w0', b0', w1', b1', ...]. */
function sgd(a: Args): T[] {
  const b = a.backend as WasmBackendLike;
  const ins = a.inputs as T[];
  const [lr, momentum, weightDecay] = [num(a, 'lr'), num(a, 'momentum'), num(a, 'weightDecay')];
  const simd = simdFor(b);
  const at = (t: T): number => addressOf(b, t);
  const outs: T[] = [];
  for (let i = 0; i + 2 < ins.length; i += 3) {
    const [w, m, g] = [ins[i]!, ins[i + 1]!, ins[i + 2]!];
    const [nw, nb] = [b.makeOutput(w.shape, 'float32'), b.makeOutput(w.shape, 'float32')];
    simd.sgd(at(w), at(m), at(g), size(w), lr, momentum, weightDecay, at(nw), at(nb));
    outs.push(nw, nb);
  }
  return outs;
}

function movingStats(a: Args): T[] {
  const b = a.backend as WasmBackendLike;
  const mm = named(a, 'mm');
  const n = size(mm);
  const p = num(a, 'momentum');
  const q = Math.fround(1 - p);
  const outs = [b.makeOutput(mm.shape, 'float32'), b.makeOutput(mm.shape, 'float32')];
  const at = (t: T): number => addressOf(b, t);
  simdFor(b).lerp(at(mm), at(named(a, 'mean')), n, p, q, at(outs[0]!));
  simdFor(b).lerp(at(named(a, 'mv')), at(named(a, 'variance')), n, p, q, at(outs[1]!));
  return outs;
}

const wasm = (kernelName: string, f: (a: Args) => T | T[]): KernelConfig => ({ kernelName, backendName: 'wasm', kernelFunc: f as unknown as KernelFunc });

export const trainKernels: KernelConfig[] = [
  wasm('NasflowBatchNormTrain', bnTrain),
  wasm('NasflowBatchNormGrad', bnGrad),
  wasm('NasflowMix', mix),
  wasm('NasflowMixGrad', mixGrad),
  wasm('NasflowSgd', sgd),
  wasm('NasflowMovingStats', movingStats),
];
