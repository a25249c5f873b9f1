// AssemblyScript: depthwise convolution gradients in scatter form (filters [KH, KW, C, M]): the input
// gradient at strides > 1, and both gradients for channel multipliers M > 1 (depthwise-gather.as has
// the forward, the stride-1 input gradient and the multiplier-1 filter gradient).
// Contract (all nasflow .as files): every function works on raw byte addresses into the memory
// the module imports, which is the tfjs-backend-wasm heap itself, so tensors are read and written
// in place, without copies. The module has no data segments, no allocator and no globals that
// touch memory: it must never write anywhere but the output addresses it is given. Layouts are
// NHWC float32. Compiled together by build.ts into kernels.wasm.

// Depthwise input gradient, scatter form: dx[n, oh*sh-pt+kh*dh, ow*sw-pl+kw*dl, c] += dy[n,oh,ow,c] * w[kh,kw,c].
// Channel multiplier 1, used at strides > 1 (stride 1 runs dwForward flipped); dwInputGradMul handles M > 1.
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
              v128.store(xRow + o, madd(v128.load(wRow + o), v128.load(dyRow + o), v128.load(xRow + o)));
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
