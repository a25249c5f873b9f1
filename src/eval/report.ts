// The evaluate report as a ReportModel (src/report), method-neutral: what was found, how it
// compares with the baselines on test accuracy and measured latency, how the search went
// (per-choice probability charts when the method has probabilities, the evolution's progress and
// population when the sample stage evolved, supernet curves), how retraining went, and the
// manifest hash chain behind every number. FBNetV3 (no supernet) brings its own sections
// (report-jointnas.ts): the predictor's held-out rank correlation, the early-stop choice and the
// searched-vs-default recipe comparison. Pure: artifacts in, model out.
import { accuracyLatencyScatter, architectureSvg, cellGraphSvg, confusionMatrix, evolutionScatter, hashChainStage, type ReportModel, type Section, thetaHeatmap, thetaOverEpochs, trainingCurves } from '../report/index.js';
import type { NormalizedArch } from '../arch/normalize.js';
import type { NormalizedCellsArch } from '../arch/normalize-cells.js';
import { collapseStats, deriveGenotype } from '../methods/genotype.js';
import type { ProtocolSummary } from '../protocol/summary.js';
import type { EvaluateLatency, EvaluateResults, EvolutionHistory, JointNasResult, LatencyTable, Manifest, RetrainHistory, SearchResult, SupernetHistory } from '../types/generated.js';
import { jointNasSections } from './report-jointnas.js';

export interface ReportInputs {
  results: EvaluateResults;
  latency: EvaluateLatency;
  lut: LatencyTable;
  /** Supernet methods' search.json and history.json (null for fbnet-v3). */
  search: SearchResult | null;
  supernet: SupernetHistory | null;
  /** fbnet-v3's jointnas.json (null for supernet methods). */
  jointnas: JointNasResult | null;
  /** The sample stage's evolution history, when it evolved. */
  evolution: EvolutionHistory | null;
  retrain: Map<string, RetrainHistory>;
  found: NormalizedArch;
  manifests: { manifest: Manifest; sha256: string }[];
  configHash: string;
  /** The evaluation protocol's verdict (src/protocol/summary.ts); the report leads with it. */
  protocol: ProtocolSummary;
  /** A width search's chosen widths and resolution (src/report/widths.ts), after the found architecture; empty otherwise. */
  widths: Section[];
}

const pct = (v: number): string => `${(100 * v).toFixed(2)} %`;
const ms = (v: number): string => `${v.toFixed(3)} ms`;

