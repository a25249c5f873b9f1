// DARTS' evaluation network: a searched genotype is retrained in a deeper, wider network than the
// one it was searched in (CIFAR-10: 8 cells of 16 channels in search, 20 cells of 36 to evaluate).
// The retrain config's `cells` block gives the evaluation layout; reductions sit at 1/3 and 2/3
// of the depth as in DARTS (cells // 3, 2 * cells // 3). Every cells job — found and random — is
// re-laid-out the same way, so the comparison is fair. Pure: documents in, documents out.
import type { ArchDoc, RetrainCells } from '../types/generated.js';

export function evaluationReductions(cells: number): number[] {
  return [...new Set([Math.floor(cells / 3), Math.floor((2 * cells) / 3)])].filter((r) => r < cells);
}

/** The document in the evaluation layout (unchanged when it is a chain or `cells` is absent). */
export function evaluationLayout(doc: ArchDoc, c: RetrainCells | undefined): ArchDoc {
  if (!c || doc.body.kind !== 'cells') return doc;
  const stem = c.stem ?? 3 * c.channels;
  return { ...doc, body: { ...doc.body, stem: { cOut: stem }, layout: { cells: c.cells, reductions: evaluationReductions(c.cells), channels: c.channels } } };
}
