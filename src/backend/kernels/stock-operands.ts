// Contract: which tensors a stock tfjs-backend-wasm kernel may keep a packed copy of. XNNPACK
// operators are cached per weight tensor (a convolution's filter, a matrix product's operands, a
// bias or PReLU slope packed with them), so memory written in place under such a tensor would
// leave the operator computing with the old values (heap-io.ts writeInPlace must not).
//   markStockOperands(args, names)  records the named inputs of a call that goes to a stock kernel
//   xnnpackMayCache(dataId)         whether a tensor with this dataId was ever one of them
//   trackedStockKernels()           pass-through wrappers of the other stock kernels that take
//                                   weights (BatchMatMul, _FusedMatMul, FusedConv2D,
//                                   FusedDepthwiseConv2D, Prelu), recording their weights
// overrides.ts records the filters it hands to the stock convolutions. Kernels that only read
// their inputs afresh on every call (nasflow's own, elementwise, pooling, Transpose) need nothing.
import * as tf from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';

const seen = new WeakSet<object>();

export const xnnpackMayCache = (dataId: object): boolean => seen.has(dataId);

export function markStockOperands<A extends { inputs: Record<string, TensorInfo | undefined> }>(args: A, names: readonly string[]): A {
  for (const n of names) {
    const t = args.inputs[n];
    if (t) seen.add(t.dataId);
  }
  return args;
}

const WEIGHTS: Record<string, readonly string[]> = {
  BatchMatMul: ['a', 'b'],
  _FusedMatMul: ['a', 'b', 'bias', 'preluActivationWeights'],
  FusedConv2D: ['filter', 'bias', 'preluActivationWeights'],
  FusedDepthwiseConv2D: ['filter', 'bias', 'preluActivationWeights'],
  Prelu: ['alpha'],
};

/** Call after the wasm backend package is loaded (captures the stock kernels); registering them replaces the stock ones. */
export function trackedStockKernels(): KernelConfig[] {
  return Object.entries(WEIGHTS).flatMap(([name, weights]) => {
    const stock = tf.getKernel(name, 'wasm');
    if (!stock) return [];
    const kernelFunc = ((a: { inputs: Record<string, TensorInfo> }) => stock.kernelFunc(markStockOperands(a, weights) as never)) as unknown as KernelFunc;
    return [{ ...stock, kernelFunc }];
  });
}
