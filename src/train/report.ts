// theta.json (schema theta) from a finished search: θ of the selected epoch per layer with
// softmax, argmax and entropy, the last epoch's θ, expected and argmax cost, the diagnostics'
// warnings and the index of supernet.weights.bin. Pure: no I/O.
import type { WeightsIndex } from '../arch/weights-file.js';
import type { CostTable } from '../latency/table.js';
import type { SupernetSpec } from '../supernet/spec.js';
import { diagnose, entropy, expectedCost, softmax } from '../supernet/theta-stats.js';
import type { DiagnosticsSettings, SupernetTheta } from '../types/generated.js';
import { argmaxCost, argmaxNames } from './history.js';
import type { SearchResult } from './search.js';

export interface ReportInput {
  spec: SupernetSpec;
  costs: CostTable;
  result: SearchResult;
  initial: ArrayLike<number>[];
  weightsIndex: WeightsIndex;
  diagnostics: DiagnosticsSettings;
  select: 'best-val' | 'last';
}

export function thetaReport(r: ReportInput): SupernetTheta {
  const { spec, costs, result } = r;
  const sel = result.selected;
  const thetas = spec.layers.map((l) => {
    const a = sel.arrays.find((x) => x.name === `theta.${l.index}`);
    if (!a) throw new RangeError(`selected snapshot lacks theta.${l.index}`);
    return a.data;
  });
  const record = result.history.find((h) => h.epoch === sel.epoch);
  return {
    schema: 'theta/v1',
    space: spec.name,
    candidates: [...spec.candidates],
    metric: costs.metric,
    unit: costs.unit,
    selected: { epoch: sel.epoch, by: r.select === 'best-val' && result.history.length > 0 && record ? r.select : 'last', valTop1: sel.valTop1 },
    tau: record?.tau ?? NaN,
    layers: thetas.map((t, l) => {
      const p = softmax(t);
      return { index: spec.layers[l]!.index, theta: Array.from(t), softmax: p, argmax: argmaxNames([t], spec.candidates)[0]!, entropy: entropy(p) };
    }),
    final: result.final.map((t) => Array.from(t)),
    argmax: argmaxNames(thetas, spec.candidates),
    expectedCost: expectedCost(thetas, costs.costs, costs.fixed),
    argmaxCost: argmaxCost(thetas, costs),
    initialEntropy: r.initial.reduce<number>((s, t) => s + entropy(softmax(t)), 0) / Math.max(r.initial.length, 1),
    // Diagnose the θ that sample reads (the selected epoch), not the last one.
    warnings: diagnose(thetas, r.initial, spec.candidates, { collapseShare: r.diagnostics.collapseShare, minMove: r.diagnostics.minThetaMove }),
    weights: { file: 'supernet.weights.bin', ...r.weightsIndex },
  };
}
