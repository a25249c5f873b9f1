// space/v1 -> space/v2 and arch/v1 -> arch/v2, pure. A v1 space had one global candidate list
// (often replaced by build-lut.yaml's `candidates`) and a flat skeleton; v2 moves the skeleton
// under `body` (kind chain) and the list to the space-level `ops`. A v1 arch's `blocks` become
// chain `rows`; its θ-shaped search record is dropped into `details` (a v2 record needs a sample).
import type { ArchDoc, SearchSpace } from '../types/generated.js';

type Json = Record<string, unknown>;

export function spaceV1ToV2(v1: Json, candidates?: string[]): SearchSpace {
  const { schema: _s, stem, layers, stages, head, candidates: own, ...rest } = v1;
  const body: Json = { kind: 'chain', stem };
  if (layers) body.layers = layers;
  if (stages) body.stages = stages;
  body.head = head;
  const { name, description, input, classes } = rest as Json;
  return { schema: 'space/v2', name, ...(description ? { description } : {}), input, classes, ops: candidates ?? own, body } as unknown as SearchSpace;
}

export function archV1ToV2(v1: Json): ArchDoc {
  const { schema: _s, name, description, input, classes, stem, blocks, head, search } = v1;
  const doc: Json = { schema: 'arch/v2', name, ...(description ? { description } : {}), input, classes, body: { kind: 'chain', stem, rows: blocks, head } };
  if (search) doc.search = { method: 'fbnet', space: (search as Json).space, sample: {}, details: { convertedFromV1: search } };
  return doc as unknown as ArchDoc;
}
