// Latency-band sampling for the evaluation protocol: K distinct random architectures of the space
// whose predicted cost lies within ±width (relative) of a centre — the found architecture's
// predicted latency — so the found one is compared with what a random pick at the same latency
// gives (Li & Talwalkar 2019; Yu et al. 2020). Rejection sampling over uniform samples (the
// distribution a user picking at random within the band would get). Pure: samples and a cost
// function in, samples out; no tfjs.
import { ConfigError } from '../core/errors.js';
import type { Rng } from '../core/rng.js';
import { randomSample, type Sample, sampleKey } from '../spaces/choices.js';
import type { NormalizedSpace } from '../spaces/normalize.js';

export interface Band {
  /** The centre, in the cost's unit (e.g. ms per image from the LUT). */
  center: number;
  /** Relative half-width: 0.1 accepts costs within centre × (1 ± 0.1). */
  width: number;
}

export interface BandDraw {
  sample: Record<string, string | number>;
  cost: number;
}

export interface BandResult {
  draws: BandDraw[];
  /** Uniform samples drawn to find them (acceptance = draws.length / tried). */
  tried: number;
}

/** Inclusive bounds of the band. */
export function bandBounds(b: Band): [number, number] {
  return [b.center * (1 - b.width), b.center * (1 + b.width)];
}

export function inBand(cost: number, b: Band): boolean {
  const [lo, hi] = bandBounds(b);
  return cost >= lo && cost <= hi;
}

export interface BandOptions {
  k: number;
  band: Band;
  cost: (s: Sample) => number;
  /** Sample keys that must not be drawn (the found architecture itself, other bands' picks). */
  exclude?: ReadonlySet<string>;
  /** Give up after this many uniform draws (default 200,000: pure lookups, well under a second). */
  maxTries?: number;
  /** Where the band was configured, for the error. */
  where?: { file: string; path: string };
}

/** K distinct in-band samples, or a ConfigError saying how many the band holds within maxTries. */
export function sampleInBand(space: NormalizedSpace, rng: Rng, o: BandOptions): BandResult {
  if (!(o.band.center > 0) || !(o.band.width >= 0)) throw new RangeError(`sampleInBand: centre ${o.band.center} and width ${o.band.width} must be positive`);
  const maxTries = o.maxTries ?? 200_000;
  const seen = new Set(o.exclude ?? []);
  const draws: BandDraw[] = [];
  let tried = 0;
  while (draws.length < o.k && tried < maxTries) {
    tried++;
    const sample = randomSample(space, rng);
    const key = sampleKey(sample);
    if (seen.has(key)) continue;
    const cost = o.cost(sample);
    if (!inBand(cost, o.band)) continue;
    seen.add(key);
    draws.push({ sample, cost });
  }
  if (draws.length < o.k) {
    const [lo, hi] = bandBounds(o.band);
    const w = o.where ?? { file: 'band', path: '/' };
    throw new ConfigError(w.file, w.path, `only ${draws.length} of ${o.k} distinct architectures of space ${space.name} found with predicted cost in [${lo.toFixed(4)}, ${hi.toFixed(4)}] after ${tried} random draws: widen the band or lower k`);
  }
  return { draws, tried };
}
