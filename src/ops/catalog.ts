// The FBNet primitive catalogue: every block op nasflow knows, as canonical attributes, in a fixed
// order. tfjs-free, so a search space or latency table can list and cost blocks without TF.js; the
// block registry (register-all.ts) registers one constructor per entry.
//
//   ir_k{3,5,7}_e{1,3,6}[_g{2,4}][_se]  inverted residual, grouped + shuffle, squeeze-excitation
//   ir_k{3,5,7}_e1_pw[_se]               expansion 1 with the expand conv (PyTorch FBNet form)
//   skip                                 identity / 1x1 projection
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
  return ops;
}

export function catalogNames(): string[] {
  return catalogOps().map(opName);
}
