// Checks an exported TF.js LayersModel (model.json + weights.bin) against the nasflow model it
// came from: loaded by tfjs-layers' own loader through a file-reading IOHandler (no nasflow code
// in the loaded graph), both predict the same images; returns the largest absolute logit gap, and
// `assertExportAgrees` fails when it exceeds the configured tolerance. Files that do not match
// their own model.json (a truncated weights.bin) are DataErrors naming the file.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { NasflowModel } from '../arch/model.js';
import { atArchInput } from '../arch/input.js';
import { DataError, NasflowError } from '../core/errors.js';

interface ModelJson {
  modelTopology: object;
  format: string;
  weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
}

const DTYPE_BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1 };

/** model.json and its weight bytes, checked against each other. */
export function readExport(modelDir: string): tf.io.ModelArtifacts {
  const jsonFile = join(modelDir, 'model.json');
  let j: ModelJson;
  try {
    j = JSON.parse(readFileSync(jsonFile, 'utf8')) as ModelJson;
  } catch (e) {
    throw new DataError(jsonFile, `cannot read the exported model: ${(e as Error).message}`);
  }
  const m = j.weightsManifest?.[0];
  if (!m?.paths?.[0]) throw new DataError(jsonFile, 'no weightsManifest[0].paths[0]');
  const binFile = join(modelDir, m.paths[0]);
  const bin = readFileSync(binFile);
  const expected = m.weights.reduce((s, w) => s + w.shape.reduce((a, b) => a * b, 1) * (DTYPE_BYTES[w.dtype ?? 'float32'] ?? 4), 0);
  if (bin.length !== expected) throw new DataError(binFile, `${bin.length} bytes, but ${jsonFile} describes ${expected} bytes of weights (truncated or corrupt: export the model again with the retrain stage)`);
  return { modelTopology: j.modelTopology, format: j.format, weightSpecs: m.weights, weightData: bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength) };
}

export async function exportMaxAbsDiff(model: NasflowModel, modelDir: string, x: tf.Tensor4D): Promise<number> {
  const artifacts = readExport(modelDir);
  let loaded: tfl.LayersModel;
  try {
    loaded = await tfl.loadLayersModel({ load: async () => artifacts });
  } catch (e) {
    throw new DataError(join(modelDir, 'model.json'), `TF.js cannot load the exported model: ${(e as Error).message}`);
  }
  try {
    return tf.tidy(() => {
      const xi = atArchInput(x, model.arch.input);
      const a = model.apply(xi, false);
      const b = loaded.predict(xi) as tf.Tensor;
      return tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!;
    });
  } finally {
    loaded.dispose();
  }
}

/** Fails with the architecture and the difference when the export does not agree within `tolerance`. */
export function assertExportAgrees(name: string, modelDir: string, diff: number, tolerance: number, images: number): void {
  if (!(diff <= tolerance)) {
    throw new NasflowError('E_EXPORT', `${name}: the exported model (${modelDir}) disagrees with nasflow's: max |logit difference| ${diff} over ${images} test images, above exportTolerance ${tolerance} (configs/evaluate.yaml)`);
  }
}
