// The architecture an FBNetV2 search found: argmax α per choice as a sample, frozen into an
// architecture document (arch/v2: one row per layer with its chosen width and expansion, the
// chosen input size) whose search record says the method, the sample, the probability α gave
// each chosen value, and the analytic FLOPs/params of the narrow network. Its weights, when the
// supernet's are wanted, are the leading slices (src/supernet/masked/export-slice.ts). Spaces
// with recipe choices are refused: FBNetV2 searches no training recipe.
import { normalizeArch } from '../arch/normalize.js';
import { freeze } from '../spaces/freeze.js';
import type { MaskedSupernet } from '../supernet/masked/masked-supernet.js';
import type { ArchDoc } from '../types/generated.js';
import { sampleOf } from './choices.js';
import type { MaskingPolicy } from './policies/masking.js';

export function foundArch(net: MaskedSupernet, policy: MaskingPolicy, name: string): ArchDoc {
  const extra = net.space.choices.filter((c) => !net.choices.some((d) => d.label === c.label));
  if (extra.length) throw new RangeError(`space ${net.space.name}: FBNetV2 searches no ${extra.map((c) => c.label).join(', ')}`);
  const picks = policy.exported();
  const probs = policy.probabilities();
  const sample = sampleOf(net.choices, picks);
  const doc = freeze(net.space, sample, name, { search: { method: 'fbnet-v2', probabilities: Object.fromEntries(net.choices.map((c, i) => [c.label, probs[i]![picks[i]!]!])) } });
  const arch = normalizeArch(doc, `${name}.json`);
  doc.search!.predicted = { flops: arch.flops, params: arch.params };
  return doc;
}
