// Which build of nasflow's kernels runs (src/backend/simd/module.ts): NASFLOW_FMA=0 keeps the plain
// SIMD build; otherwise the fused build where the runtime has relaxed SIMD and the CPU fuses. Both
// builds compute the same products: on random 1x1-convolution shapes (every tile and tail of gemm)
// they agree to f32 rounding, and where the fused build is chosen it is really another
// computation (some output differs in its last bits), so the choice is not a no-op. The
// benchmark hook runKernelsFrom swaps this thread's instances to another build and back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../src/backend/index.js';
import { chooseKernels, FMA_ENV, kernelVariant, runKernelsFrom, simdFor, type SimdKernels, type WasmBackendLike } from '../src/backend/simd/module.js';
import { Rng } from '../src/core/rng.js';

test(`${FMA_ENV}=0 chooses the plain build, and says why`, () => {
  const c = chooseKernels({ [FMA_ENV]: '0' });
  assert.equal(c.variant, 'simd');
  assert.match(c.reason, /NASFLOW_FMA=0/);
});

test('the thread-wide choice is the one chooseKernels makes for this environment', () => {
  const c = chooseKernels(process.env);
  assert.deepEqual(kernelVariant(), { variant: c.variant, reason: c.reason });
});

function gemmOn(mod: WebAssembly.Module, a: Float32Array, b: Float32Array, P: number, K: number, N: number): Float32Array {
  const memory = new WebAssembly.Memory({ initial: 16 });
  const k = new WebAssembly.Instance(mod, { env: { memory } }).exports as unknown as SimdKernels;
  const f = new Float32Array(memory.buffer);
  f.set(a, 0);
  f.set(b, a.length);
  k.gemm(0, 4 * a.length, 4 * (a.length + b.length), P, K, N);
  return f.slice(a.length + b.length, a.length + b.length + P * N);
}

test('plain and chosen builds agree to rounding on gemm (tiles and tails), and a fused build differs in some bit', () => {
  const plain = chooseKernels({ [FMA_ENV]: '0' });
  const chosen = chooseKernels({});
  const rng = Rng.seeded(11);
  let differs = false;
  for (const [P, K, N] of [[37, 19, 21], [64, 16, 96], [5, 48, 8]] as const) {
    const a = Float32Array.from({ length: P * K }, () => rng.float() * 2 - 1);
    const b = Float32Array.from({ length: K * N }, () => rng.float() * 2 - 1);
    const [x, y] = [gemmOn(plain.module, a, b, P, K, N), gemmOn(chosen.module, a, b, P, K, N)];
    for (let i = 0; i < x.length; i++) {
      assert.ok(Math.abs(x[i]! - y[i]!) <= 1e-5 * K, `P${P} K${K} N${N} [${i}]: ${x[i]} vs ${y[i]}`);
      differs ||= x[i] !== y[i];
    }
  }
  assert.equal(differs, chosen.variant === 'fma', `variant ${chosen.variant}: outputs ${differs ? 'differ' : 'are identical'}`);
});

test('runKernelsFrom runs another build on the same backend, and null goes back to the chosen one', async () => {
  await initBackend('wasm', () => {});
  const b = tf.backend() as unknown as WasmBackendLike;
  const chosen = simdFor(b);
  runKernelsFrom(chooseKernels({ [FMA_ENV]: '0' }));
  try {
    const other = simdFor(b);
    assert.notEqual(other, chosen);
    assert.equal(simdFor(b), other, 'one instance per backend while substituted');
  } finally {
    runKernelsFrom(null);
  }
  assert.equal(simdFor(b), chosen);
});
