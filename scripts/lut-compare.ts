// npm run lut:compare -- a/lut.json b/lut.json: how well two latency tables of the same space
// agree (median and worst relative difference of their entries, and of the fixed entry), plus
// both tables' end-to-end figures side by side. Prints one JSON line.
import { readDocument } from '../src/artifacts/io.js';
import { compareTables } from '../src/latency/compare.js';
import type { LatencyTable } from '../src/types/generated.js';

const files = process.argv.slice(2).filter((a) => a !== '--');
if (files.length !== 2) {
  process.stderr.write('usage: npm run lut:compare -- <lut.json> <lut.json>\n');
  process.exit(2);
}
const [a, b] = files.map((f) => readDocument<LatencyTable>(f, 'lut')) as [LatencyTable, LatencyTable];
if (a.stamp.spaceHash !== b.stamp.spaceHash) process.stderr.write('warning: the tables were measured for different spaces\n');
const e2e = (t: LatencyTable) => {
  const { spearman, kendall, mape, within10 } = t.checks.endToEnd;
  return { runtime: t.stamp.runtime, backend: t.stamp.backend, spearman, kendall, mape, within10 };
};
process.stdout.write(JSON.stringify({ ...compareTables(a, b), a: e2e(a), b: e2e(b) }) + '\n');
