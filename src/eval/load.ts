// Loading what retrain wrote for one architecture: its document, and a model with the selected
// epoch's weights (nasflow weights format), ready for inference.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readDocument } from '../artifacts/io.js';
import { buildModel, type NasflowModel } from '../arch/model.js';
import { normalizeArch } from '../arch/normalize.js';
import { unpackWeights } from '../arch/weights-file.js';
import type { ArchDoc, WeightsIndexDoc } from '../types/generated.js';

export function loadRetrained(dir: string): { doc: ArchDoc; model: NasflowModel } {
  const doc = readDocument<ArchDoc>(join(dir, 'arch.json'), 'arch');
  const index = readDocument<WeightsIndexDoc>(join(dir, 'weights.json'), 'weights-index');
  const binFile = join(dir, index.file);
  const arrays = unpackWeights({ format: index.format, arch: index.arch, byteLength: index.byteLength, tensors: index.tensors }, new Uint8Array(readFileSync(binFile)), binFile);
  const model = buildModel(normalizeArch(doc, join(dir, 'arch.json')));
  model.loadState(arrays, binFile);
  return { doc, model };
}
