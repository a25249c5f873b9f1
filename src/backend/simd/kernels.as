// AssemblyScript source of nasflow's SIMD kernels (compiled by build.ts into kernels.wasm).
// Contract: every function works on raw byte addresses into the memory it imports, which is the
// tfjs-backend-wasm heap itself, so tensors are read and written in place, without copies. The
// module has no data segments, no allocator and no globals that touch memory: it must never write
// anywhere but the output addresses it is given. Layouts are NHWC float32; depthwise filters are
// [KH, KW, C] (channel multiplier 1), conv filters [KH, KW, CI, CO].

// Depthwise filter gradient: dw[kh,kw,c] = sum over n,oh,ow of x[n, oh*sh-pt+kh*dh, ow*sw-pl+kw*dl, c] * dy[n,oh,ow,c].
// Channel multiplier 1 (the only one nasflow's blocks use); dwFilterGradMul handles M > 1.
export function dwFilterGrad(x: usize, dy: usize, dw: usize, N: i32, H: i32, W: i32, C: i32, OH: i32, OW: i32,
                             KH: i32, KW: i32, sh: i32, sw: i32, pt: i32, pl: i32, dh: i32, dl: i32): void {
  memory.fill(dw, 0, <usize>(KH * KW * C) << 2);
  const C4 = C & ~3;
  for (let n = 0; n < N; n++) {
    for (let oh = 0; oh < OH; oh++) {
      for (let ow = 0; ow < OW; ow++) {
        const dyRow = dy + (<usize>(((n * OH + oh) * OW + ow) * C) << 2);
        for (let kh = 0; kh < KH; kh++) {
          const ih = oh * sh - pt + kh * dh;
          if (ih < 0 || ih >= H) continue;
          for (let kw = 0; kw < KW; kw++) {
            const iw = ow * sw - pl + kw * dl;
            if (iw < 0 || iw >= W) continue;
            const xRow = x + (<usize>(((n * H + ih) * W + iw) * C) << 2);
            const wRow = dw + (<usize>((kh * KW + kw) * C) << 2);
            let c = 0;
            for (; c < C4; c += 4) {
              const o = <usize>c << 2;
              v128.store(wRow + o, f32x4.add(v128.load(wRow + o), f32x4.mul(v128.load(xRow + o), v128.load(dyRow + o))));
            }
            for (; c < C; c++) {
              const o = <usize>c << 2;
              store<f32>(wRow + o, load<f32>(wRow + o) + load<f32>(xRow + o) * load<f32>(dyRow + o));
            }
          }
        }
      }
    }
  }
}

// Depthwise input gradient, scatter form: dx[n, oh*sh-pt+kh*dh, ow*sw-pl+kw*dl, c] += dy[n,oh,ow,c] * w[kh,kw,c].
// Channel multiplier 1; dwInputGradMul handles M > 1.
export function dwInputGrad(dy: usize, w: usize, dx: usize, N: i32, H: i32, W: i32, C: i32, OH: i32, OW: i32,
                            KH: i32, KW: i32, sh: i32, sw: i32, pt: i32, pl: i32, dh: i32, dl: i32): void {
  memory.fill(dx, 0, <usize>(N * H * W * C) << 2);
  const C4 = C & ~3;
  for (let n = 0; n < N; n++) {
    for (let oh = 0; oh < OH; oh++) {
      for (let ow = 0; ow < OW; ow++) {
        const dyRow = dy + (<usize>(((n * OH + oh) * OW + ow) * C) << 2);
        for (let kh = 0; kh < KH; kh++) {
          const ih = oh * sh - pt + kh * dh;
          if (ih < 0 || ih >= H) continue;
          for (let kw = 0; kw < KW; kw++) {
            const iw = ow * sw - pl + kw * dl;
            if (iw < 0 || iw >= W) continue;
            const xRow = dx + (<usize>(((n * H + ih) * W + iw) * C) << 2);
            const wRow = w + (<usize>((kh * KW + kw) * C) << 2);
            let c = 0;
            for (; c < C4; c += 4) {
              const o = <usize>c << 2;
              v128.store(xRow + o, f32x4.add(v128.load(xRow + o), f32x4.mul(v128.load(wRow + o), v128.load(dyRow + o))));
            }
            for (; c < C; c++) {
              const o = <usize>c << 2;
              store<f32>(xRow + o, load<f32>(xRow + o) + load<f32>(wRow + o) * load<f32>(dyRow + o));
            }
          }
        }
      }
    }
  }
}

