// Checks a search space file and prints what a search sees: its choices (label, kind, values),
// its LUT grid (or why it has none yet), its warnings and hash; with --sample, a seeded random
// sample frozen to an architecture document.
//   npx tsx scripts/space-info.ts spaces/fmnist-small.json [--sample SEED]
import { parseArgs } from 'node:util';
import { Rng } from '../src/core/rng.js';
import { NasflowError } from '../src/core/errors.js';
import { choicesOf, randomSample } from '../src/spaces/choices.js';
import { freeze } from '../src/spaces/freeze.js';
import { lutGrid } from '../src/spaces/grid.js';
import { loadSpace } from '../src/spaces/load.js';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { sample: { type: 'string' } } });
if (positionals.length !== 1) {
  console.error('usage: npx tsx scripts/space-info.ts <space.json> [--sample SEED]');
  process.exit(2);
}
try {
  const space = loadSpace(positionals[0]!);
  console.log(`${space.name}: ${space.body.kind} body, input ${space.input.join('x')}, ${space.classes} classes, hash ${space.hash.slice(0, 12)}`);
  for (const c of choicesOf(space)) console.log(`  ${c.label} (${c.kind}): ${c.kind === 'real' ? `[${c.range!.join(', ')}]${c.log ? ' log' : ''}` : c.values.join(', ')}`);
  try {
    const g = lutGrid(space);
    console.log(`LUT grid: ${g.layers.length} layers, ${g.layers.reduce((n, l) => n + l.candidates.length, 0)} (layer, candidate) entries`);
  } catch (e) {
    console.log(`LUT grid: none yet (${(e as Error).message})`);
  }
  for (const w of space.warnings) console.log(`warning: ${w}`);
  if (values.sample !== undefined) console.log(JSON.stringify(freeze(space, randomSample(space, Rng.seeded(Number(values.sample))), `${space.name}-sample-${values.sample}`), null, 2));
} catch (e) {
  if (!(e instanceof NasflowError)) throw e;
  console.error(e.message);
  process.exit(1);
}
