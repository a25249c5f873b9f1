// The FBNet primitive catalogue: every block op nasflow knows, as canonical attributes, in a fixed
// order. tfjs-free, so a search space or latency table can list and cost blocks without TF.js; the
// block registry (register-all.ts) registers one constructor per entry.
//
//   ir_k{3,5,7}_e{1,3,6}[_g{2,4}][_se]  inverted residual, grouped + shuffle, squeeze-excitation
//   ir_k{3,5,7}_e1_pw[_se]               expansion 1 with the expand conv (PyTorch FBNet form)
//   skip                                 identity / 1x1 projection
//   DARTS: none, max_pool_3x3, avg_pool_3x3, skip_connect, sep_conv_{3x3,5x5}, dil_conv_{3x3,5x5}
import { type CanonicalOp, opName } from './op.js';

export const KERNELS = [3, 5, 7] as const;
export const EXPANSIONS = [1, 3, 6] as const;
export const GROUPS = [1, 2, 4] as const;

export function catalogOps(): CanonicalOp[] {
  const ops: CanonicalOp[] = [];
  for (const kernel of KERNELS) {
    for (const expansion of EXPANSIONS) {
      for (const groups of GROUPS) {
        for (const se of [false, true]) {
          ops.push({ kind: 'ir', kernel, expansion, groups, se, expandConv: expansion !== 1 || groups > 1 });
          if (expansion === 1 && groups === 1) ops.push({ kind: 'ir', kernel, expansion, groups, se, expandConv: true });
        }
      }
    }
  }
  ops.push({ kind: 'skip' });
  ops.push(...dartsOps());
  return ops;
}

/** The DARTS op set (quark0/darts genotypes.py PRIMITIVES), in its order. */
export function dartsOps(): CanonicalOp[] {
  return [
    { kind: 'none' },
    { kind: 'pool', pool: 'max', kernel: 3 },
    { kind: 'pool', pool: 'avg', kernel: 3 },
    { kind: 'skip_connect' },
    { kind: 'sep_conv', kernel: 3 },
    { kind: 'sep_conv', kernel: 5 },
    { kind: 'dil_conv', kernel: 3 },
    { kind: 'dil_conv', kernel: 5 },
  ];
}

export function catalogNames(): string[] {
  return catalogOps().map(opName);
}
