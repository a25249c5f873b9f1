// Contract: the three convolution-gradient kernels tfjs-backend-wasm 4.22.0 lacks, for backend
// 'wasm': Conv2DBackpropFilter, DepthwiseConv2dNativeBackpropFilter and
// DepthwiseConv2dNativeBackpropInput. Same inputs/attrs/outputs as the cpu backend's kernels
// (NHWC, any stride/padding/dilation/kernel size, any channel multiplier), computed by the SIMD
// loops in ../simd/depthwise.as and conv.as directly on the wasm heap. Exactness vs cpu is tested in
// tests/backend-conv-grads.test.ts.

import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { addressOf, simdFor, type WasmBackendLike } from '../simd/module.js';
import { type ConvAttrs, convInfo, geometry, isPointwise } from './conv-info.js';

interface Args<I> {
  inputs: I;
  backend: unknown;
  attrs: unknown;
}

function conv2DBackpropFilter(args: Args<{ x: TensorInfo; dy: TensorInfo }>): TensorInfo {
  const b = args.backend as WasmBackendLike;
  const a = args.attrs as ConvAttrs & { filterShape: number[] };
  const { x, dy } = args.inputs;
  const c = convInfo(x.shape, a.filterShape, { ...a, dilations: 1 }, false);
  const out = b.makeOutput(c.filterShape, 'float32');
  // 1x1 stride 1: x and dy rows align, so the gradient is one GEMM x^T dy (register-blocked kernel).
  if (isPointwise(c)) {
    simdFor(b).conv1x1FilterGrad(addressOf(b, x), addressOf(b, dy), addressOf(b, out), c.batchSize * c.inHeight * c.inWidth, c.inChannels, c.outChannels);
    return out;
  }
  simdFor(b).convFilterGrad(addressOf(b, x), addressOf(b, dy), addressOf(b, out), c.batchSize, c.inHeight, c.inWidth, c.inChannels, c.outChannels, ...geometry(c));
  return out;
}

function depthwiseBackpropFilter(args: Args<{ x: TensorInfo; dy: TensorInfo }>): TensorInfo {
  const b = args.backend as WasmBackendLike;
  const a = args.attrs as ConvAttrs & { filterShape: number[] };
  const { x, dy } = args.inputs;
  const c = convInfo(x.shape, a.filterShape, a, true);
  const out = b.makeOutput(c.filterShape, 'float32');
  const m = c.outChannels / c.inChannels;
  const k = simdFor(b);
  const head = [addressOf(b, x), addressOf(b, dy), addressOf(b, out), c.batchSize, c.inHeight, c.inWidth, c.inChannels];
  if (m === 1) k.dwFilterGrad(...head, ...geometry(c));
  else k.dwFilterGradMul(...head, m, ...geometry(c));
  return out;
}

function depthwiseBackpropInput(args: Args<{ dy: TensorInfo; filter: TensorInfo }>): TensorInfo {
  const b = args.backend as WasmBackendLike;
  const a = args.attrs as ConvAttrs & { inputShape: number[] };
  const { dy, filter } = args.inputs;
  const c = convInfo(a.inputShape, filter.shape, a, true);
  const out = b.makeOutput(a.inputShape, 'float32');
  const m = c.outChannels / c.inChannels;
  const k = simdFor(b);
  // Stride 1, multiplier 1: the gradient is the forward gather of dy with the filter flipped
  // (registers, no scatter); other strides scatter.
  if (m === 1 && c.strideHeight === 1 && c.strideWidth === 1) {
    const pt = (c.filterHeight - 1) * c.dilationHeight - c.padInfo.top;
    const pl = (c.filterWidth - 1) * c.dilationWidth - c.padInfo.left;
    k.dwForward(addressOf(b, dy), addressOf(b, filter), addressOf(b, out), c.batchSize, c.outHeight, c.outWidth, c.inChannels, c.inHeight, c.inWidth, c.filterHeight, c.filterWidth, 1, 1, pt, pl, c.dilationHeight, c.dilationWidth, 1);
    return out;
  }
  const head = [addressOf(b, dy), addressOf(b, filter), addressOf(b, out), c.batchSize, c.inHeight, c.inWidth, c.inChannels];
  if (m === 1) k.dwInputGrad(...head, ...geometry(c));
  else k.dwInputGradMul(...head, m, ...geometry(c));
  return out;
}

const wasm = (kernelName: string, f: (args: Args<never>) => TensorInfo): KernelConfig => ({
  kernelName,
  backendName: 'wasm',
  kernelFunc: f as unknown as KernelFunc,
});

export const convGradKernels: KernelConfig[] = [
  wasm('Conv2DBackpropFilter', conv2DBackpropFilter as (args: Args<never>) => TensorInfo),
  wasm('DepthwiseConv2dNativeBackpropFilter', depthwiseBackpropFilter as (args: Args<never>) => TensorInfo),
  wasm('DepthwiseConv2dNativeBackpropInput', depthwiseBackpropInput as (args: Args<never>) => TensorInfo),
];
