// AssemblyScript: per-channel reductions over the rows of [..., C] tensors (BatchNorm statistics
// and BatchNorm backward sums).
// Contract (all nasflow .as files): every function works on raw byte addresses into the memory
// the module imports, which is the tfjs-backend-wasm heap itself, so tensors are read and written
// in place, without copies. The module has no data segments, no allocator and no globals that
// touch memory: it must never write anywhere but the output addresses it is given. Layouts are
// NHWC float32. Compiled together by build.ts into kernels.wasm.

// Per-channel reductions over the P = N*H*W rows of an NHWC tensor. Rows are summed in f32 within
// blocks of BLOCK rows (partials: scratch[0 .. 2C) f32) and each block's sums are added into f64
// totals (scratch bytes [8C .. 24C)), so the error stays at f32 level even for P in the hundreds
// of thousands. A block is walked in chunks of CHUNK rows (small enough to stay in L1 for the
// whole chunk), and within a chunk the sums run in SIMD registers, 8 channels at a time (4
// accumulators, so the adds of one row do not wait on each other), then 4, then 1; the partials go
// back to memory once per chunk, not once per row (which made each row wait on the previous
// row's store). Every channel adds its rows in row order, whatever the grouping. scratch must hold
// 6*C f32 and be 8-byte aligned.
const BLOCK = 256;
const CHUNK = 32;

@inline function addOne(tot: usize, i: i32, v: f32): void {
  const t = tot + (<usize>i << 3);
  store<f64>(t, load<f64>(t) + <f64>v);
}
// Zeroes the partials and the totals; returns the totals' address.
@inline function totals(scratch: usize, C: i32): usize {
  memory.fill(scratch, 0, <usize>C * 24);
  return scratch + (<usize>C << 3);
}
// After a block: tot += part (both sums), part = 0.
function flushBlock(part: usize, tot: usize, C: i32): void {
  const n = 2 * C;
  for (let i = 0; i < n; i++) addOne(tot, i, load<f32>(part + (<usize>i << 2)));
  memory.fill(part, 0, <usize>n << 2);
}
// outA, outB = the f64 totals of the sums (tot[0 .. C), tot[C .. 2C)) rounded to f32.
function storeTotals(tot: usize, C: i32, outA: usize, outB: usize): void {
  for (let c = 0; c < C; c++) {
    store<f32>(outA + (<usize>c << 2), <f32>load<f64>(tot + (<usize>c << 3)));
    store<f32>(outB + (<usize>c << 2), <f32>load<f64>(tot + (<usize>(C + c) << 3)));
  }
}

// outA = mean, outB = biased variance of x over rows (C floats each). Shifted by row 0 (per
// channel) so that a large mean does not cancel the variance.
export function channelStats(x: usize, P: i32, C: i32, outA: usize, outB: usize, scratch: usize): void {
  const part = scratch, tot = totals(scratch, C);
  const C8 = C & ~7, C4 = C & ~3, rb = <usize>C << 2;
  const pB = part + rb;
  for (let q = 0; q < P; q += CHUNK) {
    const q1 = min(P, q + CHUNK);
    let c = 0;
    for (; c < C8; c += 8) {
      const o = <usize>c << 2;
      const z0 = v128.load(x + o), z1 = v128.load(x + o, 16);
      let s0 = v128.load(part + o), s1 = v128.load(part + o, 16), t0 = v128.load(pB + o), t1 = v128.load(pB + o, 16);
      let row = x + <usize>q * rb + o;
      for (let p = q; p < q1; p++) {
        const d0 = f32x4.sub(v128.load(row), z0), d1 = f32x4.sub(v128.load(row, 16), z1);
        s0 = f32x4.add(s0, d0); t0 = f32x4.add(t0, f32x4.mul(d0, d0));
        s1 = f32x4.add(s1, d1); t1 = f32x4.add(t1, f32x4.mul(d1, d1));
        row += rb;
      }
      v128.store(part + o, s0); v128.store(part + o, s1, 16); v128.store(pB + o, t0); v128.store(pB + o, t1, 16);
    }
    for (; c < C4; c += 4) {
      const o = <usize>c << 2;
      const z = v128.load(x + o);
      let s = v128.load(part + o), t = v128.load(pB + o);
      let row = x + <usize>q * rb + o;
      for (let p = q; p < q1; p++) {
        const d = f32x4.sub(v128.load(row), z);
        s = f32x4.add(s, d); t = f32x4.add(t, f32x4.mul(d, d));
        row += rb;
      }
      v128.store(part + o, s); v128.store(pB + o, t);
    }
    for (; c < C; c++) {
      const o = <usize>c << 2;
      const z = load<f32>(x + o);
      let s = load<f32>(part + o), t = load<f32>(pB + o);
      let row = x + <usize>q * rb + o;
      for (let p = q; p < q1; p++) {
        const d = load<f32>(row) - z;
        s += d; t += d * d;
        row += rb;
      }
      store<f32>(part + o, s); store<f32>(pB + o, t);
    }
    if (q1 % BLOCK == 0 || q1 == P) flushBlock(part, tot, C);
  }
  const inv = 1.0 / <f64>P;
  for (let c = 0; c < C; c++) {
    const m1 = load<f64>(tot + (<usize>c << 3)) * inv;
    const m2 = load<f64>(tot + (<usize>(C + c) << 3)) * inv;
    store<f32>(outA + (<usize>c << 2), <f32>(<f64>load<f32>(x + (<usize>c << 2)) + m1));
    store<f32>(outB + (<usize>c << 2), <f32>max(0.0, m2 - m1 * m1));
  }
}

