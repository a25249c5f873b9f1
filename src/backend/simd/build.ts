// Contract: compiles the AssemblyScript sources next to it (SOURCES) into two modules, byte for
// byte reproducibly (tests/backend-simd-build.test.ts checks the committed binaries against a fresh
// build): kernels.wasm (SIMD: every multiply-add rounds twice, the same bits on every machine) and
// kernels-fma.wasm (SIMD + relaxed SIMD: madd.as fuses the multiply-adds of the convolution and
// matrix kernels). Run: npx tsx src/backend/simd/build.ts [--check]. --check exits 1 when a
// committed binary differs from what the sources compile to. Needs only the `assemblyscript`
// devDependency.

import asc, { type CompilerOptions } from 'assemblyscript/asc';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { KERNEL_FILES, type KernelVariant } from './module.js';

const here = (f: string): string => fileURLToPath(new URL(f, import.meta.url));
export const SOURCES = ['madd.as', 'depthwise.as', 'depthwise-gather.as', 'conv.as', 'gemm.as', 'channel.as', 'elementwise.as', 'bn.as', 'mix.as'];


// Imported memory (the tfjs heap), no runtime (AssemblyScript's minimal runtime is named 'stub':
// no GC, no allocator), no abort strings: the module must own no memory.
const options = (variant: KernelVariant): CompilerOptions => ({
  optimizeLevel: 3,
  shrinkLevel: 0,
  runtime: 'stub',
  noAssert: true,
  importMemory: true,
  enable: variant === 'fma' ? ['simd', 'relaxed-simd'] : ['simd'],
  use: ['abort='],
});

export async function buildKernels(variant: KernelVariant = 'simd'): Promise<Uint8Array> {
  // Every source is an entry file, so the exports of all of them end up in the one module.
  const sources = Object.fromEntries(SOURCES.map((f) => [f.replace(/\.as$/, '.ts'), readFileSync(here(`./${f}`), 'utf8')]));
  const { binary, stderr, error } = await asc.compileString(sources, options(variant));
  if (error || !binary) throw new Error(`assemblyscript failed: ${error?.message ?? ''}\n${stderr.toString()}`);
  return binary;
}

const isMain = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  let stale = false;
  for (const variant of ['simd', 'fma'] as const) {
    const [binary, file] = [await buildKernels(variant), KERNEL_FILES[variant]];
    if (process.argv.includes('--check')) {
      const same = Buffer.compare(readFileSync(file), Buffer.from(binary)) === 0;
      process.stdout.write(same ? `${file} is up to date\n` : `${file} differs from its sources: run npx tsx src/backend/simd/build.ts\n`);
      stale ||= !same;
    } else {
      writeFileSync(file, binary);
      process.stdout.write(`wrote ${file} (${binary.length} bytes)\n`);
    }
  }
  process.exit(stale ? 1 : 0);
}
