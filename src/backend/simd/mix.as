// AssemblyScript: the mixed layer's weighted sum of candidate outputs and its gradient, and the
// optimiser/statistics updates that would otherwise be several tfjs calls per variable.
// Contract (all nasflow .as files): every function works on raw byte addresses into the memory
// the module imports, which is the tfjs-backend-wasm heap itself, so tensors are read and written
// in place, without copies. The module has no data segments, no allocator and no globals that
// touch memory: it must never write anywhere but the output addresses it is given. Layouts are
// NHWC float32. Compiled together by build.ts into kernels.wasm.

// out = y * w (init != 0) or out + y * w, over n floats.
export function mixAcc(out: usize, y: usize, w: f32, n: i32, init: i32): void {
  const n4 = n & ~3;
  const wv = f32x4.splat(w);
  let i = 0;
  if (init) {
    for (; i < n4; i += 4) v128.store(out + (<usize>i << 2), f32x4.mul(v128.load(y + (<usize>i << 2)), wv));
    for (; i < n; i++) store<f32>(out + (<usize>i << 2), load<f32>(y + (<usize>i << 2)) * w);
  } else {
    for (; i < n4; i += 4) {
      const o = <usize>i << 2;
      v128.store(out + o, f32x4.add(v128.load(out + o), f32x4.mul(v128.load(y + o), wv)));
    }
    for (; i < n; i++) {
      const o = <usize>i << 2;
      store<f32>(out + o, load<f32>(out + o) + load<f32>(y + o) * w);
    }
  }
}

// The gradient of out += y * w for one candidate: writes dyOut = dy * w and returns sum(dy * y)
// (f32 SIMD partials over blocks of 1024 floats, totals in f64).
export function scaleDot(dy: usize, y: usize, w: f32, n: i32, dyOut: usize): f64 {
  const wv = f32x4.splat(w);
  let total: f64 = 0;
  for (let b = 0; b < n; b += 1024) {
    const e = min(n, b + 1024);
    const e4 = b + ((e - b) & ~3);
    let acc = f32x4.splat(0);
    let i = b;
    for (; i < e4; i += 4) {
      const o = <usize>i << 2;
      const g = v128.load(dy + o);
      v128.store(dyOut + o, f32x4.mul(g, wv));
      acc = f32x4.add(acc, f32x4.mul(g, v128.load(y + o)));
    }
    let s: f32 = 0;
    for (; i < e; i++) {
      const o = <usize>i << 2;
      const g = load<f32>(dy + o);
      store<f32>(dyOut + o, g * w);
      s += g * load<f32>(y + o);
    }
    total += <f64>(f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1)) + <f64>(f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3)) + <f64>s;
  }
  return total;
}

// torch.optim.SGD on n floats: d = g + wd*w; b' = mom*b + d; w' = w - lr*b'.
export function sgd(w: usize, b: usize, g: usize, n: i32, lr: f32, mom: f32, wd: f32, outW: usize, outB: usize): void {
  const n4 = n & ~3;
  const vlr = f32x4.splat(lr), vm = f32x4.splat(mom), vwd = f32x4.splat(wd);
  let i = 0;
  for (; i < n4; i += 4) {
    const o = <usize>i << 2;
    const wv = v128.load(w + o);
    const d = f32x4.add(v128.load(g + o), f32x4.mul(wv, vwd));
    const nb = f32x4.add(f32x4.mul(v128.load(b + o), vm), d);
    v128.store(outB + o, nb);
    v128.store(outW + o, f32x4.sub(wv, f32x4.mul(nb, vlr)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const wv = load<f32>(w + o);
    const nb = load<f32>(b + o) * mom + (load<f32>(g + o) + wv * wd);
    store<f32>(outB + o, nb);
    store<f32>(outW + o, wv - nb * lr);
  }
}

// out = a * p + b * q over n floats (moving averages: p = momentum, q = 1 - momentum).
export function lerp(a: usize, b: usize, n: i32, p: f32, q: f32, out: usize): void {
  for (let i = 0; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(out + o, load<f32>(a + o) * p + load<f32>(b + o) * q);
  }
}