export async function buildReport(r: ReportInputs): Promise<ReportModel> {
  const found = r.results.archs.find((a) => a.kind === 'found') ?? r.results.archs[0]!;
  const lat = new Map(r.latency.archs.map((a) => [a.name, a]));
  const at1 = (name: string): number => lat.get(name)!.correctedMs;
  const sections: Section[] = [];
  const method = r.search?.method ?? r.jointnas?.method ?? 'unknown';
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
    heading: 'Verdict: does the search beat a random pick?',
    paragraphs: r.protocol.lines.length ? r.protocol.lines : ['No found architecture was retrained, so there is nothing to judge.'],
  });
  if (r.protocol.rows.length) {
    sections.push({
      kind: 'table',
      heading: r.found.kind === 'cells' ? 'Found vs the random genotypes (band = every random genotype, retrained in the same layout)' : 'Found vs its latency band and the uniform baselines',
      columns: ['found', r.protocol.trainings > 1 ? `test top-1 (mean of ${r.protocol.trainings} trainings)` : 'test top-1', 'measured ms @1', 'rank in band', 'band best', 'band mean', 'dominated by', 'verdict'],
      rows: r.protocol.rows,
    });
  }
  sections.push({
    kind: 'text',
    heading: 'Summary',
    paragraphs: [
      `The ${method} search${r.evolution ? ' with evolution' : ''} over space ${r.lut.stamp.spaceName} (${r.lut.widths ? `${r.lut.grid.layers.length} layers, ${r.search?.choices.length ?? 0} choices of op, width, expansion and input resolution` : r.lut.reference.method === 'standalone' ? `${r.search?.choices.length ?? 0} mixed cell edges × ${r.lut.grid.layers[0]?.candidates.length ?? 0} candidates` : `${r.lut.grid.layers.length} searchable layers × ${r.lut.grid.layers[0]?.candidates.length ?? 0} candidates`}) found ${found.name}: ${r.lut.widths && r.found.kind === 'chain' ? `input ${r.found.input[0]}×${r.found.input[1]}, ${r.found.blocks.map((b) => `${b.name}(${b.cOut})`).join(' → ')}` : found.choices.join(' → ')}.`,
      `Retrained from scratch it reaches ${pct(found.test.top1)} test top-1 (${pct(found.test.top5)} top-5) at ${ms(at1(found.name))} per image measured on ${r.latency.runtime}/${r.latency.backend}, drift-corrected (LUT prediction ${ms(found.predictedLatencyMs)}), ${(found.flops / 1e6).toFixed(2)} MFLOPs and ${found.params} parameters.`,
      `The latency table was measured in ${r.lut.stamp.runtime}${r.lut.stamp.browser ? ` (${r.lut.stamp.browser})` : ''} on ${r.lut.stamp.backend} (${r.lut.stamp.cpuModel}, ${r.lut.stamp.threads} thread(s), TF.js ${r.lut.stamp.tfjsVersion}); over ${e2e.archs} architectures spanning its range, timed interleaved with it, its predictions reach Spearman ${f3(e2e.spearman)}, Kendall τ ${f3(e2e.kendall)}, MAPE ${p1(e2e.mape)}, ${p1(e2e.within10)} within ±10 % (measured/LUT mean ${f3(e2e.meanRatio)}, worst ${f3(e2e.maxRatio)}).${r.lut.fit ? ` Its entries were fitted to ${r.lut.fit.networks} other whole networks (weighted least squares, ridge ${r.lut.fit.ridge}${r.lut.fit.swapOnly ? `; the single-swap marginals alone would give Spearman ${f3(r.lut.fit.swapOnly.spearman)}, ${p1(r.lut.fit.swapOnly.within10)} within ±10 %` : ''}); none of the checked architectures was among them.` : ''}`,
      `Measured latencies are corrected to the table's clock: within the timing run by its reference network (${ms(r.latency.clock.nowMs)} now, ${ms(r.latency.clock.lutMs)} when the table was built)${r.latency.clock.panel ? `, and in level by ${r.latency.clock.panel.archs.length} of the table's check architectures re-timed beside the models (now / at build: median ${f3(r.latency.clock.panel.factor)}, ${f3(Math.min(...r.latency.clock.panel.ratios))}–${f3(Math.max(...r.latency.clock.panel.ratios))})` : ''}; raw timings are in latency.json.`,
      `Test accuracy comes from the test split, which no earlier stage read; every selection (${r.jointnas ? 'candidate scores, early-stop epoch, predictor fit' : 'supernet epoch'}, ${r.evolution ? 'evolution scores' : 'architecture'}, retrain epoch) used the val split.`,
    ],
  });
  if (r.jointnas) sections.push(...jointNasSections(r.jointnas, r.results));
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
  const probs = r.search ? r.search.choices.map((c) => c.probabilities) : [null];
  const hasProbs = probs.every((p) => p !== null);
  const chosenP = (b: { index: number; name: string }): number | undefined => {
    // The layer's op choice by label (a width space's choices also hold widths and resolution).
    const c = r.search?.choices.find((x) => x.label === `layers.${b.index}.op`);
    const i = c ? c.values.indexOf(b.name) : -1;
    return c?.probabilities && i >= 0 ? c.probabilities[i] : undefined;
  };
  if (r.found.kind === 'cells') {
    if (r.search && r.supernet) sections.push(...cellSections(r.found, r.search), ...(await collapseSection(r.supernet)));
  } else sections.push({
    kind: 'figure',
    heading: 'The found architecture',
    id: 'architecture',
    svg: architectureSvg({
      name: r.found.name, input: r.found.input, stem: { cOut: r.found.stem.cOut, stride: r.found.stem.stride },
      blocks: r.found.blocks.map((b) => ({ name: b.name, cIn: b.cIn, cOut: b.cOut, stride: b.stride, outH: b.outH, outW: b.outW, flops: b.cost.flops, probability: hasProbs ? chosenP(b) : undefined })),
      head: { cOut: r.found.head.cOut, classes: r.found.classes },
    }),
    caption: hasProbs ? `Block by block, with each layer's output size, FLOPs and the ${method} probability of the chosen candidate.` : "Block by block, with each layer's output size and FLOPs.",
  });
  sections.push(...r.widths);
  const ep = r.supernet?.epochs ?? [];
  const alone = ep.filter((e) => e.valExported !== undefined);
  // One heatmap when every choice offers the same values (FBNet's ops); a table per choice otherwise.
  const sameValues = r.search?.choices.every((c) => c.values.join() === r.search!.choices[0]!.values.join()) ?? true;
  if (hasProbs && r.search && !sameValues) {
    sections.push({
      kind: 'table',
      heading: 'Search: per-choice probabilities',
      caption: `The ${r.search.method} method's probabilities of every choice at the selected supernet epoch ${r.search.selected.epoch + 1} (chosen by ${r.search.selected.by}); the most probable value is exported.`,
      columns: ['choice', 'values (probability)', 'entropy (nats)'],
      rows: r.search.choices.map((c) => [c.label, c.values.map((v, i) => `${v} (${(100 * c.probabilities![i]!).toFixed(1)} %)`).join(' / '), c.entropy?.toFixed(3) ?? 'n/a']),
    });
  }
  if (hasProbs && r.search && sameValues) {
    const values = r.search.choices[0]!.values.map(String);
    sections.push({
      kind: 'figure',
      heading: 'Search: per-choice probabilities',
      id: 'theta',
      svg: await thetaHeatmap({ candidates: values, epochs: [{ epoch: r.search.selected.epoch, softmax: probs as number[][] }] }),
      caption: `The ${r.search.method} method's probabilities per searchable layer at the selected supernet epoch ${r.search.selected.epoch + 1} (chosen by ${r.search.selected.by}); the most probable candidate of each layer is outlined.`,
    });
    const withProbs = ep.filter((e) => e.probabilities !== null);
    if (withProbs.length) {
      sections.push({
        kind: 'figure',
        id: 'theta-epochs',
        svg: await thetaOverEpochs({ candidates: values, epochs: withProbs.map((e) => ({ epoch: e.epoch + 1, softmax: e.probabilities! })) }),
        caption: 'The probabilities of every layer after each supernet epoch (weight-only warm-up epochs stay uniform).',
      });
    }
  }
  if (r.evolution) {
    const ev = r.evolution;
    sections.push({
      kind: 'figure',
      heading: 'Search: evolution',
      id: 'evolution-progress',
      svg: await trainingCurves({
        title: r.jointnas ? 'Evolution: predicted val top-1 (accuracy predictor)' : 'Evolution: val top-1 of supernet paths', yLabel: 'val top-1', yFormat: '.1%', xLabel: 'generation',
        series: [
          { name: 'best so far', points: ev.generations.map((g) => ({ epoch: g.generation + 1, value: g.best })) },
          { name: 'mean of the parents', points: ev.generations.map((g) => ({ epoch: g.generation + 1, value: g.mean })) },
        ],
      }),
      caption: `Per generation, the best val top-1 scored so far and the mean of the top-k parents; ${ev.scored} candidates scored, ${ev.rejected} refused by the ${ev.cap === null ? 'cap (none set)' : `${ev.metric} cap ${ev.cap} (${ev.unit}) before scoring`}.`,
    });
    const winners = new Set(ev.winners.map((w) => JSON.stringify(w.sample)));
    sections.push({
      kind: 'figure',
      id: 'evolution-population',
      svg: await evolutionScatter({
        points: ev.generations.flatMap((g) => g.population.map((p) => ({ generation: g.generation, cost: p.cost, valTop1: p.valTop1, winner: winners.has(JSON.stringify(p.sample)) }))),
        cap: ev.cap,
        costLabel: `predicted ${ev.metric} (${ev.unit})`,
      }),
      caption: 'Every scored candidate by generation (colour) on the accuracy–cost plane; the winners are outlined, the dashed rule is the cap.',
    });
  }
  if (ep.length) sections.push({
    kind: 'figure',
    heading: 'Search: supernet training',
    id: 'supernet-curves',
    svg: await trainingCurves({
      title: 'Supernet top-1', yLabel: 'top-1', yFormat: '.0%',
      series: [
        { name: 'train (w steps)', points: ep.map((e) => ({ epoch: e.epoch + 1, value: e.w.top1 })) },
        { name: 'val', points: ep.map((e) => ({ epoch: e.epoch + 1, value: e.val.top1 })) },
        // The architecture sample will take, run alone: what selection judges (best-exported-val).
        ...(alone.length ? [{ name: 'val, exported alone', points: alone.map((e) => ({ epoch: e.epoch + 1, value: e.valExported!.top1 })) }] : []),
      ],
    }),
    caption: (hasProbs
      ? `Supernet top-1 on the weight-training split (sampled mixtures) and val (the eval.mix forward of train-supernet's config${ep.some((e) => e.valRecalibrated) ? ', its BN statistics recalibrated under that mixture on train_w' : ', with the moving BN statistics'}) per epoch.`
      : 'Supernet top-1 per epoch on the weight-training split (one sampled path per step) and on val (one random path per batch).') +
      (alone.length ? ' "Exported alone": the architecture the method exports at that epoch (argmax θ), every other candidate off, BN recalibrated on train_w, on val — the number best-exported-val selects by; a gap to val means the supernet trained mixtures, not paths that work alone.' : ''),
  });
  if (ep.length && ep.every((e) => e.meanEntropy !== null)) {
    sections.push({
      kind: 'figure',
      id: 'supernet-entropy',
      svg: await trainingCurves({ title: 'Mean entropy of the per-choice probabilities', yLabel: 'nats', series: [{ name: 'mean entropy', points: ep.map((e) => ({ epoch: e.epoch + 1, value: e.meanEntropy! })) }] }),
      caption: `Falling entropy means the method is committing to candidates (uniform: ${Math.log(r.search?.choices[0]?.values.length ?? 1).toFixed(3)} nats).`,
    });
  }
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
  // The search's own warnings (skip collapse, θ not moving, the exported path far below the supernet).
  if (r.search?.warnings.length) sections.push({ kind: 'text', heading: 'Search warnings', paragraphs: [...r.search.warnings] });
  if (r.lut.checks.monotonicity.length || r.lut.warnings.length) {
    sections.push({ kind: 'text', heading: 'Latency table warnings', paragraphs: [...r.lut.warnings, ...r.lut.checks.monotonicity] });
  }
  sections.push({ kind: 'hashChain', heading: 'Where every number comes from', stages: r.manifests.map((m) => hashChainStage(m.manifest, m.sha256)) });
  return { title: `nasflow report: ${r.lut.stamp.spaceName}`, generatedFrom: `evaluate config ${r.configHash}`, sections };
}

