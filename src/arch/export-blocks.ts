// Keras-layer twins of the registry blocks, for export (stock layers only):
//   ir / skip       as before: 1x1 convs (grouped ones dense block-diagonal, shuffle folded in),
//                   DepthwiseConv2D, BN, Add, SE as GAP -> Reshape -> Conv2D x2 -> Multiply
//   none            Conv2D 1x1 (stride) with a zero kernel: exact zeros of the output shape
//   max/avg pool    MaxPooling2D / AveragePooling2D 3x3 'same' (both exclude padding like ours)
//   skip_connect    the input, or factorized reduce: ReLU, [Conv2D 1x1/2 | Cropping2D(1 top/left)
//                   -> ZeroPadding2D(1 bottom/right) -> Conv2D 1x1/2], Concatenate, BN
//   sep_conv        ReLU, DepthwiseConv2D, Conv2D 1x1, BN+ReLU, DepthwiseConv2D, Conv2D 1x1, BN
//   dil_conv        ReLU, SeparableConv2D (dilation 2, stride 1: tfjs-layers' DepthwiseConv2D
//                   ignores dilation), [AveragePooling2D 1x1/2 at stride 2], BN — the 1x1 conv
//                   commutes with the subsampling, so this equals our dw -> subsample -> 1x1
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { Block } from '../ops/block.js';
import { DilConvBlock, type FactorizedReduce, NoneBlock, PoolBlock, SepConvBlock, SkipConnectBlock } from '../ops/blocks/darts.js';
import { IrBlock } from '../ops/blocks/ir.js';
import { SkipBlock } from '../ops/blocks/skip.js';
import type { Graph, Sym } from './export-graph.js';

export function exportFactorizedReduce(g: Graph, p: string, fr: FactorizedReduce, x: Sym): Sym {
  const r = g.relu(`${p}_relu`, x);
  const a = g.conv(`${p}_conv1`, r, fr.conv1.kernel, 2);
  let s = g.add(tfl.layers.cropping2D({ name: `${p}_crop`, cropping: [[1, 0], [1, 0]] }), r);
  s = g.add(tfl.layers.zeroPadding2d({ name: `${p}_pad`, padding: [[0, 1], [0, 1]] }), s);
  const b = g.conv(`${p}_conv2`, s, fr.conv2.kernel, 2);
  return g.bn(`${p}_bn`, g.add(tfl.layers.concatenate({ name: `${p}_concat`, axis: -1 }), [a, b]), fr.bn);
}

export function exportBlock(g: Graph, p: string, block: Block, x: Sym): Sym {
  if (block instanceof SkipBlock) return block.proj ? g.bn(`${p}_proj_bn`, g.conv(`${p}_proj`, x, block.proj.conv.kernel, block.stride), block.proj.bn) : x;
  if (block instanceof IrBlock) return exportIr(g, p, block, x);
  if (block instanceof NoneBlock) return g.conv(`${p}_zero`, x, tf.zeros([1, 1, block.cIn, block.cOut]), block.stride);
  if (block instanceof PoolBlock) {
    const op = block.op as { pool: 'max' | 'avg'; kernel: number };
    const args = { name: `${p}_${op.pool}pool`, poolSize: op.kernel, strides: block.stride, padding: 'same' as const };
    return g.add(op.pool === 'max' ? tfl.layers.maxPooling2d(args) : tfl.layers.averagePooling2d(args), x);
  }
  if (block instanceof SkipConnectBlock) return block.reduce ? exportFactorizedReduce(g, `${p}_fr`, block.reduce, x) : x;
  if (block instanceof SepConvBlock) {
    let y = g.dw(`${p}_dw1`, g.relu(`${p}_relu`, x), block.dw1.kernel, block.stride);
    y = g.bn(`${p}_bn1`, g.conv(`${p}_pw1`, y, block.pw1.kernel, 1), block.bn1);
    y = g.dw(`${p}_dw2`, y, block.dw2.kernel, 1);
    return g.bn(`${p}_bn2`, g.conv(`${p}_pw2`, y, block.pw2.kernel, 1), block.bn2);
  }
  if (block instanceof DilConvBlock) {
    const sep = tfl.layers.separableConv2d({ name: `${p}_sep`, filters: block.cOut, kernelSize: block.dw.k, strides: 1, dilationRate: 2, padding: 'same', depthMultiplier: 1, useBias: false });
    let y = g.add(sep, g.relu(`${p}_relu`, x), [block.dw.kernel, block.pw.kernel]);
    if (block.stride === 2) y = g.add(tfl.layers.averagePooling2d({ name: `${p}_subsample`, poolSize: 1, strides: 2, padding: 'valid' }), y);
    return g.bn(`${p}_bn`, y, block.bn);
  }
  throw new TypeError(`export: no Keras mapping for block ${block.name}`);
}

function exportIr(g: Graph, p: string, block: IrBlock, x: Sym): Sym {
  let y = x;
  if (block.pw) y = g.bn(`${p}_pw_bn`, g.conv(`${p}_pw`, y, tf.keep(block.pw.conv.denseKernel()), 1), block.pw.bn);
  y = g.bn(`${p}_dw_bn`, g.dw(`${p}_dw`, y, block.dw.conv.kernel, block.stride), block.dw.bn);
  y = g.bn(`${p}_pwl_bn`, g.conv(`${p}_pwl`, y, tf.keep(block.pwl.conv.denseKernel()), 1), block.pwl.bn);
  if (block.residual) y = g.add(tfl.layers.add({ name: `${p}_add` }), [y, x]);
  if (block.se) {
    const se = block.se;
    let s = g.add(tfl.layers.globalAveragePooling2d({ name: `${p}_se_pool` }), y);
    s = g.add(tfl.layers.reshape({ name: `${p}_se_reshape`, targetShape: [1, 1, block.cOut] }), s);
    s = g.conv(`${p}_se_reduce`, s, se.reduceKernel, 1, [se.reduceBias], 'relu');
    s = g.conv(`${p}_se_expand`, s, se.expandKernel, 1, [se.expandBias], 'sigmoid');
    y = g.add(tfl.layers.multiply({ name: `${p}_se_scale` }), [y, s]);
  }
  return y;
}
