// The evaluate report as a ReportModel (src/report): what was found, how it compares with the
// baselines on test accuracy and measured latency, how the search went (θ, supernet curves), how
// retraining went, and the manifest hash chain behind every number. Pure: artifacts in, model out.
import { accuracyLatencyScatter, architectureSvg, confusionMatrix, hashChainStage, type ReportModel, type Section, thetaHeatmap, thetaOverEpochs, trainingCurves } from '../report/index.js';
import type { NormalizedArch } from '../arch/normalize.js';
import type { EvaluateLatency, EvaluateResults, LatencyTable, Manifest, RetrainHistory, SupernetHistory, SupernetTheta } from '../types/generated.js';

export interface ReportInputs {
  results: EvaluateResults;
  latency: EvaluateLatency;
  lut: LatencyTable;
  theta: SupernetTheta;
  supernet: SupernetHistory;
  retrain: Map<string, RetrainHistory>;
  found: NormalizedArch;
  manifests: { manifest: Manifest; sha256: string }[];
  configHash: string;
}

const pct = (v: number): string => `${(100 * v).toFixed(2)} %`;
const ms = (v: number): string => `${v.toFixed(3)} ms`;

export async function buildReport(r: ReportInputs): Promise<ReportModel> {
  const found = r.results.archs.find((a) => a.kind === 'found') ?? r.results.archs[0]!;
  const lat = new Map(r.latency.archs.map((a) => [a.name, a]));
  const at1 = (name: string): number => lat.get(name)!.correctedMs;
  const sections: Section[] = [];
  const e2e = r.lut.checks.endToEnd;
  const f3 = (v: number | null): string => v?.toFixed(3) ?? 'n/a';
  const p1 = (v: number | null): string => (v === null ? 'n/a' : `${(100 * v).toFixed(1)} %`);
  if (e2e.below.length) {
    sections.push({
      kind: 'text',
      heading: 'WARNING: the latency table failed its end-to-end check',
      paragraphs: [
        `Checked against ${e2e.archs} whole architectures timed interleaved with it, the table misses its thresholds: ${e2e.below.join('; ')}. Latency-aware choices below rest on it; rebuild it on a quiet machine and rerun the pipeline (npx turbo run evaluate --force) before trusting them.`,
      ],
    });
  }
  sections.push({
    kind: 'text',
    heading: 'Summary',
    paragraphs: [
      `The search over space ${r.lut.stamp.spaceName} (${r.lut.space.layers.length} searchable layers × ${r.lut.space.candidates.length} candidates) found ${found.name}: ${found.choices.join(' → ')}.`,
      `Retrained from scratch it reaches ${pct(found.test.top1)} test top-1 (${pct(found.test.top5)} top-5) at ${ms(at1(found.name))} per image measured on ${r.latency.runtime}/${r.latency.backend}, drift-corrected (LUT prediction ${ms(found.predictedLatencyMs)}), ${(found.flops / 1e6).toFixed(2)} MFLOPs and ${found.params} parameters.`,
      `The latency table was measured in ${r.lut.stamp.runtime}${r.lut.stamp.browser ? ` (${r.lut.stamp.browser})` : ''} on ${r.lut.stamp.backend} (${r.lut.stamp.cpuModel}, ${r.lut.stamp.threads} thread(s), TF.js ${r.lut.stamp.tfjsVersion}); over ${e2e.archs} architectures spanning its range, timed interleaved with it, its predictions reach Spearman ${f3(e2e.spearman)}, Kendall τ ${f3(e2e.kendall)}, MAPE ${p1(e2e.mape)}, ${p1(e2e.within10)} within ±10 % (measured/LUT mean ${f3(e2e.meanRatio)}, worst ${f3(e2e.maxRatio)}).`,
      'Test accuracy comes from the test split, which no earlier stage read; every selection (supernet epoch, θ, retrain epoch) used the val split.',
    ],
  });
  sections.push({
    kind: 'table',
    heading: 'Found architecture and baselines',
    columns: ['architecture', 'kind', 'test top-1', 'test top-5', 'val top-1', 'measured', 'raw', 'LUT', 'measured / LUT', 'MFLOPs', 'params'],
    rows: r.results.archs.map((a) => [a.name, a.kind, pct(a.test.top1), pct(a.test.top5), pct(a.val.top1), ms(at1(a.name)), ms(lat.get(a.name)!.rawMs), ms(a.predictedLatencyMs), lat.get(a.name)!.ratio?.toFixed(3) ?? 'n/a', (a.flops / 1e6).toFixed(2), a.params]),
  });
  sections.push({
    kind: 'figure',
    heading: 'Accuracy vs measured latency',
    id: 'accuracy-latency',
    svg: await accuracyLatencyScatter({ points: r.results.archs.map((a) => ({ name: a.name, kind: a.kind, latencyMs: at1(a.name), top1: a.test.top1 })), latencyLabel: `measured latency, ms per image (${r.latency.runtime}/${r.latency.backend})` }),
    caption: 'Test top-1 against whole-model latency at batch 1; the found architecture is highlighted.',
  });
  const probs = new Map(r.theta.layers.map((l) => [l.index, Math.max(...l.softmax)]));
  sections.push({
    kind: 'figure',
    heading: 'The found architecture',
    id: 'architecture',
    svg: architectureSvg({
      name: r.found.name, input: r.found.input, stem: { cOut: r.found.stem.cOut, stride: r.found.stem.stride },
      blocks: r.found.blocks.map((b) => ({ name: b.name, cIn: b.cIn, cOut: b.cOut, stride: b.stride, outH: b.outH, outW: b.outW, flops: b.cost.flops, probability: probs.get(b.index) })),
      head: { cOut: r.found.head.cOut, classes: r.found.classes },
    }),
    caption: 'Block by block, with each layer\'s output size, FLOPs and softmax(θ) of the chosen candidate.',
  });
  sections.push({
    kind: 'figure',
    heading: 'Search: θ',
    id: 'theta',
    svg: await thetaHeatmap({ candidates: r.theta.candidates, epochs: [{ epoch: r.theta.selected.epoch, softmax: r.theta.layers.map((l) => l.softmax) }] }),
    caption: `softmax(θ) per searchable layer at the selected supernet epoch ${r.theta.selected.epoch + 1} (chosen by ${r.theta.selected.by}); the argmax of each layer is outlined.`,
  });
  const ep = r.supernet.epochs;
  sections.push({
    kind: 'figure',
    id: 'theta-epochs',
    svg: await thetaOverEpochs({ candidates: r.theta.candidates, epochs: ep.map((e) => ({ epoch: e.epoch + 1, softmax: e.softmax })) }),
    caption: 'softmax(θ) of every layer after each supernet epoch (w-only warm-up epochs stay uniform).',
  });
  sections.push({
    kind: 'figure',
    heading: 'Search: supernet training',
    id: 'supernet-curves',
    svg: await trainingCurves({
      title: 'Supernet top-1', yLabel: 'top-1', yFormat: '.0%',
      series: [
        { name: 'train (w steps)', points: ep.map((e) => ({ epoch: e.epoch + 1, value: e.w.top1 })) },
        { name: 'val', points: ep.map((e) => ({ epoch: e.epoch + 1, value: e.val.top1 })) },
      ],
    }),
    caption: 'Supernet top-1 on train_w (Gumbel-sampled mixtures) and val (softmax(θ)-weighted, no noise) per epoch.',
  });
  sections.push({
    kind: 'figure',
    id: 'supernet-entropy',
    svg: await trainingCurves({ title: 'Mean entropy of softmax(θ)', yLabel: 'nats', series: [{ name: 'mean entropy', points: ep.map((e) => ({ epoch: e.epoch + 1, value: e.meanEntropy })) }] }),
    caption: `Falling entropy means θ is committing to candidates (uniform: ${Math.log(r.theta.candidates.length).toFixed(3)} nats).`,
  });
  sections.push({
    kind: 'figure',
    heading: 'Retraining',
    id: 'retrain-curves',
    svg: await trainingCurves({
      title: 'Retrain val top-1', yLabel: 'val top-1', yFormat: '.0%',
      series: [...r.retrain.values()].map((h) => ({ name: h.name, points: h.epochs.map((e) => ({ epoch: e.epoch + 1, value: e.val.top1 })) })),
    }),
    caption: 'Val top-1 per epoch of every retrained architecture; each one keeps its best epoch.',
  });
  sections.push({
    kind: 'figure',
    heading: `Test confusion matrix of ${found.name}`,
    id: 'confusion',
    svg: await confusionMatrix({ classNames: r.results.classNames, matrix: found.confusion }),
    caption: 'Rows: true class; columns: predicted class.',
  });
  sections.push({ kind: 'table', heading: 'Per-class test accuracy', columns: ['class', ...r.results.archs.map((a) => a.name)], rows: r.results.classNames.map((c, k) => [c, ...r.results.archs.map((a) => pct(a.perClass[k]!))]) });
  if (r.lut.checks.monotonicity.length || r.lut.warnings.length) {
    sections.push({ kind: 'text', heading: 'Latency table warnings', paragraphs: [...r.lut.warnings, ...r.lut.checks.monotonicity] });
  }
  sections.push({ kind: 'hashChain', heading: 'Where every number comes from', stages: r.manifests.map((m) => hashChainStage(m.manifest, m.sha256)) });
  return { title: `nasflow report: ${r.lut.stamp.spaceName}`, generatedFrom: `evaluate config ${r.configHash}`, sections };
}
