// The panel clock of evaluate (pure). The reference network R corrects drift within a timing run,
// but between build-lut and evaluate the machine can change state (measured: R 1.3 ms at build,
// 2.5 ms at evaluate), and one network's latency does not scale exactly like every other's (30
// retrained models came out 3 % over their prediction on average after R's correction). So a panel
// of the table's own end-to-end check architectures — latencies the table MEASURED at build time,
// not predicted — is re-timed beside the models; the median of (now / then) over the panel sets the
// clock's level. The table's own error does not enter: each panel network is compared with itself.
import { quantile } from './drift.js';

export interface PanelArch {
  name: string;
  choices: string[];
  /** Drift-corrected latency measured when the table was built. */
  measuredMs: number;
}

/** `count` check architectures spread evenly over their measured range (ascending, deterministic). */
export function choosePanel(samples: PanelArch[], count: number): PanelArch[] {
  if (count <= 0 || !samples.length) return [];
  const sorted = [...samples].sort((a, b) => a.measuredMs - b.measuredMs || a.name.localeCompare(b.name));
  if (count >= sorted.length) return sorted;
  // the middle of each of `count` equal slices: no two picks coincide, both ends are represented
  return Array.from({ length: count }, (_, i) => sorted[Math.floor(((i + 0.5) * sorted.length) / count)]!);
}

export interface PanelFactor {
  /** Median over the panel of nowMs / measuredMs. */
  factor: number;
  ratios: number[];
}

/** The panel's level now against the table's build: `nowMs` in the table's clock (R-corrected). */
export function panelFactor(panel: PanelArch[], nowMs: (name: string) => number): PanelFactor {
  if (!panel.length) throw new RangeError('panel: no architectures');
  const ratios = panel.map((p) => {
    const now = nowMs(p.name);
    if (!(now > 0) || !(p.measuredMs > 0)) throw new RangeError(`panel: ${p.name} has no positive latency (now ${now}, at build ${p.measuredMs})`);
    return now / p.measuredMs;
  });
  return { factor: quantile(ratios, 0.5), ratios };
}
