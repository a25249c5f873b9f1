// AssemblyScript: per-channel elementwise passes (BatchNorm apply, its input gradient, clamps).
// Contract (all nasflow .as files): every function works on raw byte addresses into the memory
// the module imports, which is the tfjs-backend-wasm heap itself, so tensors are read and written
// in place, without copies. The module has no data segments, no allocator and no globals that
// touch memory: it must never write anywhere but the output addresses it is given. Layouts are
// NHWC float32. Compiled together by build.ts into kernels.wasm.

// out = x * a[c] + b[c], clamped to [lo, hi] (pass -inf/inf for none, 0/inf for ReLU, 0/6 for ReLU6).
export function affine(x: usize, a: usize, b: usize, P: i32, C: i32, lo: f32, hi: f32, out: usize): void {
  const C4 = C & ~3;
  const vlo = f32x4.splat(lo), vhi = f32x4.splat(hi);
  for (let p = 0; p < P; p++) {
    const r = <usize>(p * C) << 2;
    let c = 0;
    for (; c < C4; c += 4) {
      const o = <usize>c << 2;
      const y = f32x4.add(f32x4.mul(v128.load(x + r + o), v128.load(a + o)), v128.load(b + o));
      v128.store(out + r + o, f32x4.pmin(vhi, f32x4.pmax(vlo, y)));
    }
    for (; c < C; c++) {
      const o = <usize>c << 2;
      store<f32>(out + r + o, min(hi, max(lo, load<f32>(x + r + o) * load<f32>(a + o) + load<f32>(b + o))));
    }
  }
}

// out = u * a[c] + v * b[c] + k[c]: BatchNorm's closed-form input gradient in one pass.
export function affine2(u: usize, a: usize, v: usize, b: usize, k: usize, P: i32, C: i32, out: usize): void {
  const C4 = C & ~3;
  for (let p = 0; p < P; p++) {
    const r = <usize>(p * C) << 2;
    let c = 0;
    for (; c < C4; c += 4) {
      const o = <usize>c << 2;
      const y = f32x4.add(f32x4.mul(v128.load(u + r + o), v128.load(a + o)), f32x4.mul(v128.load(v + r + o), v128.load(b + o)));
      v128.store(out + r + o, f32x4.add(y, v128.load(k + o)));
    }
    for (; c < C; c++) {
      const o = <usize>c << 2;
      store<f32>(out + r + o, load<f32>(u + r + o) * load<f32>(a + o) + load<f32>(v + r + o) * load<f32>(b + o) + load<f32>(k + o));
    }
  }
}

// Gradient of a clamp to [lo, hi] given its output y: out = dy where lo < y < hi, else 0.
export function clampGrad(dy: usize, y: usize, n: i32, lo: f32, hi: f32, out: usize): void {
  const n4 = n & ~3;
  const vlo = f32x4.splat(lo), vhi = f32x4.splat(hi);
  let i = 0;
  for (; i < n4; i += 4) {
    const o = <usize>i << 2;
    const yv = v128.load(y + o);
    const keep = v128.and(f32x4.gt(yv, vlo), f32x4.lt(yv, vhi));
    v128.store(out + o, v128.and(v128.load(dy + o), keep));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const yv = load<f32>(y + o);
    store<f32>(out + o, yv > lo && yv < hi ? load<f32>(dy + o) : 0);
  }
}

// out = g * a[c] + x * k1[c] + k2[c], g as above: BatchNorm's closed-form input gradient.
export function bnGradInput(dy: usize, y: usize, x: usize, a: usize, k1: usize, k2: usize, P: i32, C: i32, lo: f32, hi: f32, out: usize): void {
  const C4 = C & ~3;
  const vlo = f32x4.splat(lo), vhi = f32x4.splat(hi);
  for (let p = 0; p < P; p++) {
    const r = <usize>(p * C) << 2;
    let c = 0;
    for (; c < C4; c += 4) {
      const o = <usize>c << 2;
      const yv = v128.load(y + r + o);
      const g = v128.and(v128.load(dy + r + o), v128.and(f32x4.gt(yv, vlo), f32x4.lt(yv, vhi)));
      const v = f32x4.add(f32x4.mul(g, v128.load(a + o)), f32x4.mul(v128.load(x + r + o), v128.load(k1 + o)));
      v128.store(out + r + o, f32x4.add(v, v128.load(k2 + o)));
    }
    for (; c < C; c++) {
      const o = <usize>c << 2;
      const yv = load<f32>(y + r + o);
      const g: f32 = yv > lo && yv < hi ? load<f32>(dy + r + o) : 0;
      store<f32>(out + r + o, g * load<f32>(a + o) + load<f32>(x + r + o) * load<f32>(k1 + o) + load<f32>(k2 + o));
    }
  }
}
