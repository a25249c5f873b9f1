// lut.json of a cells space (see cells.ts for how it is measured): one entry per (cell, edge) row
// and op of the cell grid with its standalone latency and analytic FLOPs/params, the reference
// network R (method `standalone`, no floors), the fixed entry — whose analytic part is stem + every
// cell's input preprocessing + head, what any genotype pays — and the end-to-end check.
import { monotonicityWarnings } from '../latency/checks.js';
import { blockCost, headCost, stemCost } from '../ops/cost.js';
import { preprocessCost } from '../spaces/cell-grid.js';
import type { Grid } from '../spaces/grid.js';
import { catalogOp, type NormalizedSpace } from '../spaces/normalize.js';
import type { LatencyTable, LutEntry, LutGrid, LutSettings, LutStamp } from '../types/generated.js';
import type { CellMeasurement } from './cells.js';
import { type CheckConfig, endToEndSection } from './document.js';

export function cellLutDocument(space: NormalizedSpace, grid: Grid, m: CellMeasurement, stamp: LutStamp, settings: LutSettings, check: CheckConfig): LatencyTable {
  const entries: LutEntry[] = grid.layers.flatMap((layer, l) =>
    layer.candidates.map((block, i) => {
      const op = catalogOp(block)!;
      const cost = blockCost(layer.cIn, layer.cOut, layer.stride, op, layer.inHW[0]!, layer.inHW[1]!);
      return { layer: l, block, op: { ...op } as LutEntry['op'], input: [layer.inHW[0]!, layer.inHW[1]!, layer.cIn], cOut: layer.cOut, stride: layer.stride, latency: m.entries[l]![i]!, flops: cost.flops, params: cost.params };
    }),
  );
  const st = grid.stem;
  const h = grid.head;
  const stemC = stemCost(st.cIn, st.cOut, st.kernel, st.stride, st.inHW[0], st.inHW[1]);
  const pre = preprocessCost(space);
  const headC = headCost(h.cIn, h.cOut, h.norm, grid.classes, h.inHW[0], h.inHW[1]);
  const e2e = endToEndSection(m.check, check);
  const warnings = [...space.warnings];
  if (m.clamped.length) warnings.push(`measured below 0 and clamped to 0 (the standalone entries of R add up to more than R whole on this machine now): ${m.clamped.join(', ')}`);
  if (e2e.below.length) warnings.unshift(`THE LATENCY TABLE IS NOT TRUSTWORTHY: its end-to-end check misses the thresholds (${e2e.below.join('; ')})`);
  return {
    schema: 'lut/v2',
    stamp,
    settings,
    reference: { method: 'standalone', choices: m.reference, floors: [], clock: m.clock },
    space: space.doc,
    grid: grid as unknown as LutGrid,
    // Analytic fixed cost of a cells network: the stem entry also carries the cells' preprocessing.
    fixed: { latency: m.fixed, stem: { flops: stemC.flops + pre.flops, params: stemC.params + pre.params }, head: { flops: headC.flops, params: headC.params } },
    entries,
    checks: { monotonicity: monotonicityWarnings(entries), endToEnd: e2e },
    warnings,
  };
}
