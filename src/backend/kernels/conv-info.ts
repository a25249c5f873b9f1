// Contract: geometry shared by nasflow's convolution-gradient kernels: converts tfjs conv attrs to
// the integer argument list the SIMD kernels take (N, H, W, C.., OH, OW, KH, KW, strides, top/left
// padding, dilations). Uses tfjs's own computeConv2DInfo so padding matches the forward op exactly.

import { backend_util } from '@tensorflow/tfjs-core';

export interface ConvAttrs {
  strides: number | [number, number];
  pad: 'valid' | 'same' | number | backend_util.ExplicitPadding;
  dilations?: number | [number, number];
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  dataFormat?: 'NHWC' | 'NCHW';
}

export function convInfo(xShape: number[], filterShape: number[], a: ConvAttrs, depthwise: boolean): backend_util.Conv2DInfo {
  if (a.dataFormat === 'NCHW') throw new Error('nasflow wasm conv gradients support NHWC only');
  const info = backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    a.strides,
    a.dilations ?? 1,
    a.pad,
    a.dimRoundingMode,
    depthwise,
  );
  return info;
}

/** Trailing geometry arguments, in kernel order: OH, OW, KH, KW, sh, sw, pt, pl, dh, dl. */
export function geometry(c: backend_util.Conv2DInfo): number[] {
  return [c.outHeight, c.outWidth, c.filterHeight, c.filterWidth, c.strideHeight, c.strideWidth, c.padInfo.top, c.padInfo.left, c.dilationHeight, c.dilationWidth];
}

/** 1x1, stride 1, no padding: every output pixel is its input pixel times the filter matrix, so
 *  the convolution and both its gradients are matrix products over the N*H*W rows. */
export function isPointwise(c: backend_util.Conv2DInfo): boolean {
  return c.filterHeight === 1 && c.filterWidth === 1 && c.strideHeight === 1 && c.strideWidth === 1 && c.outHeight === c.inHeight && c.outWidth === c.inWidth;
}
