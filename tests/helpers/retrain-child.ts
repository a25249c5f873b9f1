// A small retrain run in its own process, so a test can kill -9 it mid-training and run it again.
// argv: <backend> <checkpoint file> <output json> [workers]. Trains a 2-block net on synthetic 8x8
// images; with workers, data-parallel on a GradientPool of that many threads over 2 shards.
import { writeFileSync } from 'node:fs';
import { initBackend } from '../../src/backend/index.js';
import { buildModel } from '../../src/arch/model.js';
import { normalizeArch } from '../../src/arch/normalize.js';
import { loadSynthetic } from '../../src/data/index.js';
import { fit } from '../../src/retrain/fit.js';
import { startArchPool } from '../../src/retrain/parallel-step.js';
import { SplitBatches } from '../../src/train/batches.js';
import type { ArchDoc, RetrainConfig } from '../../src/types/generated.js';

const [backend, ckpt, out, workers] = process.argv.slice(2) as [string, string, string, string | undefined];
await initBackend(backend, () => {});
const ds = loadSynthetic({ count: 320, height: 8, width: 8, channels: 1, classes: 4, seed: 3 });
const part = (from: number, to: number) => ({ images: ds.images.slice(from * 64, to * 64), labels: ds.labels.slice(from, to), count: to - from, height: 8, width: 8, channels: 1, classNames: ds.classNames });
const norm = { mean: [0.5], std: [0.25] };
const config: RetrainConfig = {
  schema: 'retrain-config/v1', archs: 'all', baselines: { uniform: [], random: 0 }, backend: 'cpu', seed: 7, epochs: 4, batch: 16, batchesPerEpoch: 8,
  lr: 0.05, minLr: 0, momentum: 0.9, weightDecay: 1e-4, schedule: { kind: 'cosine' }, labelSmoothing: 0.1, augment: { cropPadding: 1, flip: true }, valLimit: null, checkpointEvery: 2,
};
const doc: ArchDoc = { schema: 'arch/v2', name: 'tiny', input: [8, 8, 1], classes: 4, body: { kind: 'chain', stem: { cOut: 8, stride: 1 }, rows: [{ op: { kind: 'ir', kernel: 3, expansion: 3 }, cOut: 8, stride: 2 }, { op: { kind: 'skip' }, cOut: 16, stride: 1 }], head: { cOut: 16, dropout: 0.2 } } };
const arch = normalizeArch(doc, 'tiny');
const model = buildModel(arch, { seed: 7 });
const pool = workers ? await startArchPool(model, doc, { name: 'tiny', image: [8, 8, 1], labelSmoothing: config.labelSmoothing, backend, workers: Number(workers), shards: 2, batch: 16 }) : undefined;
const r = fit({
  name: 'tiny', model, train: new SplitBatches('train', part(0, 256), norm, 16), val: new SplitBatches('val', part(256, 320), norm, 16), config, blank: [-2],
  checkpointFile: ckpt, fingerprint: `test-run-${pool ? 'shards2' : 'local'}`, pool, log: (m) => process.stderr.write(`${m}\n`),
});
await pool?.close();
writeFileSync(`${out}.steps`, String(r.stepsRun));
writeFileSync(out, JSON.stringify({ epochs: r.epochs, bestEpoch: r.bestEpoch, weights: model.state().map((a) => [a.name, Array.from(a.data)]), best: r.best.map((a) => [a.name, Array.from(a.data)]) }));
