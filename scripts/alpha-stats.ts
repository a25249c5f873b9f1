// How far a softmax-α search moved its architecture weights: per epoch of
// artifacts/train-supernet/history.json (schema history/v2; a method with probabilities, e.g.
// DARTS), the mean and minimum per-choice entropy of the probabilities, the mean and largest
// per-choice maximum probability, and val top-1; then every choice's probabilities at the last
// epoch. Uniform over k values: entropy ln k, max probability 1/k.
// Run: npx tsx scripts/alpha-stats.ts [path/to/history.json]
import { readFileSync } from 'node:fs';
import type { SupernetHistory } from '../src/types/generated.js';

const file = process.argv[2] ?? 'artifacts/train-supernet/history.json';
const h = JSON.parse(readFileSync(file, 'utf8')) as SupernetHistory;
const entropy = (p: number[]): number => -p.reduce((s, v) => s + (v > 0 ? v * Math.log(v) : 0), 0);
const mean = (v: number[]): number => v.reduce((a, b) => a + b, 0) / Math.max(v.length, 1);
let last: number[][] | null = null;
for (const e of h.epochs) {
  const P = e.probabilities;
  if (!P) continue;
  last = P;
  const ent = P.map(entropy);
  const mx = P.map((p) => Math.max(...p));
  process.stdout.write(`epoch ${e.epoch + 1}: val top-1 ${(100 * e.val.top1).toFixed(2)} % | entropy mean ${mean(ent).toFixed(4)} min ${Math.min(...ent).toFixed(3)} | max probability mean ${mean(mx).toFixed(4)} largest ${Math.max(...mx).toFixed(3)}\n`);
}
if (!last) throw new Error(`${file}: no epoch has probabilities (the method has no softmax weights)`);
last.forEach((p, i) => process.stdout.write(`${h.choices[i]!.label.padEnd(18)} ${h.choices[i]!.values.map((v, k) => `${v}:${p[k]!.toFixed(3)}`).join(' ')}\n`));
