// Contract: MaxPoolGrad for backend 'wasm', replacing tfjs-backend-wasm 4.22.0's, which loses the
// gradient of a window whose values are all negative under 'same' padding (it lets the padding,
// read as 0, win). Same inputs/attrs/output as the cpu kernel: {dy, input, output}, attrs
// {filterSize, strides, pad, dimRoundingMode}; each output's gradient goes to the FIRST maximum of
// its window in row-major order over in-bounds pixels only (the cpu backend's rule). Plain JS on
// the wasm heap: DARTS' 3x3 pools are a small share of a cell step. Tested against cpu in
// tests/darts-kernels.test.ts.
import { backend_util, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import { addressOf, type WasmBackendLike } from '../simd/module.js';

interface Args {
  inputs: { dy: TensorInfo; input: TensorInfo; output: TensorInfo };
  backend: unknown;
  attrs: { filterSize: number | [number, number]; strides: number | [number, number]; pad: 'same' | 'valid' | number; dimRoundingMode?: 'floor' | 'round' | 'ceil' };
}

const size = (t: TensorInfo): number => t.shape.reduce((a, b) => a * b, 1);

function heap(b: WasmBackendLike, t: TensorInfo): Float32Array {
  const memory = b.wasm.asm?.memory as WebAssembly.Memory;
  return new Float32Array(memory.buffer, addressOf(b, t), size(t));
}

function maxPoolGrad(a: Args): TensorInfo {
  const b = a.backend as WasmBackendLike;
  const { dy, input } = a.inputs;
  const c = backend_util.computePool2DInfo(input.shape as [number, number, number, number], a.attrs.filterSize, a.attrs.strides, 1, a.attrs.pad, a.attrs.dimRoundingMode);
  const out = b.makeOutput(input.shape, 'float32');
  // Views taken after makeOutput: an allocation may grow (and detach) the heap buffer.
  const x = heap(b, input);
  const g = heap(b, dy);
  const dx = heap(b, out);
  dx.fill(0);
  const { batchSize: N, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW, strideHeight: sh, strideWidth: sw, filterHeight: kh, filterWidth: kw } = c;
  const pt = c.padInfo.top;
  const pl = c.padInfo.left;
  for (let n = 0; n < N; n++) {
    const xb = n * H * W * C;
    for (let oh = 0; oh < OH; oh++) {
      const h0 = oh * sh - pt;
      for (let ow = 0; ow < OW; ow++) {
        const w0 = ow * sw - pl;
        const gb = ((n * OH + oh) * OW + ow) * C;
        for (let ch = 0; ch < C; ch++) {
          let best = -Infinity;
          let at = -1;
          for (let i = Math.max(0, h0); i < Math.min(H, h0 + kh); i++) {
            for (let j = Math.max(0, w0); j < Math.min(W, w0 + kw); j++) {
              const k = xb + (i * W + j) * C + ch;
              if (x[k]! > best || at < 0) {
                best = x[k]!;
                at = k;
              }
            }
          }
          if (at >= 0) dx[at] = dx[at]! + g[gb + ch]!;
        }
      }
    }
  }
  return out;
}

export const poolGradKernels: KernelConfig[] = [{ kernelName: 'MaxPoolGrad', backendName: 'wasm', kernelFunc: maxPoolGrad as unknown as KernelFunc }];
