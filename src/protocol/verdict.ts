// The evaluation protocol's verdict, pure and method-neutral: for each found architecture, its
// rank among the random architectures of its latency band (test top-1, 1 = best), whether it is in
// the top quartile, and which baselines Pareto-dominate it on (test top-1 ↑, measured latency ↓);
// over several search seeds, mean ± sample std of the found top-1 and latency.
// Format of a point: { name, top1 (0..1), latencyMs }.

export interface Point {
  name: string;
  top1: number;
  latencyMs: number;
}

/** a dominates b: at least as accurate and as fast, strictly better in one. */
export function dominates(a: Point, b: Point): boolean {
  return a.top1 >= b.top1 && a.latencyMs <= b.latencyMs && (a.top1 > b.top1 || a.latencyMs < b.latencyMs);
}

/** The baselines that Pareto-dominate `p`, in the given order. */
export function dominatedBy(p: Point, baselines: readonly Point[]): Point[] {
  return baselines.filter((b) => dominates(b, p));
}

export interface Rank {
  /** 1 + the number of band architectures strictly more accurate (ties share the better rank). */
  rank: number;
  /** Number of architectures ranked together: the band's K plus the found one. */
  of: number;
  /** Fraction of band architectures the found one beats or ties: 1 = best, 0 = worst. */
  percentile: number;
  /** In the top quartile of the band: at most ⌊K/4⌋ band architectures beat it. */
  topQuartile: boolean;
}

export function rankAmong(found: Point, band: readonly Point[]): Rank {
  const better = band.filter((b) => b.top1 > found.top1).length;
  const k = band.length;
  return { rank: better + 1, of: k + 1, percentile: k ? (k - better) / k : 1, topQuartile: k > 0 && better <= Math.floor(k / 4) };
}

export interface MeanStd {
  mean: number;
  /** Sample standard deviation (n − 1); 0 for one value. */
  std: number;
  n: number;
}

export function meanStd(xs: readonly number[]): MeanStd {
  const n = xs.length;
  if (!n) throw new RangeError('meanStd of no values');
  const mean = xs.reduce((s, x) => s + x, 0) / n;
  const v = n > 1 ? xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1) : 0;
  return { mean, std: Math.sqrt(v), n };
}

export interface FoundVerdict {
  found: Point;
  band: Point[];
  rank: Rank | null;
  dominatedBy: string[];
  /** Not dominated by any baseline and (with a band) in its top quartile. */
  pass: boolean;
}

export interface Verdict {
  perFound: FoundVerdict[];
  passes: number;
  top1: MeanStd | null;
  latencyMs: MeanStd | null;
}

/** bandOf: for each found name, its band's points (may be empty: then rank is null and pass needs only non-dominance). */
export function verdict(found: readonly Point[], baselines: readonly Point[], bandOf: (name: string) => readonly Point[]): Verdict {
  const perFound = found.map((f) => {
    const band = [...bandOf(f.name)];
    const rank = band.length ? rankAmong(f, band) : null;
    const dom = dominatedBy(f, baselines).map((b) => b.name);
    return { found: f, band, rank, dominatedBy: dom, pass: dom.length === 0 && (rank === null || rank.topQuartile) };
  });
  return {
    perFound,
    passes: perFound.filter((v) => v.pass).length,
    top1: found.length ? meanStd(found.map((f) => f.top1)) : null,
    latencyMs: found.length ? meanStd(found.map((f) => f.latencyMs)) : null,
  };
}
