// AssemblyScript: BatchNorm(+clamp) training forward and backward, each one call: the per-channel
// reductions and elementwise passes of channel.as / elementwise.as with the per-channel
// coefficient math between them done here too (f32, the same operations in the same order as the
// composite of tf ops it replaces), so a BatchNorm costs one tfjs kernel call each way.
// Contract (all nasflow .as files): every function works on raw byte addresses into the memory
// the module imports, which is the tfjs-backend-wasm heap itself, so tensors are read and written
// in place, without copies. The module has no data segments, no allocator and no globals that
// touch memory: it must never write anywhere but the output addresses it is given. Layouts are
// NHWC float32. Compiled together by build.ts into kernels.wasm.
import { bnGradSums, channelStats } from './channel';
import { affine, bnGradInput } from './elementwise';

@inline function f(p: usize, c: i32): f32 {
  return load<f32>(p + (<usize>c << 2));
}
@inline function put(p: usize, c: i32, v: f32): void {
  store<f32>(p + (<usize>c << 2), v);
}
@inline function invStd(variance: f32, eps: f32): f32 {
  return <f32>1.0 / sqrt<f32>(variance + eps);
}

// y = clamp((x - mean) * gamma * invstd + beta, lo, hi) with this batch's mean and biased
// variance (written to mean, variance). scratch: 8*C f32, 8-byte aligned.
export function bnForward(x: usize, gamma: usize, beta: usize, P: i32, C: i32, eps: f32, lo: f32, hi: f32,
                          y: usize, mean: usize, variance: usize, scratch: usize): void {
  channelStats(x, P, C, mean, variance, scratch);
  const a = scratch, b = scratch + (<usize>C << 2);
  for (let c = 0; c < C; c++) {
    const ac = f(gamma, c) * invStd(f(variance, c), eps);
    put(a, c, ac);
    put(b, c, f(beta, c) - f(mean, c) * ac);
  }
  affine(x, a, b, P, C, lo, hi, y);
}

// Closed-form backward of bnForward from its output y (the clamp's mask): with g = dy where
// lo < y < hi, xhat = (x - mean) * invstd:
//   dbeta = sum g, dgamma = sum g*xhat, dx = gamma*invstd*(g - mean(g) - xhat*mean(g*xhat)).
// scratch: 10*C f32, 8-byte aligned.
export function bnBackward(dy: usize, y: usize, x: usize, gamma: usize, mean: usize, variance: usize, P: i32, C: i32,
                           eps: f32, lo: f32, hi: f32, dx: usize, dgamma: usize, dbeta: usize, scratch: usize): void {
  const sumDyX = scratch + (<usize>(6 * C) << 2);
  bnGradSums(dy, y, x, mean, P, C, lo, hi, dbeta, sumDyX, scratch);
  const a = scratch, k1 = scratch + (<usize>C << 2), k2 = scratch + (<usize>(2 * C) << 2);
  const n = <f32>P;
  for (let c = 0; c < C; c++) {
    const inv = invStd(f(variance, c), eps);
    const ac = f(gamma, c) * inv;
    const m2 = f(sumDyX, c) * (inv / n);
    const k1c = -(ac * (m2 * inv));
    put(a, c, ac);
    put(k1, c, k1c);
    put(k2, c, -(ac * (f(dbeta, c) / n)) - k1c * f(mean, c));
    put(dgamma, c, f(sumDyX, c) * inv);
  }
  bnGradInput(dy, y, x, a, k1, k2, P, C, lo, hi, dx);
}
