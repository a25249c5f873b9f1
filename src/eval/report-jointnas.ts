// FBNetV3's report sections: the method's central claim — the found architecture trained with its
// searched recipe vs the same architecture with retrain's default recipe (test top-1, measured
// here) — then the accuracy predictor's rank correlation on held-out candidates and the early-stop
// choice with its per-epoch rank correlations. Pure: documents in, sections out.
import type { Section } from '../report/index.js';
import type { EvaluateResults, JointNasResult } from '../types/generated.js';

const pct = (v: number): string => `${(100 * v).toFixed(2)} %`;
const recipeText = (r: Record<string, string | number>): string => Object.entries(r).map(([k, v]) => `${k} ${typeof v === 'number' ? Number(v.toPrecision(3)) : v}`).join(', ');

export function jointNasSections(j: JointNasResult, results: EvaluateResults): Section[] {
  const s = results.jointnas;
  const out: Section[] = [];
  const cmp = s?.comparisons ?? [];
  out.push({
    kind: 'text',
    heading: 'FBNetV3: searched recipe vs default recipe',
    paragraphs: cmp.length
      ? cmp.map((c) => `${c.found} trained with its searched recipe (${recipeText(c.recipe)}) reaches ${pct(c.searchedTest)} test top-1; the same architecture with retrain's default recipe (${c.defaultName}) ${pct(c.defaultTest)}: ${c.searchedTest >= c.defaultTest ? 'the searched recipe is better by' : 'the searched recipe is worse by'} ${(100 * Math.abs(c.searchedTest - c.defaultTest)).toFixed(2)} points (one run each; val ${pct(c.searchedVal)} vs ${pct(c.defaultVal)}).`)
      : ['No found architecture with a searched recipe was retrained next to its default-recipe twin (retrain-config defaultRecipe false, or the space has no recipe choices), so there is no comparison.'],
  });
  if (cmp.length) {
    out.push({
      kind: 'table',
      heading: 'Recipe comparison',
      columns: ['found', 'searched recipe', 'test top-1 (searched)', 'test top-1 (default)', 'difference', 'val (searched)', 'val (default)', 'predicted val (candidate scale)'],
      rows: cmp.map((c) => [c.found, recipeText(c.recipe), pct(c.searchedTest), pct(c.defaultTest), `${(100 * (c.searchedTest - c.defaultTest)).toFixed(2)} pt`, pct(c.searchedVal), pct(c.defaultVal), c.predictedVal === null ? 'n/a' : pct(c.predictedVal)]),
      caption: 'Predicted val is the predictor\'s estimate for a short candidate training (to the early-stop epoch), not for retrain\'s longer one: compare it with the candidates, not with the retrained numbers.',
    });
  }
  const trained = j.candidates.length;
  out.push({
    kind: 'table',
    heading: 'FBNetV3: accuracy predictor and early stopping',
    columns: ['quantity', 'value'],
    rows: [
      ['Sobol pool (meeting the constraints)', `${j.pool.size} of ${j.pool.points} points (${j.pool.refused} refused)`],
      ['constraints', Object.entries(j.constraints).map(([m, v]) => `${m} <= ${Number((v as number).toPrecision(4))}`).join(', ') || 'none'],
      ['candidates trained', `${trained} (${j.candidates.filter((c) => c.phase === 'first').length} to the end, the rest to epoch ${j.earlyStop.epoch})`],
      ['early-stop epoch', `${j.earlyStop.epoch} (${j.earlyStop.by} >= ${j.earlyStop.threshold}${j.earlyStop.reached ? '' : ': not reached before the last epoch'})`],
      ['held-out candidates', j.heldOut.count],
      ['held-out Kendall τ', j.heldOut.kendall.toFixed(3)],
      ['held-out Spearman ρ', j.heldOut.spearman.toFixed(3)],
      ['best measured candidate', `${j.best.name} ${pct(j.best.score)} val top-1 at epoch ${j.earlyStop.epoch}`],
    ],
    caption: 'The predictor (MLP encoder pre-trained on LUT latency, FLOPs and params of the whole pool; accuracy head fitted with the Huber loss, frozen then fine-tuned) is scored on candidates it never saw.',
  });
  out.push({
    kind: 'table',
    heading: 'Early-stop choice: rank correlation with the final val top-1',
    columns: ['epoch', 'Spearman ρ', 'Kendall τ'],
    rows: j.earlyStop.correlations.map((c) => [c.epoch, c.spearman.toFixed(3), c.kendall.toFixed(3)]),
  });
  return out;
}
