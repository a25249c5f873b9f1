// Checks an exported TF.js LayersModel (model.json + weights.bin) against the nasflow model it
// came from: loaded by tfjs-layers' own loader through a file-reading IOHandler (no nasflow code
// in the loaded graph), both predict the same images; returns the largest absolute logit gap.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { NasflowModel } from '../arch/model.js';
import { atArchInput } from '../arch/input.js';

export async function exportMaxAbsDiff(model: NasflowModel, modelDir: string, x: tf.Tensor4D): Promise<number> {
  const loaded = await tfl.loadLayersModel({
    load: async () => {
      const j = JSON.parse(readFileSync(join(modelDir, 'model.json'), 'utf8')) as { modelTopology: object; format: string; weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[] };
      const m = j.weightsManifest[0]!;
      const bin = readFileSync(join(modelDir, m.paths[0]!));
      return { modelTopology: j.modelTopology, format: j.format, weightSpecs: m.weights, weightData: bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength) };
    },
  });
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
