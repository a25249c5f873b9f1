// search.json (schema search-result) from a finished supernet training, method-neutral: the
// selected epoch; per choice its values and, for methods with them, probabilities, raw
// architecture parameters and entropy; the sample the method exports (or null) and its cost; the
// method's diagnostics; the index of supernet.weights.bin. Pure: no I/O.
import type { WeightsIndex } from '../arch/weights-file.js';
import { type Choice, sampleOf } from '../methods/choices.js';
import type { Method } from '../methods/method.js';
import { argmax, entropy, softmax } from '../supernet/theta-stats.js';
import type { SearchResult as SearchResultDoc } from '../types/generated.js';
import { exportGapWarnings } from './export-gap.js';
import type { PathCosts } from './path-costs.js';
import type { SearchResult } from './search.js';

export interface ReportInput {
  spec: { name: string };
  choices: readonly Choice[];
  costs: PathCosts;
  method: Method;
  result: SearchResult;
  /** The policy's parameters before training (null: it has none). */
  initial: number[][] | null;
  weightsIndex: WeightsIndex;
  select: 'best-val' | 'best-exported-val' | 'last';
}

export function searchReport(r: ReportInput): SearchResultDoc {
  const { result, method, choices, costs } = r;
  const sel = result.selected;
  // The selected snapshot's architecture parameters (FBNet's θ), by the policy's own names.
  const params = method.policy.parameters.length
    ? method.policy.parameters.map((p) => {
        const a = sel.arrays.find((x) => x.name === p.name);
        if (!a) throw new RangeError(`selected snapshot lacks ${p.name}`);
        return Array.from(a.data);
      })
    : null;
  const probs = params?.map((t) => softmax(t)) ?? null;
  const picks = params?.map((t) => argmax(t)) ?? null;
  const record = result.history.find((h) => h.epoch === sel.epoch);
  return {
    schema: 'search-result/v1',
    method: method.name,
    space: r.spec.name,
    metric: costs.metric,
    unit: costs.unit,
    selected: { epoch: sel.epoch, by: r.select !== 'last' && result.history.length > 0 && record ? r.select : 'last', valTop1: sel.valTop1 },
    temperature: record?.temperature ?? null,
    choices: choices.map((c, i) => ({ label: c.label, kind: c.kind, values: [...c.values], probabilities: probs?.[i] ?? null, params: params?.[i] ?? null, entropy: probs ? entropy(probs[i]!) : null })),
    sample: picks ? sampleOf(choices, picks) : null,
    sampleCost: picks ? costs.path(picks) : null,
    expectedCost: probs ? costs.expected(probs) : null,
    initialEntropy: r.initial ? r.initial.reduce<number>((s, t) => s + entropy(softmax(t)), 0) / Math.max(r.initial.length, 1) : null,
    // Diagnose the parameters sample reads (the selected epoch's), not the last ones.
    warnings: [...method.diagnose(params, r.initial), ...exportGapWarnings(record)],
    weights: { file: 'supernet.weights.bin', ...r.weightsIndex },
  };
}
