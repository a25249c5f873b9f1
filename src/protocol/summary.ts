// The evaluation protocol's verdict from evaluate's results: each found architecture against the
// uniform baselines (Pareto dominance on test top-1 vs measured latency at batch 1) and against
// the random architectures whose LUT-predicted latency falls in its band (rank on test top-1;
// every random architecture in the band counts, whichever band drew it). An architecture trained
// several times (retrain repeats) counts with its mean test top-1 over those trainings. Pure; the
// report leads with the text this returns.
import type { EvaluateResults, RetrainBands } from '../types/generated.js';
import { type Point, type Verdict, dominatedBy, meanStd, verdict } from './verdict.js';

export interface ProtocolSummary {
  verdict: Verdict;
  width: number | null;
  /** One line per found architecture, then the overall line. */
  lines: string[];
  rows: (string | number)[][];
  /** Trainings per architecture the test top-1 is averaged over (retrain repeats; 1 without). */
  trainings: number;
}

const pct = (v: number): string => `${(100 * v).toFixed(2)} %`;

/**
 * `randomsAsBand` (cells spaces, DARTS): every found genotype is ranked among all the random
 * genotypes, which were retrained in the same evaluation layout (a cell of the same size); no
 * latency band is drawn for cells.
 */
export function protocolSummary(results: EvaluateResults, measuredMs: (name: string) => number, bands: RetrainBands | undefined, randomsAsBand = false): ProtocolSummary {
  const point = (a: EvaluateResults['archs'][number]): Point => ({ name: a.name, top1: meanTop1(a), latencyMs: measuredMs(a.name) });
  const trainings = Math.max(1, ...results.archs.map((a) => trainingsTop1(a).length));
  const found = results.archs.filter((a) => a.kind === 'found');
  const baselines = results.archs.filter((a) => a.kind === 'baseline').map(point);
  const randoms = results.archs.filter((a) => a.kind === 'random');
  const bandOf = (name: string): Point[] => {
    if (randomsAsBand) return randoms.map(point);
    const b = bands?.bands.find((x) => x.found === name);
    return b ? randoms.filter((r) => r.predictedLatencyMs >= b.loMs && r.predictedLatencyMs <= b.hiMs).map(point) : [];
  };
  const v = verdict(found.map(point), baselines, bandOf);
  const w = bands ? `±${Math.round(bands.width * 100)} %` : '';
  const lines = v.perFound.map((f) => {
    const against = randomsAsBand ? `random genotype${f.band.length === 1 ? '' : 's'} retrained in the same layout` : `random architectures of its latency band (${w})`;
    const rank = f.rank ? `ranks ${f.rank.rank} of ${f.rank.of} against the ${f.band.length} ${against}${f.rank.topQuartile ? ', top quartile' : ', not in the top quartile'}` : randomsAsBand ? 'has no random genotype to rank against (retrain baselines.random 0)' : 'has no latency band to rank in (retrain protocol off)';
    const dom = f.dominatedBy.length ? `is Pareto-dominated by ${f.dominatedBy.join(', ')}` : 'is not Pareto-dominated by any uniform baseline';
    // A latency-aware cell search trades accuracy for latency: rank alone misreads it, so say
    // which random genotypes are both more accurate and faster (informational; pass is unchanged).
    const byRandom = randomsAsBand && f.band.length ? dominatedBy(f.found, f.band).map((b) => b.name) : null;
    const rnd = byRandom ? (byRandom.length ? `; Pareto-dominated by the random genotype${byRandom.length === 1 ? '' : 's'} ${byRandom.join(', ')}` : '; no random genotype is both more accurate and faster') : '';
    return `${f.pass ? 'PASS' : 'FAIL'} — ${f.found.name} (${pct(f.found.top1)} at ${f.found.latencyMs.toFixed(3)} ms) ${rank}, and ${dom}${rnd}.`;
  });
  if (v.perFound.length) {
    const ms = v.latencyMs!;
    const t = v.top1!;
    // without a band the verdict rests on dominance alone: say so rather than claim a rank
    const criterion = v.perFound.every((f) => f.rank) ? 'not dominated, and top quartile of its band' : v.perFound.some((f) => f.rank) ? 'not dominated, and top quartile of its band where it has one' : 'not dominated; no band to rank in, so only dominance was checked';
    const mean = trainings > 1 ? ` Test top-1 is each architecture's mean over its ${trainings} trainings (retrain repeats).` : '';
    lines.push(`${v.passes} of ${v.perFound.length} found architecture${v.perFound.length === 1 ? '' : 's'} pass (${criterion}).${mean} Found test top-1 ${pct(t.mean)} ± ${pct(t.std)}, measured latency ${ms.mean.toFixed(3)} ± ${ms.std.toFixed(3)} ms (mean ± sample std over ${t.n}).`);
  }
  const rows = v.perFound.map((f) => [f.found.name, pct(f.found.top1), f.found.latencyMs.toFixed(3), f.rank ? `${f.rank.rank} / ${f.rank.of}` : 'n/a', f.band.length ? pct(Math.max(...f.band.map((b) => b.top1))) : 'n/a', f.band.length ? pct(f.band.reduce((s, b) => s + b.top1, 0) / f.band.length) : 'n/a', f.dominatedBy.join(', ') || 'none', f.pass ? 'pass' : 'fail']);
  return { verdict: v, width: bands?.width ?? null, lines, rows, trainings };
}

type Trained = Pick<EvaluateResults['archs'][number], 'test' | 'repeats'>;

/** Test top-1 of each of the architecture's trainings: training 0, then its retrain repeats. */
export function trainingsTop1(a: Trained): number[] {
  return [a.test.top1, ...(a.repeats ?? []).map((r) => r.test.top1)];
}

/** Test top-1 averaged over the architecture's trainings. */
export function meanTop1(a: Trained): number {
  return meanStd(trainingsTop1(a)).mean;
}
