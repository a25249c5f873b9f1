// Contract: faster replacements for two stock tfjs-backend-wasm 4.22.0 kernels, same semantics:
//  - Identity (used by clone(), hence by every tensor autodiff saves for the backward) shares the
//    input's heap buffer by reference count, as the cpu backend does, instead of copying it
//    (measured 22 ms of copies per train step of the benchmark block).
//  - Conv2DBackpropInput at stride 1 (dilation is always 1 for this kernel) runs as a forward
//    convolution of dy with the spatially flipped, in/out-transposed filter, so XNNPACK does it:
//    222 ms -> ~20 ms for a 1x1 96->16 input gradient at batch 64, 32x32. Other strides call the
//    stock kernel.
//  - DepthwiseConv2dNative with channel multiplier 1 runs nasflow's register-accumulating SIMD loop
//    (dwForward, ../simd/depthwise-gather.as) instead of XNNPACK's: 10.6 -> 3.4 ms for a 5x5 stride-1
//    depthwise on 64x14x14x96, the default supernet's largest, and 1.3-4.7x faster on all its shapes
//    (npm run bench:kernels). Other multipliers call the stock kernel.
//  - Conv2D, and Conv2DBackpropInput, for a 1x1 stride-1 filter without padding run as one
//    register-blocked matrix product (gemm, ../simd/gemm.as): x[pixels, CI] . w[CI, CO], and
//    dy[pixels, CO] . w^T. Other filters call the stock kernel (and the flipped-filter path above).
// Latency is timed on what a user's stock tfjs-backend-wasm runs: inside withStockForward (the
// latency runners' inferences) the two forward overrides call the stock kernels.
// Every filter these overrides hand to a stock kernel is recorded (stock-operands.ts): XNNPACK
// caches its packed copy per filter tensor, so such a filter must never be written in place.
// makeOverrides() must run after the wasm backend package is loaded (it captures the originals).

import * as tf from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { addressOf, simdFor, type WasmBackendLike } from '../simd/module.js';
import { convInfo, geometry, isPointwise, type ConvAttrs } from './conv-info.js';
import { markStockOperands } from './stock-operands.js';

interface WasmRefBackend {
  incRef(dataId: object): void;
  disposeData(dataId: object, force?: boolean): boolean;
}
interface Args {
  inputs: Record<string, TensorInfo>;
  backend: unknown;
  attrs: Record<string, unknown>;
}

const toStock = (a: Args): Args => markStockOperands(a, ['filter']);

let stockForward = 0;
/** Runs f with the stock Conv2D and DepthwiseConv2dNative (nested calls allowed). */
export function withStockForward<T>(f: () => T): T {
  stockForward++;
  try {
    return f();
  } finally {
    stockForward--;
  }
}

function stockConfig(name: string): KernelConfig {
  const k = tf.getKernel(name, 'wasm');
  if (!k) throw new Error(`tfjs-backend-wasm has no ${name} kernel`);
  return k;
}
const stock = (name: string): KernelFunc => stockConfig(name).kernelFunc;