// outA = sum of dy, outB = sum of dy * (x - center[c]) over rows (C floats each).
export function channelDot(dy: usize, x: usize, center: usize, P: i32, C: i32, outA: usize, outB: usize, scratch: usize): void {
  gradSums(dy, 0, x, center, P, C, 0, 0, outA, outB, scratch, false);
}

// BatchNorm(+clamp) backward, fused so the clamp's gradient g = (lo < y < hi ? dy : 0) is never
// materialised: outA = sum g, outB = sum g * (x - center).
export function bnGradSums(dy: usize, y: usize, x: usize, center: usize, P: i32, C: i32, lo: f32, hi: f32,
                           outA: usize, outB: usize, scratch: usize): void {
  gradSums(dy, y, x, center, P, C, lo, hi, outA, outB, scratch, true);
}

// Both of the above (chunked like channelStats); inlined into each, so `masked` is a constant
// there: with masked false, g = dy and y is not read.
@inline function gradSums(dy: usize, y: usize, x: usize, center: usize, P: i32, C: i32, lo: f32, hi: f32,
                          outA: usize, outB: usize, scratch: usize, masked: bool): void {
  const part = scratch, tot = totals(scratch, C);
  const C8 = C & ~7, C4 = C & ~3, rb = <usize>C << 2;
  const pB = part + rb;
  const vlo = f32x4.splat(lo), vhi = f32x4.splat(hi);
  const all = i32x4.splat(-1);
  for (let q = 0; q < P; q += CHUNK) {
    const q1 = min(P, q + CHUNK);
    let c = 0;
    for (; c < C8; c += 8) {
      const o = <usize>c << 2;
      const z0 = v128.load(center + o), z1 = v128.load(center + o, 16);
      let s0 = v128.load(part + o), s1 = v128.load(part + o, 16), t0 = v128.load(pB + o), t1 = v128.load(pB + o, 16);
      let r = <usize>q * rb + o;
      for (let p = q; p < q1; p++) {
        let m0 = all, m1 = all;
        if (masked) {
          const y0 = v128.load(y + r), y1 = v128.load(y + r, 16);
          m0 = v128.and(f32x4.gt(y0, vlo), f32x4.lt(y0, vhi));
          m1 = v128.and(f32x4.gt(y1, vlo), f32x4.lt(y1, vhi));
        }
        const g0 = v128.and(v128.load(dy + r), m0), g1 = v128.and(v128.load(dy + r, 16), m1);
        s0 = f32x4.add(s0, g0); t0 = f32x4.add(t0, f32x4.mul(g0, f32x4.sub(v128.load(x + r), z0)));
        s1 = f32x4.add(s1, g1); t1 = f32x4.add(t1, f32x4.mul(g1, f32x4.sub(v128.load(x + r, 16), z1)));
        r += rb;
      }
      v128.store(part + o, s0); v128.store(part + o, s1, 16); v128.store(pB + o, t0); v128.store(pB + o, t1, 16);
    }
    for (; c < C4; c += 4) {
      const o = <usize>c << 2;
      const z = v128.load(center + o);
      let s = v128.load(part + o), t = v128.load(pB + o);
      let r = <usize>q * rb + o;
      for (let p = q; p < q1; p++) {
        let m = all;
        if (masked) {
          const yv = v128.load(y + r);
          m = v128.and(f32x4.gt(yv, vlo), f32x4.lt(yv, vhi));
        }
        const g = v128.and(v128.load(dy + r), m);
        s = f32x4.add(s, g); t = f32x4.add(t, f32x4.mul(g, f32x4.sub(v128.load(x + r), z)));
        r += rb;
      }
      v128.store(part + o, s); v128.store(pB + o, t);
    }
    for (; c < C; c++) {
      const o = <usize>c << 2;
      const z = load<f32>(center + o);
      let s = load<f32>(part + o), t = load<f32>(pB + o);
      let r = <usize>q * rb + o;
      for (let p = q; p < q1; p++) {
        let g = load<f32>(dy + r);
        if (masked) {
          const yv = load<f32>(y + r);
          if (!(yv > lo && yv < hi)) g = 0;
        }
        s += g; t += g * (load<f32>(x + r) - z);
        r += rb;
      }
      store<f32>(part + o, s); store<f32>(pB + o, t);
    }
    if (q1 % BLOCK == 0 || q1 == P) flushBlock(part, tot, C);
  }
  storeTotals(tot, C, outA, outB);
}
