// AssemblyScript: per-channel reductions over the rows of [..., C] tensors (BatchNorm statistics
// and BatchNorm backward sums).
// Contract (all nasflow .as files): every function works on raw byte addresses into the memory
// the module imports, which is the tfjs-backend-wasm heap itself, so tensors are read and written
// in place, without copies. The module has no data segments, no allocator and no globals that
// touch memory: it must never write anywhere but the output addresses it is given. Layouts are
// NHWC float32. Compiled together by build.ts into kernels.wasm.

// Per-channel reductions over the P = N*H*W rows of an NHWC tensor. Rows are summed in f32 SIMD
// within blocks of BLOCK rows (partials: scratch[0 .. 2C) f32), and block sums are added into f64
// totals (scratch bytes [8C .. 24C)), so the error stays at f32 level even for P in the hundreds
// of thousands. scratch must hold 6*C f32 and be 8-byte aligned.
const BLOCK = 256;

function flush(part: usize, tot: usize, n: i32): void {
  for (let i = 0; i < n; i++) {
    const t = tot + (<usize>i << 3);
    store<f64>(t, load<f64>(t) + <f64>load<f32>(part + (<usize>i << 2)));
  }
  memory.fill(part, 0, <usize>n << 2);
}

// outA = mean, outB = biased variance of x over rows (C floats each). Shifted by row 0 (per
// channel) so that a large mean does not cancel the variance.
export function channelStats(x: usize, P: i32, C: i32, outA: usize, outB: usize, scratch: usize): void {
  const s1 = scratch, s2 = scratch + (<usize>C << 2), tot = scratch + (<usize>C << 3);
  memory.fill(scratch, 0, <usize>C * 24);
  const C4 = C & ~3;
  for (let p = 0; p < P; p++) {
    const row = x + (<usize>(p * C) << 2);
    let c = 0;
    for (; c < C4; c += 4) {
      const o = <usize>c << 2;
      const d = f32x4.sub(v128.load(row + o), v128.load(x + o));
      v128.store(s1 + o, f32x4.add(v128.load(s1 + o), d));
      v128.store(s2 + o, f32x4.add(v128.load(s2 + o), f32x4.mul(d, d)));
    }
    for (; c < C; c++) {
      const o = <usize>c << 2;
      const d = load<f32>(row + o) - load<f32>(x + o);
      store<f32>(s1 + o, load<f32>(s1 + o) + d);
      store<f32>(s2 + o, load<f32>(s2 + o) + d * d);
    }
    if ((p + 1) % BLOCK == 0 || p + 1 == P) flush(scratch, tot, 2 * C);
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
  const s1 = scratch, s2 = scratch + (<usize>C << 2), tot = scratch + (<usize>C << 3);
  memory.fill(scratch, 0, <usize>C * 24);
  const C4 = C & ~3;
  for (let p = 0; p < P; p++) {
    const g = dy + (<usize>(p * C) << 2);
    const row = x + (<usize>(p * C) << 2);
    let c = 0;
    for (; c < C4; c += 4) {
      const o = <usize>c << 2;
      const gv = v128.load(g + o);
      v128.store(s1 + o, f32x4.add(v128.load(s1 + o), gv));
      v128.store(s2 + o, f32x4.add(v128.load(s2 + o), f32x4.mul(gv, f32x4.sub(v128.load(row + o), v128.load(center + o)))));
    }
    for (; c < C; c++) {
      const o = <usize>c << 2;
      const gv = load<f32>(g + o);
      store<f32>(s1 + o, load<f32>(s1 + o) + gv);
      store<f32>(s2 + o, load<f32>(s2 + o) + gv * (load<f32>(row + o) - load<f32>(center + o)));
    }
    if ((p + 1) % BLOCK == 0 || p + 1 == P) flush(scratch, tot, 2 * C);
  }
  for (let c = 0; c < C; c++) {
    store<f32>(outA + (<usize>c << 2), <f32>load<f64>(tot + (<usize>c << 3)));
    store<f32>(outB + (<usize>c << 2), <f32>load<f64>(tot + (<usize>(C + c) << 3)));
  }
}

// BatchNorm(+clamp) backward, fused so the clamp's gradient g = (lo < y < hi ? dy : 0) is never
// materialised. bnGradSums: outA = sum g, outB = sum g * (x - center) (blocked like channelDot).
export function bnGradSums(dy: usize, y: usize, x: usize, center: usize, P: i32, C: i32, lo: f32, hi: f32,
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
      const yv = v128.load(y + r + o);
      const g = v128.and(v128.load(dy + r + o), v128.and(f32x4.gt(yv, vlo), f32x4.lt(yv, vhi)));
      v128.store(s1 + o, f32x4.add(v128.load(s1 + o), g));
      v128.store(s2 + o, f32x4.add(v128.load(s2 + o), f32x4.mul(g, f32x4.sub(v128.load(x + r + o), v128.load(center + o)))));
    }
    for (; c < C; c++) {
      const o = <usize>c << 2;
      const yv = load<f32>(y + r + o);
      const g: f32 = yv > lo && yv < hi ? load<f32>(dy + r + o) : 0;
      store<f32>(s1 + o, load<f32>(s1 + o) + g);
      store<f32>(s2 + o, load<f32>(s2 + o) + g * (load<f32>(x + r + o) - load<f32>(center + o)));
    }
    if ((p + 1) % BLOCK == 0 || p + 1 == P) flush(scratch, tot, 2 * C);
  }
  for (let c = 0; c < C; c++) {
    store<f32>(outA + (<usize>c << 2), <f32>load<f64>(tot + (<usize>c << 3)));
    store<f32>(outB + (<usize>c << 2), <f32>load<f64>(tot + (<usize>(C + c) << 3)));
  }
}
