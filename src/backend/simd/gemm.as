// AssemblyScript: the matrix product behind 1x1 stride-1 convolutions, forward and input gradient.
// Contract (all nasflow .as files): every function works on raw byte addresses into the memory
// the module imports, which is the tfjs-backend-wasm heap itself, so tensors are read and written
// in place, without copies. The module has no data segments, no allocator and no globals that
// touch memory: it must never write anywhere but the output addresses it is given. Layouts are
// NHWC float32. Compiled together by build.ts into kernels.wasm.

// c[P, N] = a[P, K] . b[K, N], all row-major. A 1x1 stride-1 convolution is this with a = x as
// [pixels, CI] and b = the filter as [CI, CO]. Micro-kernel: a 4-row x 8-column tile of c in eight
// SIMD accumulators; per k, two b vectors and four splatted a values feed eight multiply-adds (0.75
// loads per multiply-add, against 2 for a dot product). Loops: blocks of RB rows, then 8-column
// panels of b, then the block's 4-row tiles, so a panel (K x 8 floats) stays in L1 across RB rows
// and b is read once per row block, even when b is larger than L2 (FBNet's 184 -> 1104 layer on 64
// rows). Tails: a 4-column vector panel, then scalar columns; leftover rows one at a time. Every
// output sums over k in order, whatever the blocking.
const RB = 64;
export function gemm(a: usize, b: usize, c: usize, P: i32, K: i32, N: i32): void {
  const N8 = N & ~7, N4 = N & ~3, P4 = P & ~3;
  const ra = <usize>K << 2, rb = <usize>N << 2;
  for (let q = 0; q < P4; q += RB) {
    const q1 = min(P4, q + RB);
    let n = 0;
    for (; n < N8; n += 8) for (let p = q; p < q1; p += 4) {
      let s00 = f32x4.splat(0), s01 = f32x4.splat(0), s10 = f32x4.splat(0), s11 = f32x4.splat(0);
      let s20 = f32x4.splat(0), s21 = f32x4.splat(0), s30 = f32x4.splat(0), s31 = f32x4.splat(0);
      let ap = a + <usize>p * ra, bp = b + (<usize>n << 2);
      for (let k = 0; k < K; k++) {
        const b0 = v128.load(bp), b1 = v128.load(bp, 16);
        const x0 = v128.load32_splat(ap), x1 = v128.load32_splat(ap + ra), x2 = v128.load32_splat(ap + 2 * ra), x3 = v128.load32_splat(ap + 3 * ra);
        s00 = madd(x0, b0, s00); s01 = madd(x0, b1, s01);
        s10 = madd(x1, b0, s10); s11 = madd(x1, b1, s11);
        s20 = madd(x2, b0, s20); s21 = madd(x2, b1, s21);
        s30 = madd(x3, b0, s30); s31 = madd(x3, b1, s31);
        ap += 4;
        bp += rb;
      }
      const o = c + <usize>p * rb + (<usize>n << 2);
      v128.store(o, s00); v128.store(o, s01, 16);
      v128.store(o + rb, s10); v128.store(o + rb, s11, 16);
      v128.store(o + 2 * rb, s20); v128.store(o + 2 * rb, s21, 16);
      v128.store(o + 3 * rb, s30); v128.store(o + 3 * rb, s31, 16);
    }
    for (; n < N4; n += 4) for (let p = q; p < q1; p += 4) {
      let s0 = f32x4.splat(0), s1 = f32x4.splat(0), s2 = f32x4.splat(0), s3 = f32x4.splat(0);
      let ap = a + <usize>p * ra, bp = b + (<usize>n << 2);
      for (let k = 0; k < K; k++) {
        const b0 = v128.load(bp);
        s0 = madd(v128.load32_splat(ap), b0, s0);
        s1 = madd(v128.load32_splat(ap + ra), b0, s1);
        s2 = madd(v128.load32_splat(ap + 2 * ra), b0, s2);
        s3 = madd(v128.load32_splat(ap + 3 * ra), b0, s3);
        ap += 4;
        bp += rb;
      }
      const o = c + <usize>p * rb + (<usize>n << 2);
      v128.store(o, s0); v128.store(o + rb, s1); v128.store(o + 2 * rb, s2); v128.store(o + 3 * rb, s3);
    }
    for (; n < N; n++) for (let p = q; p < q1; p += 4) gemmCell(a + <usize>p * ra, b, c + <usize>p * rb, K, N, n, 4);
  }
  for (let p = P4; p < P; p++) {
    const a0 = a + <usize>p * ra, c0 = c + <usize>p * rb;
    let n = 0;
    for (; n < N4; n += 4) {
      let s = f32x4.splat(0);
      let ap = a0, bp = b + (<usize>n << 2);
      for (let k = 0; k < K; k++) {
        s = madd(v128.load32_splat(ap), v128.load(bp), s);
        ap += 4;
        bp += rb;
      }
      v128.store(c0 + (<usize>n << 2), s);
    }
    for (; n < N; n++) gemmCell(a0, b, c0, K, N, n, 1);
  }
}

