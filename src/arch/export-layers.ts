// Export a built nasflow model — chain or cells — as a TF.js LayersModel (model.json +
// weights.bin) that stock @tensorflow/tfjs loads with tf.loadLayersModel and runs in inference
// mode, no nasflow code needed. Only stock Keras layers (see export-blocks.ts for each block):
//   stem / block convs   the exact kernels nasflow computes with (weights copied, not retrained)
//   grouped 1x1 (g > 1)  Conv2D with the dense block-diagonal kernel, channel shuffle folded into
//                        its rows — equivalent, g x the MACs of a true grouped conv (tfjs-layers
//                        Conv2D has no `groups`); such blocks are listed in `costlier`
//   cells                each cell's preprocessing, edges, node sums (Add) and Concatenate
// BatchNormalization layers get nasflow's epsilon and moving statistics.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { CellInput, CellsModel } from './cells-model.js';
import { exportBlock, exportFactorizedReduce } from './export-blocks.js';
import { Graph, type Sym } from './export-graph.js';
import type { ChainModel, NasflowModel } from './model.js';

export interface CostlierExport {
  block: number;
  name: string;
  reason: string;
  flops: number;
  exportedFlops: number;
}

/** Builds the Keras-layers twin of `model` with its current weights. Caller disposes `layers`. */
export function toLayersModel(model: NasflowModel): { layers: tfl.LayersModel; costlier: CostlierExport[] } {
  const g = new Graph();
  const a = model.arch;
  const input = tfl.input({ shape: [...a.input], name: 'input' });
  let x = model.kind === 'chain' ? chainBody(g, model, input) : cellsBody(g, model, input);
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
  const costlier =
    model.kind !== 'chain'
      ? []
      : model.arch.blocks
          .filter((b) => b.op.kind === 'ir' && b.op.groups > 1)
          .map((b) => ({ block: b.index, name: b.name, reason: `grouped 1x1 convs (groups ${b.op.kind === 'ir' ? b.op.groups : 1}) exported as dense block-diagonal Conv2D`, flops: b.cost.flops, exportedFlops: b.cost.executedFlops }));
  return { layers, costlier };
}

function chainBody(g: Graph, model: ChainModel, input: Sym): Sym {
  let x = g.bn('stem_bn', g.conv('stem_conv', input, model.stem.conv.kernel, model.arch.stem.stride), model.stem.bn);
  model.blocks.forEach((b, i) => (x = exportBlock(g, `b${i}`, b, x)));
  return x;
}

function cellInput(g: Graph, p: string, c: CellInput, x: Sym): Sym {
  if (c.reduce) return exportFactorizedReduce(g, `${p}_fr`, c.reduce, x);
  return g.bn(`${p}_bn`, g.conv(`${p}_conv`, g.relu(`${p}_relu`, x), c.conv!.conv.kernel, 1), c.conv!.bn);
}

function cellsBody(g: Graph, model: CellsModel, input: Sym): Sym {
  let s0 = g.bn('stem_bn', g.conv('stem_conv', input, model.stem.conv.kernel, 1), model.stem.bn);
  let s1 = s0;
  model.cells.forEach((cell, i) => {
    const p = `c${i}`;
    const states = [cellInput(g, `${p}_pre0`, cell.pre0, s0), cellInput(g, `${p}_pre1`, cell.pre1, s1)];
    cell.edges.forEach((node, j) => {
      const outs = node.map((e, k) => exportBlock(g, `${p}_n${j}_e${k}`, e.block, states[e.input]!));
      states.push(g.add(tfl.layers.add({ name: `${p}_n${j}` }), outs));
    });
    const out = cell.concat.length === 1 ? states[cell.concat[0]!]! : g.add(tfl.layers.concatenate({ name: `${p}_out`, axis: -1 }), cell.concat.map((k) => states[k]!));
    [s0, s1] = [s1, out];
  });
  return s1;
}
