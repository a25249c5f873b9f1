// Trust checks on a measured table: orderings that physics says should hold, reported (not
// fixed) when the measurements break them — more expansion at the same layer, kernel, groups and
// SE should not be faster; no block should be faster than `skip` at the same layer.
import type { LutEntry } from '../types/generated.js';
import type { CanonicalIrOp } from '../ops/op.js';

export function monotonicityWarnings(entries: LutEntry[]): string[] {
  const out: string[] = [];
  const byLayer = new Map<number, LutEntry[]>();
  for (const e of entries) byLayer.set(e.layer, [...(byLayer.get(e.layer) ?? []), e]);
  for (const [layer, list] of [...byLayer].sort((a, b) => a[0] - b[0])) {
    const irs = list.filter((e) => e.op.kind === 'ir');
    for (const a of irs) {
      for (const b of irs) {
        const oa = a.op as unknown as CanonicalIrOp;
        const ob = b.op as unknown as CanonicalIrOp;
        const sameFamily = oa.kernel === ob.kernel && oa.groups === ob.groups && oa.se === ob.se;
        if (sameFamily && ob.expansion > oa.expansion && b.latency.value < a.latency.value) {
          out.push(`layer ${layer}: ${b.block} (${fmt(b)}) is faster than ${a.block} (${fmt(a)}) despite more expansion`);
        }
      }
    }
    const skip = list.find((e) => e.op.kind === 'skip');
    if (skip) {
      for (const e of irs) if (e.latency.value < skip.latency.value) out.push(`layer ${layer}: ${e.block} (${fmt(e)}) is faster than skip (${fmt(skip)})`);
    }
  }
  return out;
}

const fmt = (e: LutEntry): string => `${e.latency.value.toFixed(3)} ms`;