/** DARTS: the found normal and reduce cells as graphs, each edge with its op's softmax(α) weight when the search has one. */
function cellSections(found: NormalizedCellsArch, search: SearchResult): Section[] {
  const byLabel = new Map(search.choices.map((c) => [c.label, c]));
  const weight = (t: string, j: number, input: number, op: string): number | undefined => {
    const c = byLabel.get(`${t}.n${j}.e${input}`);
    const i = c ? c.values.indexOf(op) : -1;
    return c?.probabilities && i >= 0 ? c.probabilities[i] : undefined;
  };
  const out: Section[] = [];
  for (const t of ['normal', 'reduce'] as const) {
    const cell = found.cells.find((c) => c.reduction === (t === 'reduce'));
    if (!cell) continue;
    out.push({
      kind: 'figure',
      ...(t === 'normal' ? { heading: 'The found cells' } : {}),
      id: `cell-${t}`,
      svg: cellGraphSvg({ title: `${found.name}: ${t} cell`, id: `cell-${t}`, concat: cell.concat, nodes: cell.nodes.map((edges, j) => edges.map((e) => ({ op: e.name, input: e.input, weight: weight(t, j, e.input, e.name) }))) }),
      caption: `The ${t} cell the genotype rule kept: per intermediate node the two strongest incoming edges, each labelled with its op${search.method === 'darts' ? ' and that op\'s softmax(α) weight on the edge at the selected epoch' : ''}; c_{k-2}, c_{k-1} are the outputs of the two cells before, c_{k} the concatenation of the nodes. Retrained in ${found.cells.length} cells of ${found.cells[0]?.c ?? 0} channels.`,
    });
  }
  return out;
}

