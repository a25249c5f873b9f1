// Contract: compiles the AssemblyScript sources next to it (SOURCES, SIMD) into one kernels.wasm,
// byte for byte reproducibly (tests/backend-simd-build.test.ts checks the committed binary against a fresh
// build). Run: npx tsx src/backend/simd/build.ts [--check]. --check exits 1 when the committed
// binary differs from what the source compiles to. Needs only the `assemblyscript` devDependency.

import asc, { type CompilerOptions } from 'assemblyscript/asc';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const here = (f: string): string => fileURLToPath(new URL(f, import.meta.url));
export const SOURCES = ['depthwise.as', 'depthwise-gather.as', 'conv.as', 'gemm.as', 'channel.as', 'elementwise.as', 'bn.as', 'mix.as'];
export const KERNELS_WASM = here('./kernels.wasm');

// Imported memory (the tfjs heap), no runtime (AssemblyScript's minimal runtime is named 'stub':
// no GC, no allocator), no abort strings: the module must own no memory.
const OPTIONS: CompilerOptions = {
  optimizeLevel: 3,
  shrinkLevel: 0,
  runtime: 'stub',
  noAssert: true,
  importMemory: true,
  enable: ['simd'],
  use: ['abort='],
};

export async function buildKernels(): Promise<Uint8Array> {
  // Every source is an entry file, so the exports of all of them end up in the one module.
  const sources = Object.fromEntries(SOURCES.map((f) => [f.replace(/\.as$/, '.ts'), readFileSync(here(`./${f}`), 'utf8')]));
  const { binary, stderr, error } = await asc.compileString(sources, OPTIONS);
  if (error || !binary) throw new Error(`assemblyscript failed: ${error?.message ?? ''}\n${stderr.toString()}`);
  return binary;
}

const isMain = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  const binary = await buildKernels();
  if (process.argv.includes('--check')) {
    const committed = readFileSync(KERNELS_WASM);
    const same = Buffer.compare(committed, Buffer.from(binary)) === 0;
    process.stdout.write(same ? 'kernels.wasm is up to date\n' : 'kernels.wasm differs from its sources: run npx tsx src/backend/simd/build.ts\n');
    process.exit(same ? 0 : 1);
  }
  writeFileSync(KERNELS_WASM, binary);
  process.stdout.write(`wrote ${KERNELS_WASM} (${binary.length} bytes)\n`);
}