export function makeOverrides(): KernelConfig[] {
  const conv2D = stock('Conv2D');
  const transpose = stock('Transpose');
  const reverse = stock('Reverse');
  const backpropInput = stock('Conv2DBackpropInput');
  const depthwise = stock('DepthwiseConv2dNative');

  const conv2DForward = (a: Args): TensorInfo => {
    // Checked first: latency timing (withStockForward) is a hot loop and needs no geometry.
    if (stockForward > 0) return conv2D(toStock(a) as never) as TensorInfo;
    const x = a.inputs.x as TensorInfo;
    const filter = a.inputs.filter as TensorInfo;
    const c = convInfo(x.shape, filter.shape, { ...(a.attrs as unknown as ConvAttrs), dilations: 1 }, false);
    if (!isPointwise(c)) return conv2D(toStock(a) as never) as TensorInfo;
    const b = a.backend as WasmBackendLike;
    const out = b.makeOutput(c.outShape, 'float32');
    const pixels = c.batchSize * c.inHeight * c.inWidth;
    if (pixels > 0) simdFor(b).gemm(addressOf(b, x), addressOf(b, filter), addressOf(b, out), pixels, c.inChannels, c.outChannels);
    return out;
  };

  const identity = (a: Args): TensorInfo => {
    const x = a.inputs.x as TensorInfo;
    (a.backend as WasmRefBackend).incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
  };

  const conv2DBackpropInput = (a: Args): TensorInfo => {
    const attrs = a.attrs as unknown as ConvAttrs & { inputShape: number[] };
    const dy = a.inputs.dy as TensorInfo;
    const filter = a.inputs.filter as TensorInfo;
    const c = convInfo(attrs.inputShape, filter.shape, { ...attrs, dilations: 1 }, false);
    if (c.strideHeight !== 1 || c.strideWidth !== 1) return backpropInput(toStock(a) as never) as TensorInfo;
    if (isPointwise(c)) {
      const wb = a.backend as WasmBackendLike;
      const k = simdFor(wb);
      const wT = wb.makeOutput([c.outChannels, c.inChannels], 'float32');
      k.transpose2d(addressOf(wb, filter), addressOf(wb, wT), c.inChannels, c.outChannels);
      const out = wb.makeOutput(attrs.inputShape, 'float32');
      const pixels = c.batchSize * c.inHeight * c.inWidth;
      if (pixels > 0) k.gemm(addressOf(wb, dy), addressOf(wb, wT), addressOf(wb, out), pixels, c.outChannels, c.inChannels);
      wb.disposeData(wT.dataId, true);
      return out;
    }
    const b = a.backend as WasmRefBackend;
    const call = (f: KernelFunc, inputs: Record<string, TensorInfo>, at: Record<string, unknown>): TensorInfo =>
      f({ inputs, backend: a.backend, attrs: at } as never) as TensorInfo;
    const wT = call(transpose, { x: filter }, { perm: [0, 1, 3, 2] });
    const flipped = c.filterHeight * c.filterWidth > 1 ? call(reverse, { x: wT }, { dims: [0, 1] }) : wT;
    const kh = c.filterHeight - 1;
    const kw = c.filterWidth - 1;
    const pad = [[0, 0], [kh - c.padInfo.top, kh - c.padInfo.bottom], [kw - c.padInfo.left, kw - c.padInfo.right], [0, 0]];
    const out = call(conv2D, { x: dy, filter: flipped }, { strides: [1, 1], pad, dataFormat: 'NHWC', dilations: [1, 1], dimRoundingMode: undefined });
    b.disposeData(wT.dataId, true);
    if (flipped !== wT) b.disposeData(flipped.dataId, true);
    return out;
  };

  const depthwiseConv2d = (a: Args): TensorInfo => {
    const x = a.inputs.x as TensorInfo;
    const filter = a.inputs.filter as TensorInfo;
    if (stockForward > 0 || filter.shape[3] !== 1) return depthwise(toStock(a) as never) as TensorInfo;
    const c = convInfo(x.shape, filter.shape, a.attrs as unknown as ConvAttrs, true);
    const b = a.backend as WasmBackendLike;
    const out = b.makeOutput(c.outShape, 'float32');
    if (out.shape.every((d) => d > 0)) {
      simdFor(b).dwForward(addressOf(b, x), addressOf(b, filter), addressOf(b, out), c.batchSize, c.inHeight, c.inWidth, c.inChannels, ...geometry(c), 0);
    }
    return out;
  };

  // Keep the stock setupFunc: the stock kernel we fall back to binds its wasm function there.
  const wasm = (kernelName: string, f: (a: Args) => TensorInfo): KernelConfig => {
    const { setupFunc, disposeFunc } = stockConfig(kernelName);
    return { kernelName, backendName: 'wasm', kernelFunc: f as unknown as KernelFunc, ...(setupFunc ? { setupFunc } : {}), ...(disposeFunc ? { disposeFunc } : {}) };
  };
  return [wasm('Identity', identity), wasm('Conv2D', conv2DForward), wasm('Conv2DBackpropInput', conv2DBackpropInput), wasm('DepthwiseConv2dNative', depthwiseConv2d)];
}
