// Analytic FLOPs and parameter counts of blocks, stem and head for one input shape. tfjs-free.
//
// What is counted (per image):
//   flops          2 x multiply-adds of every conv, depthwise conv and dense layer, with grouped
//                  1x1 convs counted as grouped (cIn/g x cOut); SE's two 1x1 convs included.
//                  NOT counted: BatchNorm, ReLU, sigmoid, bias adds, residual adds, pooling, the
//                  channel shuffle and SE's rescale (all O(activations), no multiply-add).
//   executedFlops  the same, but grouped 1x1 convs as they actually run in nasflow and in the
//                  exported TF.js model: a dense 1x1 conv with a block-diagonal weight (g x flops).
//   params         trainable numbers: conv/dense weights (grouped: compact), biases, BN gamma+beta.
//   state          non-trainable numbers saved with the weights: BN moving mean + moving variance.
// Each Cost lists its parts so a report can say exactly where a total comes from.
import { type CanonicalOp, midChannels, seChannels, strided } from './op.js';

export interface CostPart {
  part: string;
  flops: number;
  executedFlops: number;
  params: number;
  state: number;
}
export interface Cost {
  flops: number;
  executedFlops: number;
  params: number;
  state: number;
  parts: CostPart[];
  outH: number;
  outW: number;
}

/** A k x k conv with `groups` groups producing outPix output pixels; groups > 1 runs as a dense block-diagonal conv. */
export function convPart(part: string, cIn: number, cOut: number, k: number, groups: number, outPix: number, bias = false): CostPart {
  const macs = k * k * (cIn / groups) * cOut * outPix;
  const params = k * k * (cIn / groups) * cOut + (bias ? cOut : 0);
  return { part, flops: 2 * macs, executedFlops: 2 * groups * macs, params, state: 0 };
}

/** A k x k depthwise conv (multiplier 1) on c channels. */
export function dwPart(part: string, c: number, k: number, outPix: number): CostPart {
  return { part, flops: 2 * k * k * c * outPix, executedFlops: 2 * k * k * c * outPix, params: k * k * c, state: 0 };
}

export function bnPart(part: string, c: number): CostPart {
  return { part, flops: 0, executedFlops: 0, params: 2 * c, state: 2 * c };
}

export function densePart(part: string, cIn: number, cOut: number): CostPart {
  return { part, flops: 2 * cIn * cOut, executedFlops: 2 * cIn * cOut, params: cIn * cOut + cOut, state: 0 };
}

export function sumParts(parts: CostPart[], outH: number, outW: number): Cost {
  const total = (k: 'flops' | 'executedFlops' | 'params' | 'state'): number => parts.reduce((s, p) => s + p[k], 0);
  return { flops: total('flops'), executedFlops: total('executedFlops'), params: total('params'), state: total('state'), parts, outH, outW };
}

/** Cost of one block applied to an h x w x cIn input. */
export function blockCost(cIn: number, cOut: number, stride: number, op: CanonicalOp, h: number, w: number): Cost {
  const oh = strided(h, stride);
  const ow = strided(w, stride);
  const parts: CostPart[] = [];
  const out = oh * ow;
  switch (op.kind) {
    case 'skip':
      if (stride !== 1 || cIn !== cOut) parts.push(convPart('proj', cIn, cOut, 1, 1, out), bnPart('proj_bn', cOut));
      return sumParts(parts, oh, ow);
    case 'none':
    case 'pool':
      return sumParts(parts, oh, ow);
    case 'skip_connect':
      if (stride !== 1) parts.push(convPart('fr_conv1', cIn, cOut / 2, 1, 1, out), convPart('fr_conv2', cIn, cOut / 2, 1, 1, out), bnPart('fr_bn', cOut));
      return sumParts(parts, oh, ow);
    case 'sep_conv':
      parts.push(dwPart('dw1', cIn, op.kernel, out), convPart('pw1', cIn, cIn, 1, 1, out), bnPart('bn1', cIn));
      parts.push(dwPart('dw2', cIn, op.kernel, out), convPart('pw2', cIn, cOut, 1, 1, out), bnPart('bn2', cOut));
      return sumParts(parts, oh, ow);
    case 'dil_conv': {
      // At stride 2 the dilated depthwise runs at stride 1 and is subsampled (src/ops/blocks/darts.ts).
      const dw = dwPart('dw', cIn, op.kernel, out);
      dw.executedFlops = 2 * op.kernel * op.kernel * cIn * h * w;
      parts.push(dw, convPart('pw', cIn, cOut, 1, 1, out), bnPart('bn', cOut));
      return sumParts(parts, oh, ow);
    }
    case 'ir':
      break;
  }
  const mid = midChannels(cIn, op);
  if (op.expandConv) parts.push(convPart('pw', cIn, mid, 1, op.groups, h * w), bnPart('pw_bn', mid));
  parts.push(dwPart('dw', mid, op.kernel, oh * ow), bnPart('dw_bn', mid));
  parts.push(convPart('pwl', mid, cOut, 1, op.groups, oh * ow), bnPart('pwl_bn', cOut));
  if (op.se) {
    const s = seChannels(cOut);
    parts.push(convPart('se_reduce', cOut, s, 1, 1, 1, true), convPart('se_expand', s, cOut, 1, 1, 1, true));
  }
  return sumParts(parts, oh, ow);
}

/** Stem: k x k conv (stride, no bias) + BN + ReLU. */
export function stemCost(cIn: number, cOut: number, kernel: number, stride: number, h: number, w: number): Cost {
  const oh = strided(h, stride);
  const ow = strided(w, stride);
  return sumParts([convPart('stem_conv', cIn, cOut, kernel, 1, oh * ow), bnPart('stem_bn', cOut)], oh, ow);
}

/** Head: [1x1 conv + (BN | bias)] -> global average pool -> dense to classes. */
export function headCost(cIn: number, cOut: number | null, norm: 'bn' | 'bias', classes: number, h: number, w: number): Cost {
  const parts: CostPart[] = [];
  if (cOut !== null) {
    parts.push(convPart('head_conv', cIn, cOut, 1, 1, h * w, norm === 'bias'));
    if (norm === 'bn') parts.push(bnPart('head_bn', cOut));
  }
  parts.push(densePart('classifier', cOut ?? cIn, classes));
  return sumParts(parts, 1, 1);
}
