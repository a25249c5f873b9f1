// transpose2d (src/backend/simd/gemm.as: 4 x 4 register blocks, scalar edges) moves every value of
// an R x C matrix to its transposed place and computes nothing: on both kernel builds and on
// shapes with every combination of R % 4 and C % 4 (and smaller than one block), its output equals
// a plain JS transpose bit for bit, and it writes nothing past the R x C output.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chooseKernels, FMA_ENV, type SimdKernels } from '../src/backend/simd/module.js';
import { Rng } from '../src/core/rng.js';

for (const [label, env] of [['plain', { [FMA_ENV]: '0' }], ['chosen', {}]] as const) {
  test(`transpose2d (${label} build) equals a JS transpose on every edge shape`, () => {
    const build = chooseKernels(env);
    const memory = new WebAssembly.Memory({ initial: 4 });
    const k = new WebAssembly.Instance(build.module, { env: { memory } }).exports as unknown as SimdKernels;
    const f = new Float32Array(memory.buffer);
    const rng = Rng.seeded(3);
    for (const R of [1, 3, 4, 5, 8, 18, 33]) {
      for (const C of [1, 2, 4, 7, 12, 21]) {
        const m = Float32Array.from({ length: R * C }, () => rng.float() * 2 - 1);
        const out = R * C + 8;
        f.fill(NaN);
        f.set(m, 0);
        k.transpose2d(0, 4 * out, R, C);
        for (let r = 0; r < R; r++) for (let c = 0; c < C; c++) assert.ok(Object.is(f[out + c * R + r], m[r * C + c]), `${R}x${C} [${r}, ${c}]`);
        assert.ok(Number.isNaN(f[out + R * C]!), `${R}x${C}: wrote past the output`);
      }
    }
  });
}
