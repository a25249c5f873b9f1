// The width model's fit to whole networks (src/latency/width-fit.ts), pure: the corner weights of
// an architecture reproduce widthLatency; corners generated as s·alone + t·MFLOPs + δ are
// recovered from exact whole-network latencies; cross-validation prefers a strong pull when the
// corners carry no δ; the fitted corners predict held-out architectures.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeArch, type NormalizedChainArch } from '../src/arch/normalize.js';
import { Rng } from '../src/core/rng.js';
import { chooseWidthRidge, fitWidths, predictWidthFit } from '../src/latency/width-fit.js';
import { cornerMflops, cornerOffsets, cornerPhi, corners, widthLatency, widthParts } from '../src/latency/width-model.js';
import { randomSample } from '../src/spaces/choices.js';
import { freeze } from '../src/spaces/freeze.js';
import { normalizeSpace } from '../src/spaces/normalize.js';
import { WIDTHS } from './helpers/spaces.js';

const { recipe: _r, ...WDOC } = WIDTHS;
const SPACE = normalizeSpace(WDOC, 'widths.json');
const PARTS = widthParts(SPACE);
const ALONE_BOXES = PARTS.map((p, i) => ({ part: p.part, resolution: p.resolution, layer: p.layer, op: p.op, axes: p.axes, ms: corners(p.axes).map((_, j) => 0.3 + 0.01 * ((i * 7 + j * 3) % 11)) }));
const OFFSETS = cornerOffsets(ALONE_BOXES);
const ALONE = ALONE_BOXES.flatMap((b) => b.ms);
const MFLOPS = PARTS.flatMap((p) => corners(p.axes).map((c) => cornerMflops(SPACE, p, c)));
const arch = (seed: number): NormalizedChainArch => normalizeArch(freeze(SPACE, randomSample(SPACE, Rng.seeded(seed)), `a${seed}`), `a${seed}`) as NormalizedChainArch;

test('corner weights: fixed + Σ weight·corner equals widthLatency; MFLOPs at the corners are analytic and grow with width', () => {
  for (const s of [1, 2, 3]) {
    const a = arch(s);
    const phi = cornerPhi(SPACE, ALONE_BOXES, OFFSETS, a);
    const viaPhi = [...phi].reduce((y, [j, w]) => y + w * ALONE[j]!, 0.7);
    assert.ok(Math.abs(viaPhi - widthLatency(SPACE, ALONE_BOXES, 0.7, a)) < 1e-12);
  }
  const layer = PARTS.find((p) => p.part === 'layer' && p.axes[1]![0] !== p.axes[1]![1])!;
  const cs = corners(layer.axes);
  const lo = cornerMflops(SPACE, layer, cs[0]!);
  const hi = cornerMflops(SPACE, layer, cs.at(-1)!);
  assert.ok(hi > lo && lo > 0, `${lo} < ${hi}`);
});

test('the fit recovers corners made as s·alone + t·MFLOPs + δ from exact whole-network latencies, and predicts held-out networks', () => {
  const rng = Rng.seeded(9);
  const delta = ALONE.map(() => 0.2 * (rng.float() - 0.5));
  const truth = ALONE.map((a, j) => 0.25 * a + 0.4 * MFLOPS[j]! + delta[j]!);
  const latency = (phi: Map<number, number>) => [...phi].reduce((y, [j, w]) => y + w * truth[j]!, 1.5);
  const point = (s: number) => {
    const phi = cornerPhi(SPACE, ALONE_BOXES, OFFSETS, arch(s));
    return { phi, ms: latency(phi) };
  };
  const fitSet = Array.from({ length: 120 }, (_, i) => point(100 + i));
  const fit = fitWidths(fitSet, { alone: ALONE, mflops: MFLOPS, scale: 3, ridge: 1e-6 });
  for (const p of fitSet) assert.ok(Math.abs(predictWidthFit(fit, p.phi) - p.ms) / p.ms < 1e-3);
  const held = Array.from({ length: 20 }, (_, i) => point(1000 + i));
  const mape = (f: (phi: Map<number, number>) => number) => held.reduce((e, p) => e + Math.abs(f(p.phi) - p.ms) / p.ms, 0) / held.length;
  const noDelta = (phi: Map<number, number>) => [...phi].reduce((y, [j, w]) => y + w * (0.25 * ALONE[j]! + 0.4 * MFLOPS[j]!), 1.5);
  // the fit learned the δ the global terms cannot express: held-out error well under the δ-free model's
  assert.ok(mape((phi) => predictWidthFit(fit, phi)) < 0.5 * mape(noDelta), `${mape((phi) => predictWidthFit(fit, phi))} vs δ-free ${mape(noDelta)}`);
  // without δ the two global weights carry it: a strong pull is exact and cross-validation picks it
  const plain = ALONE.map((a, j) => 0.25 * a + 0.4 * MFLOPS[j]!);
  const pts = fitSet.map((p) => ({ phi: p.phi, ms: [...p.phi].reduce((y, [j, w]) => y + w * plain[j]!, 1.5) }));
  const strong = fitWidths(pts, { alone: ALONE, mflops: MFLOPS, scale: 3, ridge: 1e4 });
  assert.ok(Math.abs(strong.aloneScale - 0.25) < 1e-3 && Math.abs(strong.flopsMs - 0.4) < 1e-3 && Math.abs(strong.fixed - 1.5) < 1e-3, JSON.stringify({ s: strong.aloneScale, t: strong.flopsMs, f: strong.fixed }));
  const choice = chooseWidthRidge(pts, { alone: ALONE, mflops: MFLOPS, scale: 3 });
  assert.equal(choice.cv.length, 6);
  assert.ok(choice.ridge >= 100, `λ ${choice.ridge}: ${JSON.stringify(choice.cv)}`);
});
