// AssemblyScript: regular convolution filter gradients (filters [KH, KW, CI, CO]).
// Contract (all nasflow .as files): every function works on raw byte addresses into the memory
// the module imports, which is the tfjs-backend-wasm heap itself, so tensors are read and written
// in place, without copies. The module has no data segments, no allocator and no globals that
// touch memory: it must never write anywhere but the output addresses it is given. Layouts are
// NHWC float32. Compiled together by build.ts into kernels.wasm.

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
            v128.store(wRow + o, madd(xs, v128.load(dyRow + o), v128.load(wRow + o)));
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
          a00 = madd(x0, d0, a00); a01 = madd(x0, d1, a01);
          a10 = madd(x1, d0, a10); a11 = madd(x1, d1, a11);
          a20 = madd(x2, d0, a20); a21 = madd(x2, d1, a21);
          a30 = madd(x3, d0, a30); a31 = madd(x3, d1, a31);
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
