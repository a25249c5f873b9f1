// The committed src/backend/simd/kernels.wasm and kernels-fma.wasm are exactly what
// src/backend/simd/build.ts compiles from its .as sources with the installed assemblyscript (so no
// binary is ever hand-edited or stale), and each module is safe to run on the tfjs heap: its only
// import is that memory and it has no data segments or globals of its own that would overwrite
// tfjs memory. Both export the same kernels; which one runs is module.ts's choice (NASFLOW_FMA=0
// forces the plain one).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { buildKernels } from '../src/backend/simd/build.js';
import { KERNEL_FILES, kernelVariant } from '../src/backend/simd/module.js';

/** Ids of the top-level sections of a wasm binary. */
function sectionIds(bin: Uint8Array): number[] {
  const ids: number[] = [];
  let i = 8;
  while (i < bin.length) {
    ids.push(bin[i] ?? -1);
    let size = 0;
    let shift = 0;
    let j = i + 1;
    for (;;) {
      const byte = bin[j++] ?? 0;
      size |= (byte & 0x7f) << shift;
      shift += 7;
      if (!(byte & 0x80)) break;
    }
    i = j + size;
  }
  return ids;
}

for (const variant of ['simd', 'fma'] as const) {
  const file = KERNEL_FILES[variant];
  test(`${variant}: ${file.split('/').pop()} is reproduced byte for byte by the build script`, async () => {
    const fresh = await buildKernels(variant);
    assert.equal(Buffer.compare(Buffer.from(fresh), readFileSync(file)), 0, 'run: npx tsx src/backend/simd/build.ts');
  });
}

test('both builds import only the host memory, own no data or globals, and export the same kernels', () => {
  kernelVariant(); // enables relaxed SIMD in this runtime where it can be, so the fma build compiles
  const described = (bin: Uint8Array<ArrayBuffer>): { imports: WebAssembly.ModuleImportDescriptor[]; exports: string[]; sections: number[] } => {
    const mod = new WebAssembly.Module(bin);
    return { imports: WebAssembly.Module.imports(mod), exports: WebAssembly.Module.exports(mod).map((e) => e.name), sections: sectionIds(bin) };
  };
  const plain = described(new Uint8Array(readFileSync(KERNEL_FILES.simd)));
  const fmaBin = new Uint8Array(readFileSync(KERNEL_FILES.fma));
  const builds = WebAssembly.validate(fmaBin) ? [plain, described(fmaBin)] : [plain];
  for (const b of builds) {
    assert.deepEqual(b.imports, [{ module: 'env', name: 'memory', kind: 'memory' }]);
    assert.ok(!b.sections.includes(11), 'no data section');
    assert.ok(!b.sections.includes(6), 'no global section');
    assert.deepEqual(b.exports, plain.exports);
  }
  for (const k of ['dwFilterGrad', 'dwInputGrad', 'convFilterGrad', 'conv1x1FilterGrad', 'gemm', 'channelStats', 'channelDot', 'affine', 'affine2', 'clampGrad', 'bnGradSums', 'bnGradInput']) {
    assert.ok(plain.exports.includes(k), `exports ${k}`);
  }
  assert.ok(!plain.exports.includes('madd'), 'madd is internal (@global, not exported)');
});