// Channel multiplier M > 1 (filter [KH, KW, C, M], dy channel c*M+m): scalar, rarely used, kept exact.
export function dwFilterGradMul(x: usize, dy: usize, dw: usize, N: i32, H: i32, W: i32, C: i32, M: i32, OH: i32, OW: i32,
                                KH: i32, KW: i32, sh: i32, sw: i32, pt: i32, pl: i32, dh: i32, dl: i32): void {
  const CM = C * M;
  memory.fill(dw, 0, <usize>(KH * KW * CM) << 2);
  for (let n = 0; n < N; n++) for (let oh = 0; oh < OH; oh++) for (let ow = 0; ow < OW; ow++) {
    const dyRow = dy + (<usize>(((n * OH + oh) * OW + ow) * CM) << 2);
    for (let kh = 0; kh < KH; kh++) {
      const ih = oh * sh - pt + kh * dh;
      if (ih < 0 || ih >= H) continue;
      for (let kw = 0; kw < KW; kw++) {
        const iw = ow * sw - pl + kw * dl;
        if (iw < 0 || iw >= W) continue;
        const xRow = x + (<usize>(((n * H + ih) * W + iw) * C) << 2);
        const wRow = dw + (<usize>((kh * KW + kw) * CM) << 2);
        for (let c = 0; c < C; c++) {
          const xv = load<f32>(xRow + (<usize>c << 2));
          for (let m = 0; m < M; m++) {
            const o = <usize>(c * M + m) << 2;
            store<f32>(wRow + o, load<f32>(wRow + o) + xv * load<f32>(dyRow + o));
          }
        }
      }
    }
  }
}

export function dwInputGradMul(dy: usize, w: usize, dx: usize, N: i32, H: i32, W: i32, C: i32, M: i32, OH: i32, OW: i32,
                               KH: i32, KW: i32, sh: i32, sw: i32, pt: i32, pl: i32, dh: i32, dl: i32): void {
  const CM = C * M;
  memory.fill(dx, 0, <usize>(N * H * W * C) << 2);
  for (let n = 0; n < N; n++) for (let oh = 0; oh < OH; oh++) for (let ow = 0; ow < OW; ow++) {
    const dyRow = dy + (<usize>(((n * OH + oh) * OW + ow) * CM) << 2);
    for (let kh = 0; kh < KH; kh++) {
      const ih = oh * sh - pt + kh * dh;
      if (ih < 0 || ih >= H) continue;
      for (let kw = 0; kw < KW; kw++) {
        const iw = ow * sw - pl + kw * dl;
        if (iw < 0 || iw >= W) continue;
        const xRow = dx + (<usize>(((n * H + ih) * W + iw) * C) << 2);
        const wRow = w + (<usize>((kh * KW + kw) * CM) << 2);
        for (let c = 0; c < C; c++) {
          let acc: f32 = 0;
          for (let m = 0; m < M; m++) {
            const o = <usize>(c * M + m) << 2;
            acc += load<f32>(wRow + o) * load<f32>(dyRow + o);
          }
          const xo = xRow + (<usize>c << 2);
          store<f32>(xo, load<f32>(xo) + acc);
        }
      }
    }
  }
}

// Conv filter gradient: dW[kh,kw,ci,co] = sum over n,oh,ow of x[n, oh*sh-pt+kh*dh, ow*sw-pl+kw*dl, ci] * dy[n,oh,ow,co].
// For each tap, a sum of outer products x_row (CI) x dy_row (CO); dW (KH*KW*CI*CO floats) stays in cache.
export function convFilterGrad(x: usize, dy: usize, dW: usize, N: i32, H: i32, W: i32, CI: i32, CO: i32, OH: i32, OW: i32,
                               KH: i32, KW: i32, sh: i32, sw: i32, pt: i32, pl: i32, dh: i32, dl: i32): void {
  memory.fill(dW, 0, <usize>(KH * KW * CI * CO) << 2);
  const CO4 = CO & ~3;
  for (let n = 0; n < N; n++) for (let oh = 0; oh < OH; oh++) for (let ow = 0; ow < OW; ow++) {
    const dyRow = dy + (<usize>(((n * OH + oh) * OW + ow) * CO) << 2);
    for (let kh = 0; kh < KH; kh++) {
      const ih = oh * sh - pt + kh * dh;
      if (ih < 0 || ih >= H) continue;
      for (let kw = 0; kw < KW; kw++) {
        const iw = ow * sw - pl + kw * dl;
        if (iw < 0 || iw >= W) continue;
        const xRow = x + (<usize>(((n * H + ih) * W + iw) * CI) << 2);
        const tap = dW + (<usize>((kh * KW + kw) * CI * CO) << 2);
        for (let ci = 0; ci < CI; ci++) {
          const xv = load<f32>(xRow + (<usize>ci << 2));
          const xs = f32x4.splat(xv);
          const wRow = tap + (<usize>(ci * CO) << 2);
          let co = 0;
          for (; co < CO4; co += 4) {
            const o = <usize>co << 2;
            v128.store(wRow + o, f32x4.add(v128.load(wRow + o), f32x4.mul(xs, v128.load(dyRow + o))));
          }
          for (; co < CO; co++) {
            const o = <usize>co << 2;
            store<f32>(wRow + o, load<f32>(wRow + o) + xv * load<f32>(dyRow + o));
          }
        }
      }
    }
  }
}

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

