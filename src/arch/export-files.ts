// Writes a built model as TF.js LayersModel files in `dir`:
//   model.json   { format: 'layers-model', modelTopology, weightsManifest: [{ paths: ['weights.bin'], weights }] }
//   weights.bin  all weights, float32, in manifest order
// the layout tf.loadLayersModel('file://dir/model.json') (tfjs-node) or any IOHandler that reads
// these two files expects. Returns the paths and the blocks exported in a costlier form.
import * as tf from '@tensorflow/tfjs-core';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NasflowModel } from './model.js';
import { type CostlierExport, toLayersModel } from './export-layers.js';

export const MODEL_JSON = 'model.json';
export const WEIGHTS_BIN = 'weights.bin';

export interface ExportResult {
  modelJson: string;
  weightsBin: string;
  costlier: CostlierExport[];
}

export async function exportLayersModel(model: NasflowModel, dir: string): Promise<ExportResult> {
  const { layers, costlier } = toLayersModel(model);
  let artifacts: tf.io.ModelArtifacts | undefined;
  try {
    await layers.save(
      tf.io.withSaveHandler(async (a) => {
        artifacts = a;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
  } finally {
    layers.dispose();
  }
  if (!artifacts?.weightSpecs || !artifacts.weightData) throw new Error('export: tfjs-layers produced no weights');
  const weights = new Uint8Array(tf.io.CompositeArrayBuffer.join(artifacts.weightData));
  const json = {
    format: 'layers-model',
    generatedBy: artifacts.generatedBy,
    convertedBy: 'nasflow',
    modelTopology: artifacts.modelTopology,
    weightsManifest: [{ paths: [WEIGHTS_BIN], weights: artifacts.weightSpecs }],
  };
  mkdirSync(dir, { recursive: true });
  const modelJson = join(dir, MODEL_JSON);
  const weightsBin = join(dir, WEIGHTS_BIN);
  writeFileSync(weightsBin, weights);
  writeFileSync(modelJson, JSON.stringify(json));
  return { modelJson, weightsBin, costlier };
}
