// FBNetV3's comparison for results.json: per found architecture that was retrained with a searched
// recipe, its default-recipe twin (`<name>-default-recipe`, retrain's plan) side by side on test
// and val, with the predictor's estimate from the sample index; plus the predictor's held-out rank
// correlation from jointnas.json. Pure.
import type { EvaluateJointNas, EvaluateResults, JointNasResult, SampleIndex } from '../types/generated.js';

export function recipeComparison(j: JointNasResult, results: EvaluateResults, sampled: SampleIndex): EvaluateJointNas {
  const byName = new Map(results.archs.map((a) => [a.name, a]));
  const comparisons: EvaluateJointNas['comparisons'] = [];
  for (const a of results.archs) {
    if (a.kind !== 'found' || !a.recipe) continue;
    const twin = byName.get(`${a.name}-default-recipe`);
    if (!twin) continue;
    comparisons.push({
      found: a.name, defaultName: twin.name, recipe: { ...a.recipe },
      searchedTest: a.test.top1, defaultTest: twin.test.top1, searchedVal: a.val.top1, defaultVal: twin.val.top1,
      predictedVal: sampled.archs.find((s) => s.name === a.name)?.valTop1 ?? null,
    });
  }
  return { heldOut: j.heldOut.count, kendall: j.heldOut.kendall, spearman: j.heldOut.spearman, earlyStopEpoch: j.earlyStop.epoch, candidates: j.candidates.length, comparisons };
}
