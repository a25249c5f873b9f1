// Export a built nasflow model as a TF.js LayersModel (model.json + weights.bin) that stock
// @tensorflow/tfjs loads with tf.loadLayersModel and runs in inference mode, no nasflow code
// needed. Only stock Keras layers: Conv2D, DepthwiseConv2D, BatchNormalization, Activation, Add,
// Reshape, Multiply, GlobalAveragePooling2D, Dropout, Dense. Mapping:
//   stem / block convs   the exact kernels nasflow computes with (weights copied, not retrained)
//   grouped 1x1 (g > 1)  Conv2D with the dense block-diagonal kernel, channel shuffle folded into
//                        its rows — equivalent, g x the MACs of a true grouped conv (tfjs-layers
//                        Conv2D has no `groups`); such blocks are listed in `costlier`
//   SE                   GAP -> Reshape [1,1,C] -> Conv2D 1x1 relu -> Conv2D 1x1 sigmoid -> Multiply
// BatchNormalization layers get nasflow's epsilon and moving statistics.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { Block } from '../ops/block.js';
import { IrBlock } from '../ops/blocks/ir.js';
import { SkipBlock } from '../ops/blocks/skip.js';
import { BN_EPSILON, type BatchNorm } from '../ops/layers/batchnorm.js';
import type { NasflowModel } from './model.js';

type Sym = tfl.SymbolicTensor;
export interface CostlierExport {
  block: number;
  name: string;
  reason: string;
  flops: number;
  exportedFlops: number;
}

/** Applies a layer and queues its weights (set once the model exists, when layers are built). */
class Graph {
  readonly pending: [tfl.layers.Layer, tf.Tensor[]][] = [];
  add(layer: tfl.layers.Layer, x: Sym | Sym[], weights: tf.Tensor[] = []): Sym {
    if (weights.length) this.pending.push([layer, weights]);
    return layer.apply(x) as Sym;
  }
  conv(name: string, x: Sym, kernel: tf.Tensor, stride: number, extra: tf.Tensor[] = [], activation: 'linear' | 'relu' | 'sigmoid' = 'linear'): Sym {
    const [k, , , filters] = kernel.shape as [number, number, number, number];
    const layer = tfl.layers.conv2d({ name, filters, kernelSize: k, strides: stride, padding: 'same', useBias: extra.length > 0, activation });
    return this.add(layer, x, [kernel, ...extra]);
  }
  bn(name: string, x: Sym, bn: BatchNorm): Sym {
    const y = this.add(tfl.layers.batchNormalization({ name, axis: -1, epsilon: BN_EPSILON }), x, [bn.gamma, bn.beta, bn.movingMean, bn.movingVar]);
    return bn.activation === 'relu' ? this.add(tfl.layers.activation({ name: `${name}_relu`, activation: 'relu' }), y) : y;
  }
}

function exportBlock(g: Graph, p: string, block: Block, x: Sym): Sym {
  if (block instanceof SkipBlock) return block.proj ? g.bn(`${p}_proj_bn`, g.conv(`${p}_proj`, x, block.proj.conv.kernel, block.stride), block.proj.bn) : x;
  if (!(block instanceof IrBlock)) throw new TypeError(`export: no Keras mapping for block ${block.name}`);
  let y = x;
  if (block.pw) y = g.bn(`${p}_pw_bn`, g.conv(`${p}_pw`, y, tf.keep(block.pw.conv.denseKernel()), 1), block.pw.bn);
  const dw = tfl.layers.depthwiseConv2d({ name: `${p}_dw`, kernelSize: block.op.kernel, strides: block.stride, padding: 'same', depthMultiplier: 1, useBias: false });
  y = g.bn(`${p}_dw_bn`, g.add(dw, y, [block.dw.conv.kernel]), block.dw.bn);
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

/** Builds the Keras-layers twin of `model` with its current weights. Caller disposes `layers`. */
export function toLayersModel(model: NasflowModel): { layers: tfl.LayersModel; costlier: CostlierExport[] } {
  const g = new Graph();
  const a = model.arch;
  const input = tfl.input({ shape: [...a.input], name: 'input' });
  let x = g.bn('stem_bn', g.conv('stem_conv', input, model.stem.conv.kernel, a.stem.stride), model.stem.bn);
  model.blocks.forEach((b, i) => (x = exportBlock(g, `b${i}`, b, x)));
  const h = model.head;
  if (h.conv) {
    x = g.conv('head_conv', x, h.conv.conv.kernel, 1, h.conv.bias ? [h.conv.bias] : []);
    if (h.conv.bn) x = g.bn('head_bn', x, h.conv.bn);
    else if (h.opts.relu) x = g.add(tfl.layers.activation({ name: 'head_relu', activation: 'relu' }), x);
  }
  x = g.add(tfl.layers.globalAveragePooling2d({ name: 'head_pool' }), x);
  if (h.opts.dropout > 0) x = g.add(tfl.layers.dropout({ name: 'head_dropout', rate: h.opts.dropout }), x);
  x = g.add(tfl.layers.dense({ name: 'classifier', units: a.classes }), x, [h.dense.kernel, h.dense.bias]);
  const layers = tfl.model({ name: a.name.replace(/[^A-Za-z0-9_]/g, '_'), inputs: input, outputs: x });
  for (const [layer, weights] of g.pending) layer.setWeights(weights);
  tf.dispose(g.pending.flatMap(([, w]) => w.filter((t) => !(t instanceof tf.Variable))));
  const costlier = a.blocks
    .filter((b) => b.op.kind === 'ir' && b.op.groups > 1)
    .map((b) => ({ block: b.index, name: b.name, reason: `grouped 1x1 convs (groups ${b.op.kind === 'ir' ? b.op.groups : 1}) exported as dense block-diagonal Conv2D`, flops: b.cost.flops, exportedFlops: b.cost.executedFlops }));
  return { layers, costlier };
}
