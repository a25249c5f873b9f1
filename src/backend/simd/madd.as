// AssemblyScript: madd(a, b, c) = a * b + c on four f32 lanes, the multiply-add every convolution
// and matrix kernel here accumulates with. build.ts compiles the module twice from the same
// sources: kernels.wasm without relaxed SIMD (a separate multiply and add, two roundings, the same
// bits on every machine) and kernels-fma.wasm with it (relaxed_madd: one fused instruction with one
// rounding where the CPU has FMA, as on x86-64 since 2013 and every arm64; half the arithmetic
// instructions of the inner loops). src/backend/simd/module.ts picks which one runs.
// Declared @global (not exported) so every source sees it without it becoming a module export.
@global @inline function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(c, f32x4.mul(a, b));
}
