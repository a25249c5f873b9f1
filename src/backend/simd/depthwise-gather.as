// AssemblyScript: depthwise convolution kernels that sum in registers, channel multiplier 1 (filters
// [KH, KW, C, 1]): the forward, the input gradient at stride 1 (the forward with the filter flipped),
// and the filter gradient at any stride.
// Contract (all nasflow .as files): every function works on raw byte addresses into the memory
// the module imports, which is the tfjs-backend-wasm heap itself, so tensors are read and written
// in place, without copies. The module has no data segments, no allocator and no globals that
// touch memory: it must never write anywhere but the output addresses it is given. Layouts are
// NHWC float32. Compiled together by build.ts into kernels.wasm.

// Ceiling and floor of a / b for b > 0 and any sign of a (i32 division truncates towards zero).
@inline function cdiv(a: i32, b: i32): i32 { return a >= 0 ? (a + b - 1) / b : -(-a / b); }
@inline function fdiv(a: i32, b: i32): i32 { return a >= 0 ? a / b : -((-a + b - 1) / b); }

// y[n,oh,ow,c] = sum over kh,kw of x[n, oh*sh-pt+kh*dh, ow*sw-pl+kw*dl, c] * w[kh,kw,c].
// flip != 0 reads w[KH-1-kh, KW-1-kw, c] instead: called with dy as x, dx as y, stride 1 and pads
// (KH-1)*dh-pt, (KW-1)*dl-pl, that is the depthwise input gradient, so both share this loop.
// Each output pixel sums its taps in registers (no read-modify-write of memory per tap), 16
// channels at a time in four independent accumulators so the adds do not wait on each other, then
// 4 channels, then 1. Only in-bounds taps are visited (the tap range is clipped per row and pixel).
export function dwForward(x: usize, w: usize, y: usize, N: i32, H: i32, W: i32, C: i32, OH: i32, OW: i32,
                          KH: i32, KW: i32, sh: i32, sw: i32, pt: i32, pl: i32, dh: i32, dl: i32, flip: i32): void {
  const C16 = C & ~15, C4 = C & ~3;
  const px = <usize>C << 2;
  const xStep = <usize>dl * px;
  const wStep: usize = flip ? 0 - px : px;
  const xRowStep = <usize>(dh * W) * px;
  const wRowStep: usize = flip ? 0 - <usize>KW * px : <usize>KW * px;
  for (let n = 0; n < N; n++) for (let oh = 0; oh < OH; oh++) {
    const ih0 = oh * sh - pt;
    const kh0 = max(0, cdiv(-ih0, dh)), kh1 = min(KH, fdiv(H - 1 - ih0, dh) + 1);
    const yRow = y + <usize>((n * OH + oh) * OW) * px;
    for (let ow = 0; ow < OW; ow++) {
      const iw0 = ow * sw - pl;
      const kw0 = max(0, cdiv(-iw0, dl)), kw1 = min(KW, fdiv(W - 1 - iw0, dl) + 1);
      const yp = yRow + <usize>ow * px;
      // x at (n, first tap's row, first tap's column) and w at the first tap (flipped: counted from the end).
      const xBase = x + <usize>((n * H + ih0 + kh0 * dh) * W + iw0 + kw0 * dl) * px;
      const wBase = w + <usize>(flip ? (KH - 1 - kh0) * KW + KW - 1 - kw0 : kh0 * KW + kw0) * px;
      let c = 0;
      for (; c < C16; c += 16) {
        let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
        let xr = xBase + (<usize>c << 2), wr = wBase + (<usize>c << 2);
        for (let kh = kh0; kh < kh1; kh++) {
          let xp = xr, wp = wr;
          for (let kw = kw0; kw < kw1; kw++) {
            a0 = madd(v128.load(xp), v128.load(wp), a0);
            a1 = madd(v128.load(xp, 16), v128.load(wp, 16), a1);
            a2 = madd(v128.load(xp, 32), v128.load(wp, 32), a2);
            a3 = madd(v128.load(xp, 48), v128.load(wp, 48), a3);
            xp += xStep;
            wp += wStep;
          }
          xr += xRowStep;
          wr += wRowStep;
        }
        const o = yp + (<usize>c << 2);
        v128.store(o, a0); v128.store(o, a1, 16); v128.store(o, a2, 32); v128.store(o, a3, 48);
      }
      for (; c < C4; c += 4) {
        let a = f32x4.splat(0);
        let xr = xBase + (<usize>c << 2), wr = wBase + (<usize>c << 2);
        for (let kh = kh0; kh < kh1; kh++) {
          let xp = xr, wp = wr;
          for (let kw = kw0; kw < kw1; kw++) {
            a = madd(v128.load(xp), v128.load(wp), a);
            xp += xStep;
            wp += wStep;
          }
          xr += xRowStep;
          wr += wRowStep;
        }
        v128.store(yp + (<usize>c << 2), a);
      }
      for (; c < C; c++) {
        let a: f32 = 0;
        let xr = xBase + (<usize>c << 2), wr = wBase + (<usize>c << 2);
        for (let kh = kh0; kh < kh1; kh++) {
          let xp = xr, wp = wr;
          for (let kw = kw0; kw < kw1; kw++) {
            a += load<f32>(xp) * load<f32>(wp);
            xp += xStep;
            wp += wStep;
          }
          xr += xRowStep;
          wr += wRowStep;
        }
        store<f32>(yp + (<usize>c << 2), a);
      }
    }
  }
}