// Column n of `rows` consecutive rows of c (scalar tail of gemm).
@inline function gemmCell(a0: usize, b: usize, c0: usize, K: i32, N: i32, n: i32, rows: i32): void {
  const ra = <usize>K << 2, rb = <usize>N << 2;
  for (let r = 0; r < rows; r++) {
    let s: f32 = 0;
    let ap = a0 + <usize>r * ra, bp = b + (<usize>n << 2);
    for (let k = 0; k < K; k++) {
      s += load<f32>(ap) * load<f32>(bp);
      ap += 4;
      bp += rb;
    }
    store<f32>(c0 + <usize>r * rb + (<usize>n << 2), s);
  }
}

// t[c, r] = m[r, c] for an R x C row-major matrix (the filter's transpose for the input gradient).
// 4 x 4 blocks in registers (four row loads, eight shuffles, four column stores), so the strided
// side is written four floats at a time; the edges (R % 4 rows, C % 4 columns) go scalar. Values
// are only moved, never computed.
export function transpose2d(m: usize, t: usize, R: i32, C: i32): void {
  const R4 = R & ~3, C4 = C & ~3;
  const rm = <usize>C << 2, rt = <usize>R << 2;
  for (let r = 0; r < R4; r += 4) {
    const src = m + <usize>r * rm;
    let c = 0;
    for (; c < C4; c += 4) {
      const p = src + (<usize>c << 2);
      const r0 = v128.load(p), r1 = v128.load(p + rm), r2 = v128.load(p + 2 * rm), r3 = v128.load(p + 3 * rm);
      const t0 = v128.shuffle<i32>(r0, r1, 0, 4, 1, 5), t1 = v128.shuffle<i32>(r0, r1, 2, 6, 3, 7);
      const t2 = v128.shuffle<i32>(r2, r3, 0, 4, 1, 5), t3 = v128.shuffle<i32>(r2, r3, 2, 6, 3, 7);
      const q = t + <usize>c * rt + (<usize>r << 2);
      v128.store(q, v128.shuffle<i32>(t0, t2, 0, 1, 4, 5));
      v128.store(q + rt, v128.shuffle<i32>(t0, t2, 2, 3, 6, 7));
      v128.store(q + 2 * rt, v128.shuffle<i32>(t1, t3, 0, 1, 4, 5));
      v128.store(q + 3 * rt, v128.shuffle<i32>(t1, t3, 2, 3, 6, 7));
    }
    for (; c < C; c++) for (let k = 0; k < 4; k++) {
      store<f32>(t + (<usize>(c * R + r + k) << 2), load<f32>(m + (<usize>((r + k) * C + c) << 2)));
    }
  }
  for (let r = R4; r < R; r++) for (let c = 0; c < C; c++) {
    store<f32>(t + (<usize>(c * R + r) << 2), load<f32>(m + (<usize>(r * C + c) << 2)));
  }
}
