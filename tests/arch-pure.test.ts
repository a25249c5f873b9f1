// The room rule: architecture normalisation, the FBNet plan, the weights format and the block
// attribute/name/cost/catalogue/registry logic must not load TF.js (the latency and search-space
// code use them without a backend). Checked on the import graph: every runtime import reachable
// from these entry files (type-only imports are erased and skipped) stays off @tensorflow/*.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const PURE = ['src/arch/normalize.ts', 'src/arch/fbnet-cifar-plan.ts', 'src/arch/weights-file.ts', 'src/arch/errors.ts', 'src/ops/op.ts', 'src/ops/cost.ts', 'src/ops/catalog.ts', 'src/ops/registry.ts'];
const IMPORT = /^\s*(?:import|export)\s+(?!type\b)(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/gm;

/** Every module reachable through runtime imports, with the chain that reached it. */
function reachable(entry: string): Map<string, string[]> {
  const seen = new Map<string, string[]>([[entry, [entry]]]);
  const queue = [entry];
  while (queue.length) {
    const file = queue.shift()!;
    const src = readFileSync(join(ROOT, file), 'utf8');
    for (const [, spec] of src.matchAll(IMPORT)) {
      const target = spec!.startsWith('.') ? join(dirname(file), spec!).replace(/\.js$/, '.ts') : spec!;
      if (seen.has(target)) continue;
      seen.set(target, [...seen.get(file)!, target]);
      if (spec!.startsWith('.')) queue.push(target);
    }
  }
  return seen;
}

test('the pure rooms never import TF.js at run time', () => {
  for (const entry of PURE) {
    const mods = reachable(entry);
    for (const [mod, chain] of mods) assert.ok(!mod.startsWith('@tensorflow/'), `${entry} loads ${mod} via ${chain.join(' -> ')}`);
  }
});

test('the check sees a TF.js import when there is one', () => {
  const mods = reachable('src/ops/register-all.ts');
  assert.ok(mods.has('@tensorflow/tfjs-core'), 'register-all builds tfjs blocks, so it must be found');
  assert.ok(reachable('src/arch/normalize.ts').has('src/ops/cost.ts'), 'relative imports are followed');
});