// Depthwise filter gradient, multiplier 1: dw[kh,kw,c] = sum over n,oh,ow of
// x[n, oh*sh-pt+kh*dh, ow*sw-pl+kw*dl, c] * dy[n,oh,ow,c]. Per output row and tap, the sum over the
// row's pixels runs in registers (16 channels in four accumulators, then 4, then 1) and dw is read
// and written once per row and tap, not once per pixel; the x and dy rows stay in L1.
export function dwFilterGrad(x: usize, dy: usize, dw: usize, N: i32, H: i32, W: i32, C: i32, OH: i32, OW: i32,
                             KH: i32, KW: i32, sh: i32, sw: i32, pt: i32, pl: i32, dh: i32, dl: i32): void {
  memory.fill(dw, 0, <usize>(KH * KW * C) << 2);
  const C16 = C & ~15, C4 = C & ~3;
  const px = <usize>C << 2;
  const xStep = <usize>sw * px;
  for (let n = 0; n < N; n++) for (let oh = 0; oh < OH; oh++) {
    const ih0 = oh * sh - pt;
    const kh0 = max(0, cdiv(-ih0, dh)), kh1 = min(KH, fdiv(H - 1 - ih0, dh) + 1);
    const dyRow = dy + <usize>((n * OH + oh) * OW) * px;
    for (let kh = kh0; kh < kh1; kh++) {
      const xRow = x + <usize>((n * H + ih0 + kh * dh) * W) * px;
      for (let kw = 0; kw < KW; kw++) {
        const off = kw * dl - pl;
        const ow0 = max(0, cdiv(-off, sw)), ow1 = min(OW, fdiv(W - 1 - off, sw) + 1);
        if (ow0 >= ow1) continue;
        const tap = dw + <usize>(kh * KW + kw) * px;
        const x0 = xRow + <usize>(ow0 * sw + off) * px;
        const d0 = dyRow + <usize>ow0 * px;
        let c = 0;
        for (; c < C16; c += 16) {
          const t = tap + (<usize>c << 2);
          let a0 = v128.load(t), a1 = v128.load(t, 16), a2 = v128.load(t, 32), a3 = v128.load(t, 48);
          let xp = x0 + (<usize>c << 2), dp = d0 + (<usize>c << 2);
          for (let ow = ow0; ow < ow1; ow++) {
            a0 = madd(v128.load(xp), v128.load(dp), a0);
            a1 = madd(v128.load(xp, 16), v128.load(dp, 16), a1);
            a2 = madd(v128.load(xp, 32), v128.load(dp, 32), a2);
            a3 = madd(v128.load(xp, 48), v128.load(dp, 48), a3);
            xp += xStep;
            dp += px;
          }
          v128.store(t, a0); v128.store(t, a1, 16); v128.store(t, a2, 32); v128.store(t, a3, 48);
        }
        for (; c < C4; c += 4) {
          const t = tap + (<usize>c << 2);
          let a = v128.load(t);
          let xp = x0 + (<usize>c << 2), dp = d0 + (<usize>c << 2);
          for (let ow = ow0; ow < ow1; ow++) {
            a = madd(v128.load(xp), v128.load(dp), a);
            xp += xStep;
            dp += px;
          }
          v128.store(t, a);
        }
        for (; c < C; c++) {
          const t = tap + (<usize>c << 2);
          let a = load<f32>(t);
          let xp = x0 + (<usize>c << 2), dp = d0 + (<usize>c << 2);
          for (let ow = ow0; ow < ow1; ow++) {
            a += load<f32>(xp) * load<f32>(dp);
            xp += xStep;
            dp += px;
          }
          store<f32>(t, a);
        }
      }
    }
  }
}
