// What a gradient worker computes: a model built from a plain-data description (the same on every
// thread), its variables in a fixed order, and one shard's gradients. Task kinds:
//   supernet   the FBNet supernet (spec + cost table + seed) under a strategy's mixing and loss;
//              a request carries the target group ('w' | 'theta'), τ, the main thread's Gumbel
//              samples (per-image rows are cut to the shard's images) and the dropout seed
// The forward/loss is the search's own (src/train/step.ts computes the same on one thread).
import * as tf from '@tensorflow/tfjs-core';
import type { CostTable } from '../../latency/table.js';
import type { LayerSample, MixMode, NoiseScope } from '../../supernet/gumbel.js';
import { crossEntropy, type LossForm, supernetLoss } from '../../supernet/loss.js';
import { trainMix } from '../../supernet/mixing.js';
import type { SupernetSpec } from '../../supernet/spec.js';
import { Supernet } from '../../supernet/supernet.js';
import { topkHits } from '../metrics.js';
import type { VarSpec } from './layout.js';
import type { Shard } from './shards.js';

export interface SupernetTask {
  kind: 'supernet';
  spec: SupernetSpec;
  costs: CostTable;
  seed: number;
  mode: MixMode;
  scope: NoiseScope;
  loss: LossForm;
  costScale: number;
}
export type TaskSpec = SupernetTask;

/** A LayerSample as JSON carries it (typed arrays as plain arrays). */
export type SampleJson = Omit<LayerSample, 'noise' | 'argmax'> & { noise: number[]; argmax: number[] };
export const sampleToJson = (s: LayerSample): SampleJson => ({ ...s, noise: Array.from(s.noise), argmax: Array.from(s.argmax) });

export interface StepRequest {
  target: 'w' | 'theta';
  tau: number;
  samples: SampleJson[];
  dropoutSeed: number;
  shards: Shard[];
}

export interface ShardResult {
  /** Gradients keyed by the tf.Variable's engine name. */
  grads: Record<string, tf.Tensor>;
  /** loss, ce, costTerm, cost (shard means), top1, top5 (hits). */
  numbers: number[];
}

export interface TaskModel {
  /** One image's [H, W, C]. */
  input: [number, number, number];
  vars: { spec: VarSpec; variable: tf.Variable; group: string }[];
  /** Sets the dropout seed of the next training forward. */
  setDropoutSeed(seed: number): void;
  run(req: StepRequest, shard: Shard, x: tf.Tensor4D, labels: Int32Array): ShardResult;
  dispose(): void;
}

/** The rows of a per-image sample that belong to the shard (a per-batch sample is shared). */
function shardSample(s: SampleJson, shard: Shard): LayerSample {
  if (s.rows === 1) return { ...s, noise: Float32Array.from(s.noise), argmax: Int32Array.from(s.argmax) };
  const k = s.noise.length / s.rows;
  return { rows: shard.n, noise: Float32Array.from(s.noise.slice(shard.start * k, (shard.start + shard.n) * k)), argmax: Int32Array.from(s.argmax.slice(shard.start, shard.start + shard.n)), active: s.active };
}

function supernetModel(t: SupernetTask): TaskModel {
  const net = new Supernet(t.spec, t.costs, { seed: t.seed });
  const vars = net.variables().map((v) => ({ spec: { name: v.name, shape: [...v.variable.shape], trainable: v.group !== 'stat' }, variable: v.variable, group: v.group as string }));
  return {
    input: t.spec.input,
    vars,
    setDropoutSeed: (seed) => (net.dropoutSeed = seed),
    run(req, shard, x, labels) {
      const targets = vars.filter((v) => v.group === req.target).map((v) => v.variable);
      const samples = req.samples.map((s) => shardSample(s, shard));
      let kept: tf.Tensor[] = [];
      const { value, grads } = tf.variableGrads(() => {
        const mixes = net.layers.map((l, i) => trainMix(l.theta, samples[i]!, req.tau, t.mode));
        const { logits, cost } = net.forward(x, mixes, true);
        const parts = supernetLoss(crossEntropy(logits, labels), cost, t.loss, t.costScale);
        kept = [logits, parts.ce, parts.costTerm, tf.mean(cost)].map((k) => tf.keep(k));
        return parts.loss;
      }, targets);
      const [logits, ce, costTerm, cost] = kept.map((k) => k.dataSync() as Float32Array) as [Float32Array, Float32Array, Float32Array, Float32Array];
      const hits = topkHits(logits, labels, t.spec.classes);
      const numbers = [value.dataSync()[0]!, ce[0]!, costTerm[0]!, cost[0]!, hits.top1, hits.topk];
      tf.dispose([value, ...kept]);
      return { grads, numbers };
    },
    dispose: () => net.dispose(),
  };
}

export function buildTask(t: TaskSpec): TaskModel {
  if (t.kind === 'supernet') return supernetModel(t);
  throw new RangeError(`parallel: unknown task kind ${(t as { kind: string }).kind}`);
}
