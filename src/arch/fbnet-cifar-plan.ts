// The FBNet CIFAR macro-architecture and its 9 candidate blocks, as pure data (no TF.js), defined
// exactly like the PyTorch reference supernet so benchmarks and LUTs compare with it:
//   input 32x32x3, 10 classes; stem 3x3 conv 3->16 stride 2 + BN + ReLU (-> 16x16);
//   22 searchable layers, cOut [16 | 24x4 | 32x4 | 64x4 | 112x4 | 184x4 | 352],
//   strides [1 | 2,1,1,1 | 2,1,1,1 | 2,1,1,1 | 1,1,1,1 | 2,1,1,1 | 1];
//   head 1x1 conv 352->1504 with bias (no BN, no ReLU: the reference's conv_k1), GAP, dense ->10.
// Its ImageNet-style stride schedule takes the 16x16 map to 1x1 at layer 17; normalizeArch warns.
//
// Candidates come in two forms that differ only for ir_k{3,5}_e1:
//   'reference'  the PyTorch IRFBlock, which always builds the 1x1 expand conv (ir_k3_e1_pw ...):
//                one supernet forward with all 9 candidates = 72,959,424 FLOP/image (72.96 M).
//   'nasflow'    our block definition (no expand conv at expansion 1): 69,976,512 FLOP/image.
import { blockCost, headCost, stemCost } from '../ops/cost.js';
import { type CanonicalOp, compactOp, opName } from '../ops/op.js';
import type { ArchDoc } from '../types/generated.js';

export const FBNET_CIFAR_INPUT: [number, number, number] = [32, 32, 3];
export const FBNET_CIFAR_CLASSES = 10;
export const FBNET_CIFAR_STEM = { cOut: 16, stride: 2 as const, kernel: 3 as const };
export const FBNET_CIFAR_HEAD = { cOut: 1504, norm: 'bias' as const, relu: false, dropout: 0 };
const C_OUT = [16, 24, 24, 24, 24, 32, 32, 32, 32, 64, 64, 64, 64, 112, 112, 112, 112, 184, 184, 184, 184, 352];
const STRIDE = [1, 2, 1, 1, 1, 2, 1, 1, 1, 2, 1, 1, 1, 1, 1, 1, 1, 2, 1, 1, 1, 1] as const;

export interface PlanLayer {
  index: number;
  cIn: number;
  cOut: number;
  stride: 1 | 2;
  inH: number;
  inW: number;
}

/** The 22 searchable layers with the shapes each candidate is built for. */
export function fbnetCifarLayers(): PlanLayer[] {
  let c = FBNET_CIFAR_STEM.cOut;
  let h = Math.ceil(FBNET_CIFAR_INPUT[0] / FBNET_CIFAR_STEM.stride);
  return C_OUT.map((cOut, index) => {
    const stride = STRIDE[index] ?? 1;
    const layer: PlanLayer = { index, cIn: c, cOut, stride, inH: h, inW: h };
    [c, h] = [cOut, Math.ceil(h / stride)];
    return layer;
  });
}

export type CandidateForm = 'reference' | 'nasflow';

/** ir_k3_e1, ir_k3_e3, ir_k3_e6, ir_k5_e1, ir_k5_e3, ir_k5_e6, ir_k3_e1_g2, ir_k5_e1_g2, skip. */
export function fbnetCifarCandidates(form: CandidateForm = 'reference'): CanonicalOp[] {
  const ir = (kernel: 3 | 5, expansion: 1 | 3 | 6, groups: 1 | 2 = 1): CanonicalOp => ({
    kind: 'ir', kernel, expansion, groups, se: false, expandConv: expansion !== 1 || groups > 1 || form === 'reference',
  });
  return [ir(3, 1), ir(3, 3), ir(3, 6), ir(5, 1), ir(5, 3), ir(5, 6), ir(3, 1, 2), ir(5, 1, 2), { kind: 'skip' }];
}

/** Per-image FLOPs of one supernet forward that computes every candidate in every layer. */
export function supernetFlops(candidates: CanonicalOp[]): { total: number; stem: number; layers: number[]; head: number } {
  const [h0, w0, c0] = FBNET_CIFAR_INPUT;
  const s = FBNET_CIFAR_STEM;
  const stem = stemCost(c0, s.cOut, s.kernel, s.stride, h0, w0).flops;
  const plan = fbnetCifarLayers();
  const layers = plan.map((l) => candidates.reduce((sum, op) => sum + blockCost(l.cIn, l.cOut, l.stride, op, l.inH, l.inW).flops, 0));
  const last = plan[plan.length - 1];
  const outH = last ? Math.ceil(last.inH / last.stride) : 1;
  const head = headCost(last?.cOut ?? s.cOut, FBNET_CIFAR_HEAD.cOut, 'bias', FBNET_CIFAR_CLASSES, outH, outH).flops;
  return { total: stem + layers.reduce((a, b) => a + b, 0) + head, stem, layers, head };
}

/** The architecture document of one path through the supernet: choices[i] is layer i's op. */
export function fbnetCifarArch(name: string, choices: CanonicalOp[]): ArchDoc {
  const plan = fbnetCifarLayers();
  if (choices.length !== plan.length) throw new RangeError(`fbnetCifarArch: expects ${plan.length} choices, found ${choices.length}`);
  return {
    schema: 'arch/v2', name, input: [...FBNET_CIFAR_INPUT], classes: FBNET_CIFAR_CLASSES,
    body: {
      kind: 'chain', stem: { ...FBNET_CIFAR_STEM }, head: { ...FBNET_CIFAR_HEAD },
      rows: plan.map((l, i) => ({ op: compactOp(choices[i]!), name: opName(choices[i]!), cOut: l.cOut, stride: l.stride })),
    },
  };
}
