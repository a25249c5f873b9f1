// A Sobol' quasi-random sequence in [0, 1)^d (Gray-code order, 32-bit), for FBNetV3's candidate
// pool: the first n points cover the joint space far more evenly than n uniform draws. Direction
// numbers: Joe & Kuo's new-joe-kuo-6.21201 table (dimensions 2..32, public data); dimension 1 is
// van der Corput. A seeded random digital shift (one 32-bit XOR per dimension) gives independent
// sequences per seed and keeps the low discrepancy. Point 0 (all zeros before the shift) is
// skipped. State is the index alone, so a resumed pool is the same pool. Pure: no tfjs.
import { Rng } from '../core/rng.js';

/** [degree s, coefficients a, initial direction numbers m_1..m_s] of dimensions 2..32. */
const JOE_KUO: ReadonlyArray<readonly [number, number, readonly number[]]> = [
  [1, 0, [1]], [2, 1, [1, 3]], [3, 1, [1, 3, 1]], [3, 2, [1, 1, 1]], [4, 1, [1, 1, 3, 3]],
  [4, 4, [1, 3, 5, 13]], [5, 2, [1, 1, 5, 5, 17]], [5, 4, [1, 1, 5, 5, 5]], [5, 7, [1, 1, 7, 11, 19]],
  [5, 11, [1, 1, 5, 1, 1]], [5, 13, [1, 1, 1, 3, 11]], [5, 14, [1, 3, 5, 5, 31]],
  [6, 1, [1, 3, 3, 9, 7, 49]], [6, 13, [1, 1, 1, 15, 21, 21]], [6, 16, [1, 3, 1, 13, 27, 49]],
  [6, 19, [1, 1, 1, 15, 7, 5]], [6, 22, [1, 3, 1, 15, 13, 25]], [6, 25, [1, 1, 5, 5, 19, 61]],
  [7, 1, [1, 3, 7, 11, 23, 15, 103]], [7, 4, [1, 3, 7, 13, 13, 15, 69]], [7, 7, [1, 1, 3, 13, 7, 35, 63]],
  [7, 8, [1, 3, 5, 9, 1, 25, 53]], [7, 14, [1, 3, 1, 13, 9, 35, 107]], [7, 19, [1, 3, 1, 5, 27, 61, 31]],
  [7, 21, [1, 1, 5, 11, 19, 41, 61]], [7, 28, [1, 3, 5, 3, 3, 13, 69]], [7, 31, [1, 1, 7, 13, 1, 19, 1]],
  [7, 32, [1, 3, 7, 5, 13, 19, 59]], [7, 37, [1, 1, 3, 9, 25, 29, 41]], [7, 41, [1, 3, 5, 13, 23, 1, 55]],
  [7, 42, [1, 3, 7, 3, 13, 59, 17]],
];

export const SOBOL_MAX_DIM = JOE_KUO.length + 1;
const BITS = 32;

function directions(dim: number): Uint32Array[] {
  const out: Uint32Array[] = [];
  for (let d = 0; d < dim; d++) {
    const v = new Uint32Array(BITS + 1);
    if (d === 0) {
      for (let i = 1; i <= BITS; i++) v[i] = (1 << (BITS - i)) >>> 0;
    } else {
      const [s, a, m] = JOE_KUO[d - 1]!;
      for (let i = 1; i <= Math.min(s, BITS); i++) v[i] = (m[i - 1]! << (BITS - i)) >>> 0;
      for (let i = s + 1; i <= BITS; i++) {
        let x = (v[i - s]! ^ (v[i - s]! >>> s)) >>> 0;
        for (let k = 1; k <= s - 1; k++) if ((a >>> (s - 1 - k)) & 1) x = (x ^ v[i - k]!) >>> 0;
        v[i] = x;
      }
    }
    out.push(v);
  }
  return out;
}

/** `count` points after the first `start` ones (the origin, index 0, is never returned). */
export function sobolPoints(dim: number, count: number, seed: number | null, start = 0): number[][] {
  if (!Number.isInteger(dim) || dim < 1 || dim > SOBOL_MAX_DIM) throw new RangeError(`sobol: dimension ${dim} outside 1..${SOBOL_MAX_DIM} (the embedded direction numbers)`);
  const v = directions(dim);
  // seed null: the plain (unshifted) sequence.
  const rng = seed === null ? null : Rng.derived(seed, 'sobol/shift');
  const shift = Array.from({ length: dim }, () => (rng ? (rng.int(0, 0xffff) * 0x10000 + rng.int(0, 0xffff)) >>> 0 : 0));
  const x = new Uint32Array(dim);
  const out: number[][] = [];
  // Gray code: point n = point n-1 XOR v[c], c = 1 + the number of trailing ones of n-1.
  for (let n = 1; n <= start + count; n++) {
    let c = 1;
    let m = n - 1;
    while (m & 1) {
      m >>>= 1;
      c++;
    }
    for (let d = 0; d < dim; d++) x[d] = (x[d]! ^ v[d]![c]!) >>> 0;
    if (n > start) out.push(Array.from(x, (xi, d) => ((xi ^ shift[d]!) >>> 0) / 2 ** BITS));
  }
  return out;
}