// 1x1 stride-1 conv filter gradient, dW[ci,co] = sum over rows p of x[p,ci] * dy[p,co]: a GEMM
// x^T dy blocked like a BLAS micro-kernel. For each block of PB rows (x and dy rows stay in L1),
// a 4(ci) x 8(co) tile of dW is accumulated in 8 SIMD registers, so each dy vector load feeds 4
// multiply-adds instead of 1 (convFilterGrad's outer products). Tails (CI % 4, CO % 8) go scalar.
const PB = 64;
export function conv1x1FilterGrad(x: usize, dy: usize, dW: usize, P: i32, CI: i32, CO: i32): void {
  memory.fill(dW, 0, <usize>(CI * CO) << 2);
  const CI4 = CI & ~3, CO8 = CO & ~7;
  for (let p0 = 0; p0 < P; p0 += PB) {
    const p1 = min(P, p0 + PB);
    for (let ci = 0; ci < CI4; ci += 4) {
      for (let co = 0; co < CO8; co += 8) {
        let a00 = f32x4.splat(0), a01 = f32x4.splat(0), a10 = f32x4.splat(0), a11 = f32x4.splat(0);
        let a20 = f32x4.splat(0), a21 = f32x4.splat(0), a30 = f32x4.splat(0), a31 = f32x4.splat(0);
        for (let p = p0; p < p1; p++) {
          const g = dy + (<usize>(p * CO + co) << 2);
          const xr = x + (<usize>(p * CI + ci) << 2);
          const d0 = v128.load(g), d1 = v128.load(g, 16);
          const x0 = v128.load32_splat(xr), x1 = v128.load32_splat(xr, 4), x2 = v128.load32_splat(xr, 8), x3 = v128.load32_splat(xr, 12);
          a00 = f32x4.add(a00, f32x4.mul(x0, d0)); a01 = f32x4.add(a01, f32x4.mul(x0, d1));
          a10 = f32x4.add(a10, f32x4.mul(x1, d0)); a11 = f32x4.add(a11, f32x4.mul(x1, d1));
          a20 = f32x4.add(a20, f32x4.mul(x2, d0)); a21 = f32x4.add(a21, f32x4.mul(x2, d1));
          a30 = f32x4.add(a30, f32x4.mul(x3, d0)); a31 = f32x4.add(a31, f32x4.mul(x3, d1));
        }
        const w = dW + (<usize>(ci * CO + co) << 2), r = <usize>CO << 2;
        v128.store(w, f32x4.add(v128.load(w), a00)); v128.store(w, f32x4.add(v128.load(w, 16), a01), 16);
        v128.store(w + r, f32x4.add(v128.load(w + r), a10)); v128.store(w + r, f32x4.add(v128.load(w + r, 16), a11), 16);
        v128.store(w + 2 * r, f32x4.add(v128.load(w + 2 * r), a20)); v128.store(w + 2 * r, f32x4.add(v128.load(w + 2 * r, 16), a21), 16);
        v128.store(w + 3 * r, f32x4.add(v128.load(w + 3 * r), a30)); v128.store(w + 3 * r, f32x4.add(v128.load(w + 3 * r, 16), a31), 16);
      }
    }
    // Tails: the ci rows >= CI4 for every co, and the co columns >= CO8 for ci < CI4.
    if (CI4 == CI && CO8 == CO) continue;
    for (let p = p0; p < p1; p++) {
      const g = dy + (<usize>(p * CO) << 2);
      const xr = x + (<usize>(p * CI) << 2);
      for (let ci = 0; ci < CI; ci++) {
        const co0 = ci < CI4 ? CO8 : 0;
        if (co0 == CO) continue;
        const xv = load<f32>(xr + (<usize>ci << 2));
        const w = dW + (<usize>(ci * CO) << 2);
        for (let co = co0; co < CO; co++) {
          const o = <usize>co << 2;
          store<f32>(w + o, load<f32>(w + o) + xv * load<f32>(g + o));
        }
      }
    }
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
