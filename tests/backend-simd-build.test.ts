// The committed src/backend/simd/kernels.wasm is exactly what src/backend/simd/build.ts compiles
// from its .as sources with the installed assemblyscript (so the binary is never hand-edited or
// stale), and the module is safe to run on the tfjs heap: its only import is that memory and it
// has no data segments or globals of its own that would overwrite tfjs memory.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { buildKernels, KERNELS_WASM } from '../src/backend/simd/build.js';

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

test('kernels.wasm is reproduced byte for byte by the build script', async () => {
  const fresh = await buildKernels();
  const committed = readFileSync(KERNELS_WASM);
  assert.equal(Buffer.compare(Buffer.from(fresh), committed), 0, 'run: npx tsx src/backend/simd/build.ts');
});

test('kernels.wasm imports only the host memory and owns no data or globals', () => {
  const bin = readFileSync(KERNELS_WASM);
  const mod = new WebAssembly.Module(bin);
  assert.deepEqual(WebAssembly.Module.imports(mod), [{ module: 'env', name: 'memory', kind: 'memory' }]);
  const ids = sectionIds(bin);
  assert.ok(!ids.includes(11), 'no data section');
  assert.ok(!ids.includes(6), 'no global section');
  const exported = WebAssembly.Module.exports(mod).map((e) => e.name);
  for (const k of ['dwFilterGrad', 'dwInputGrad', 'convFilterGrad', 'conv1x1FilterGrad', 'channelStats', 'channelDot', 'affine', 'affine2', 'clampGrad', 'bnGradSums', 'bnGradInput']) {
    assert.ok(exported.includes(k), `exports ${k}`);
  }
});