/**
 * DARTS' collapse guard over the search, recomputed from the history's softmax(α) per epoch: the
 * derived normal cell's skip_connect and parameter-free op counts (quark0/darts #73, #110).
 */
async function collapseSection(h: SupernetHistory): Promise<Section[]> {
  const edges = h.choices.every((c) => /^(normal|reduce)\.n\d+\.e\d+$/.test(c.label));
  const ep = h.epochs.filter((e) => e.probabilities !== null);
  if (!edges || !ep.length) return [];
  const choices = h.choices.map((c) => ({ label: c.label, kind: 'op' as const, values: c.values }));
  const stats = ep.map((e) => ({ epoch: e.epoch + 1, s: collapseStats(deriveGenotype(choices, e.probabilities!), e.probabilities!) }));
  return [{
    kind: 'figure',
    heading: 'Search: DARTS collapse guard',
    id: 'collapse',
    svg: await trainingCurves({
      title: 'Collapse guard: the derived normal cell', yLabel: 'ops',
      series: [
        { name: 'skip_connect', points: stats.map((x) => ({ epoch: x.epoch, value: x.s.normalSkips })) },
        { name: 'parameter-free', points: stats.map((x) => ({ epoch: x.epoch, value: x.s.normalParameterFree })) },
      ],
    }),
    caption: "After each search epoch, the genotype rule applied to that epoch's softmax(α): how many of the normal cell's kept ops are skip_connect and how many are parameter-free (pools, skip_connect). A normal cell filling with them is DARTS' best-known failure; the DARTS+ rule stops at 2 skip_connects (train-supernet's collapse.maxSkips).",
  }];
}
