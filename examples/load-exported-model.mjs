// Loads a model nasflow exported (artifacts/retrain/<name>/model/) with stock @tensorflow/tfjs
// only — no nasflow code — and classifies test images from prepare-data's split files.
// Run from the project root after `npx turbo run evaluate`:
//   node examples/load-exported-model.mjs [artifacts/retrain/<name>/model] [artifacts/prepare-data]
import * as tf from '@tensorflow/tfjs';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const modelDir = process.argv[2] ?? join('artifacts/retrain', readdirSync('artifacts/retrain').find((d) => d.endsWith('-argmax')), 'model');
const dataDir = process.argv[3] ?? 'artifacts/prepare-data';

// In Node without @tensorflow/tfjs-node there is no file:// loader: hand tfjs the two files.
// (With tfjs-node: tf.loadLayersModel('file://' + modelDir + '/model.json'); in a browser: its URL.)
const json = JSON.parse(readFileSync(join(modelDir, 'model.json'), 'utf8'));
const bin = readFileSync(join(modelDir, json.weightsManifest[0].paths[0]));
const model = await tf.loadLayersModel(
  tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0].weights, weightData: bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength) }),
);

// Inputs are NHWC float32, normalised as in training: (pixel / 255 - mean[c]) / std[c] (meta.json).
const meta = JSON.parse(readFileSync(join(dataDir, 'meta.json'), 'utf8'));
const [h, w, c] = meta.shape;
const n = 8;
const pixels = readFileSync(join(dataDir, meta.splits.test.images)).subarray(0, n * h * w * c);
const labels = readFileSync(join(dataDir, meta.splits.test.labels)).subarray(0, n);
const x = tf.tidy(() => tf.tensor4d(Float32Array.from(pixels), [n, h, w, c]).div(255).sub(meta.stats.mean).div(meta.stats.std));
const predicted = model.predict(x).argMax(1).dataSync();
for (let i = 0; i < n; i++) console.log(`image ${i}: predicted ${meta.classNames[predicted[i]]}, true ${meta.classNames[labels[i]]}`);
