// AssemblyScript: BatchNorm(+clamp) training forward and backward, each one call: the per-channel
// reductions and elementwise passes of channel.as / elementwise.as with the per-channel
// coefficient math between them done here too (f32, the same operations in the same order as the
// composite of tf ops it replaces), so a BatchNorm costs one tfjs kernel call each way.
// Contract (all nasflow .as files): every function works on raw byte addresses into the memory
// the module imports, which is the tfjs-backend-wasm heap itself, so tensors are read and written
// in place, without copies. The module has no data segments, no allocator and no globals that
// touch memory: it must never write anywhere but the output addresses it is given. Layouts are
// NHWC float32. Compiled together by build.ts into kernels.wasm.
import { channelStats, flushAtBlockEnd } from './channel';
import { affine } from './elementwise';

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

// Closed-form backward of bnForward. The clamp's mask comes from x, not from the output: with
// ac = gamma*invstd and bc = beta - mean*ac computed as bnForward computes them, t = x*ac + bc is
// the forward's pre-clamp value bit for bit, and lo < t < hi exactly when lo < y < hi. So y is
// never read: two full-size inputs per pass (dy, x) instead of three. With g = the masked dy,
// xhat = (x - mean) * invstd:
//   dbeta = sum g, dgamma = sum g*xhat, dx = gamma*invstd*(g - mean(g) - xhat*mean(g*xhat)).
// scratch: 10*C f32, 8-byte aligned.
export function bnBackward(dy: usize, x: usize, gamma: usize, beta: usize, mean: usize, variance: usize, P: i32, C: i32,
                           eps: f32, lo: f32, hi: f32, dx: usize, dgamma: usize, dbeta: usize, scratch: usize): void {
  const sumDyX = scratch + (<usize>(6 * C) << 2), ac = scratch + (<usize>(7 * C) << 2), bc = scratch + (<usize>(8 * C) << 2);
  for (let c = 0; c < C; c++) {
    const a = f(gamma, c) * invStd(f(variance, c), eps);
    put(ac, c, a);
    put(bc, c, f(beta, c) - f(mean, c) * a);
  }
  maskedSums(dy, x, ac, bc, mean, P, C, lo, hi, dbeta, sumDyX, scratch);
  const a = scratch, k1 = scratch + (<usize>C << 2), k2 = scratch + (<usize>(2 * C) << 2);
  const n = <f32>P;
  for (let c = 0; c < C; c++) {
    const inv = invStd(f(variance, c), eps);
    const acc = f(gamma, c) * inv;
    const m2 = f(sumDyX, c) * (inv / n);
    const k1c = -(acc * (m2 * inv));
    put(a, c, acc);
    put(k1, c, k1c);
    put(k2, c, -(acc * (f(dbeta, c) / n)) - k1c * f(mean, c));
    put(dgamma, c, f(sumDyX, c) * inv);
  }
  maskedInput(dy, x, ac, bc, a, k1, k2, P, C, lo, hi, dx);
}

// outA = sum g, outB = sum g * (x - center), g = dy where lo < x*ac + bc < hi (f32 SIMD partials
// over blocks of rows, totals in f64, as channel.as's sums). scratch: 6*C f32 from 0.
function maskedSums(dy: usize, x: usize, ac: usize, bc: usize, center: usize, P: i32, C: i32, lo: f32, hi: f32,
                    outA: usize, outB: usize, scratch: usize): void {
  const s1 = scratch, s2 = scratch + (<usize>C << 2), tot = scratch + (<usize>C << 3);
  memory.fill(scratch, 0, <usize>C * 24);
  const C4 = C & ~3;
  const vlo = f32x4.splat(lo), vhi = f32x4.splat(hi);
  for (let p = 0; p < P; p++) {
    const r = <usize>(p * C) << 2;
    let c = 0;
    for (; c < C4; c += 4) {
      const o = <usize>c << 2;
      const xv = v128.load(x + r + o);
      const t = f32x4.add(f32x4.mul(xv, v128.load(ac + o)), v128.load(bc + o));
      const g = v128.and(v128.load(dy + r + o), v128.and(f32x4.gt(t, vlo), f32x4.lt(t, vhi)));
      v128.store(s1 + o, f32x4.add(v128.load(s1 + o), g));
      v128.store(s2 + o, f32x4.add(v128.load(s2 + o), f32x4.mul(g, f32x4.sub(xv, v128.load(center + o)))));
    }
    for (; c < C; c++) {
      const o = <usize>c << 2;
      const xv = load<f32>(x + r + o);
      const t = xv * load<f32>(ac + o) + load<f32>(bc + o);
      const g: f32 = t > lo && t < hi ? load<f32>(dy + r + o) : 0;
      store<f32>(s1 + o, load<f32>(s1 + o) + g);
      store<f32>(s2 + o, load<f32>(s2 + o) + g * (xv - load<f32>(center + o)));
    }
    flushAtBlockEnd(p, P, scratch, tot, 2 * C);
  }
  for (let c = 0; c < C; c++) {
    store<f32>(outA + (<usize>c << 2), <f32>load<f64>(tot + (<usize>c << 3)));
    store<f32>(outB + (<usize>c << 2), <f32>load<f64>(tot + (<usize>(C + c) << 3)));
  }
}

// out = g * a[c] + x * k1[c] + k2[c], g masked as in maskedSums: the closed-form input gradient.
function maskedInput(dy: usize, x: usize, ac: usize, bc: usize, a: usize, k1: usize, k2: usize, P: i32, C: i32, lo: f32, hi: f32, out: usize): void {
  const C4 = C & ~3;
  const vlo = f32x4.splat(lo), vhi = f32x4.splat(hi);
  for (let p = 0; p < P; p++) {
    const r = <usize>(p * C) << 2;
    let c = 0;
    for (; c < C4; c += 4) {
      const o = <usize>c << 2;
      const xv = v128.load(x + r + o);
      const t = f32x4.add(f32x4.mul(xv, v128.load(ac + o)), v128.load(bc + o));
      const g = v128.and(v128.load(dy + r + o), v128.and(f32x4.gt(t, vlo), f32x4.lt(t, vhi)));
      const v = f32x4.add(f32x4.mul(g, v128.load(a + o)), f32x4.mul(xv, v128.load(k1 + o)));
      v128.store(out + r + o, f32x4.add(v, v128.load(k2 + o)));
    }
    for (; c < C; c++) {
      const o = <usize>c << 2;
      const xv = load<f32>(x + r + o);
      const t = xv * load<f32>(ac + o) + load<f32>(bc + o);
      const g: f32 = t > lo && t < hi ? load<f32>(dy + r + o) : 0;
      store<f32>(out + r + o, g * load<f32>(a + o) + xv * load<f32>(k1 + o) + load<f32>(k2 + o));
    }
  }
}
