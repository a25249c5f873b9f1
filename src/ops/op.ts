// Block ops as structured attributes, and the names derived from them. tfjs-free: the latency and
// search-space rooms use this without loading TF.js.
//
// Contract:
//   canonicalOp(op)  -> every attribute explicit (defaults filled), plus the problems that make the
//                       op unbuildable whatever the shapes (e.g. expandConv false at expansion 3).
//   opName(op)       -> 'skip' | 'ir_k{kernel}_e{expansion}[_g{groups}][_pw][_se]' | DARTS names
//                       ('none', 'max_pool_3x3', 'avg_pool_3x3', 'skip_connect', 'sep_conv_3x3',
//                       'dil_conv_5x5', ...). Names are only ever DERIVED from attributes
//                       (registry keys, checks); nothing parses them.
// `_pw` marks expansion 1 with the 1x1 expand conv kept (the PyTorch FBNet reference IRFBlock always
// builds it); without `_pw` an expansion-1 block has no expand conv, as our block definition says.
import type { ArchOp, IrOp } from '../types/generated.js';

export interface CanonicalIrOp {
  kind: 'ir';
  kernel: 3 | 5 | 7;
  /** 1, 3, 6 in the catalogue; any positive number in an architecture (searched widths). */
  expansion: number;
  groups: 1 | 2 | 4;
  se: boolean;
  expandConv: boolean;
}
export interface CanonicalSkipOp {
  kind: 'skip';
}
/** DARTS ops (src/ops/blocks/darts.ts). */
export interface CanonicalNoneOp {
  kind: 'none';
}
export interface CanonicalPoolOp {
  kind: 'pool';
  pool: 'max' | 'avg';
  kernel: 3;
}
export interface CanonicalSkipConnectOp {
  kind: 'skip_connect';
}
export interface CanonicalSepConvOp {
  kind: 'sep_conv';
  kernel: 3 | 5;
}
export interface CanonicalDilConvOp {
  kind: 'dil_conv';
  kernel: 3 | 5;
}
export type CanonicalDartsOp = CanonicalNoneOp | CanonicalPoolOp | CanonicalSkipConnectOp | CanonicalSepConvOp | CanonicalDilConvOp;
export type CanonicalOp = CanonicalIrOp | CanonicalSkipOp | CanonicalDartsOp;

/** Default for expandConv: needed to expand, and for grouped blocks (the shuffle after it is what mixes groups). */
function defaultExpandConv(op: IrOp): boolean {
  return op.expansion !== 1 || (op.groups ?? 1) > 1;
}

export function canonicalOp(op: ArchOp): { op: CanonicalOp; problems: string[] } {
  if (op.kind !== 'ir') return { op: { ...op } as CanonicalOp, problems: [] };
  const groups = op.groups ?? 1;
  const c: CanonicalIrOp = {
    kind: 'ir',
    kernel: op.kernel,
    expansion: op.expansion,
    groups,
    se: op.se ?? false,
    expandConv: op.expandConv ?? defaultExpandConv(op),
  };
  const problems: string[] = [];
  if (!c.expandConv && c.expansion !== 1) problems.push(`op expansion ${c.expansion} needs the expand conv, found expandConv false`);
  if (!c.expandConv && groups > 1) problems.push(`op groups ${groups} needs the grouped expand conv (the shuffle after it mixes the groups), found expandConv false`);
  return { op: c, problems };
}

export function opName(op: CanonicalOp): string {
  switch (op.kind) {
    case 'skip':
    case 'none':
    case 'skip_connect':
      return op.kind;
    case 'pool':
      return `${op.pool}_pool_${op.kernel}x${op.kernel}`;
    case 'sep_conv':
    case 'dil_conv':
      return `${op.kind}_${op.kernel}x${op.kernel}`;
    case 'ir':
      break;
  }
  let name = `ir_k${op.kernel}_e${op.expansion}`;
  if (op.groups > 1) name += `_g${op.groups}`;
  if (op.expansion === 1 && op.groups === 1 && op.expandConv) name += '_pw';
  if (op.se) name += '_se';
  return name;
}

/** Mid (depthwise) channels of an inverted residual block. */
export function midChannels(cIn: number, op: CanonicalIrOp): number {
  // round: a real expansion (searched widths, mobile-vision's _ex(5.4566)) names a channel count.
  return Math.max(1, Math.round(cIn * op.expansion));
}

/** The attributes an architecture document writes: canonical minus the defaults. */
export function compactOp(op: CanonicalOp): ArchOp {
  if (op.kind !== 'ir') return { ...op } as ArchOp;
  const out: IrOp = { kind: 'ir', kernel: op.kernel, expansion: op.expansion };
  if (op.groups !== 1) out.groups = op.groups;
  if (op.se) out.se = true;
  if (op.expandConv !== defaultExpandConv(out)) out.expandConv = op.expandConv;
  return out;
}

/** Squeeze-excitation bottleneck width (FBNet reference SEModule: max(C / 4, 8)). */
export function seChannels(c: number): number {
  return Math.max(Math.floor(c / 4), 8);
}

/**
 * Shape rules of one block: why (cIn, cOut, stride) cannot carry this op. Empty when it can.
 * Values are named so a message can be read without the source.
 */
export function shapeProblems(cIn: number, cOut: number, stride: number, op: CanonicalOp): string[] {
  const out: string[] = [];
  if (stride !== 1 && stride !== 2) out.push(`expects stride 1 or 2, found ${stride}`);
  if ((op.kind === 'pool' || op.kind === 'none') && cIn !== cOut) out.push(`${opName(op)} keeps the channels: expects cOut = cIn ${cIn}, found cOut ${cOut}`);
  if (op.kind === 'skip_connect') {
    if (stride === 1 && cIn !== cOut) out.push(`skip_connect at stride 1 is the identity: expects cOut = cIn ${cIn}, found cOut ${cOut}`);
    if (stride === 2 && cOut % 2 !== 0) out.push(`skip_connect at stride 2 (factorized reduce) expects an even cOut, found ${cOut}`);
  }
  if (op.kind !== 'ir') return out;
  if (!(op.expansion > 0)) out.push(`expects expansion > 0, found ${op.expansion}`);
  const g = op.groups;
  if (g > 1) {
    if (cIn % g !== 0) out.push(`groups ${g} expects cIn divisible by ${g}, found cIn ${cIn}`);
    if (cOut % g !== 0) out.push(`groups ${g} expects cOut divisible by ${g}, found cOut ${cOut}`);
  }
  return out;
}

/** Spatial size after a 'same'-padded stride (TF convention, equal to PyTorch's pad k//2 for odd k). */
export function strided(size: number, stride: number): number {
  return Math.ceil(size / stride);
}
