// The gradient workers' task for training ONE architecture data-parallel (retrain's fit): the
// model built from the architecture document (src/arch: the same builder as the main thread's; its
// initial weights do not matter, the pool overwrites every variable each step), its variables in
// the model's own order (trainable ones get gradients, BatchNorm moving statistics travel as
// values), and one shard's loss: retrain's cross-entropy with label smoothing on the shard's
// images, subsampled to the architecture's input like fit does. A request's target, temperature
// and rng are the supernet's and unused here; its dropout seed and shards are.
import * as tf from '@tensorflow/tfjs-core';
import { atArchInput } from '../../arch/input.js';
import { buildModel } from '../../arch/model.js';
import { normalizeArch } from '../../arch/normalize.js';
import { smoothedCrossEntropy } from '../../retrain/loss.js';
import type { ArchDoc } from '../../types/generated.js';
import { topkHits } from '../metrics.js';
import type { VarSpec } from './layout.js';

export interface ArchTask {
  kind: 'arch';
  /** The architecture (arch/v2) and the name its errors use. */
  doc: ArchDoc;
  name: string;
  /** One image as the data holds it, [H, W, C] (the architecture may take a square subsample). */
  image: [number, number, number];
  labelSmoothing: number;
}

export interface ArchVar {
  spec: VarSpec;
  variable: tf.Variable;
  group: string;
}

/** Every variable of a model in its own order: trainable ones in group 'w', moving statistics in 'stat'. */
export function archVariables(model: { variables(): { name: string; variable: tf.Variable; trainable: boolean }[] }): ArchVar[] {
  return model.variables().map((v) => ({ spec: { name: v.name, shape: [...v.variable.shape], trainable: v.trainable }, variable: v.variable, group: v.trainable ? 'w' : 'stat' }));
}

export function archModel(t: ArchTask) {
  const arch = normalizeArch(t.doc, t.name);
  const model = buildModel(arch, { seed: 0 });
  const vars = archVariables(model);
  const targets = vars.filter((v) => v.spec.trainable).map((v) => v.variable);
  return {
    input: t.image,
    vars,
    setDropoutSeed: (seed: number) => (model.head.dropoutSeed = seed),
    run(_req: unknown, _shard: unknown, x: tf.Tensor4D, labels: Int32Array) {
      let logits: tf.Tensor | undefined;
      const { value, grads } = tf.variableGrads(() => {
        const out = model.apply(atArchInput(x, arch.input), true);
        logits = tf.keep(out);
        return smoothedCrossEntropy(out, labels, t.labelSmoothing);
      }, targets);
      const hits = topkHits(logits!.dataSync() as Float32Array, labels, arch.classes);
      const loss = value.dataSync()[0]!;
      tf.dispose([value, logits!]);
      return { grads, numbers: [loss, loss, 0, 0, hits.top1, hits.topk] };
    },
    dispose: () => model.dispose(),
  };
}
