// What a gradient worker computes: a model built from a plain-data description (the same on every
// thread), its variables in a fixed order, and one shard's gradients. Task kinds:
//   supernet   the supernet (spec + cost table + seed) under a search method built from its
//              train-supernet config (method registry): the same policy, loss and variables as
//              the main thread's. A request carries the target ('w' | 'arch'), the temperature,
//              the policy stream's state before the step (every worker draws the same mixes the
//              main thread draws; per-image rows are cut to the shard's images) and the dropout seed.
//   arch       one architecture trained from scratch (retrain's fit): arch-task.ts.
// The forward/loss is the search's own (src/train/step.ts computes the same on one thread).
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '../../core/rng.js';
import type { CostTable } from '../../latency/table.js';
import { methodEntry, supernetChoices } from '../../methods/index.js';
import type { LayerMix } from '../../supernet/mixing.js';
import type { SearchNet } from '../../supernet/search-net.js';
import type { SupernetSpec } from '../../supernet/spec.js';
import { Supernet } from '../../supernet/supernet.js';
import type { TrainSupernetConfig } from '../../types/generated.js';
import { topkHits } from '../metrics.js';
import { type ArchTask, archModel } from './arch-task.js';
import type { VarSpec } from './layout.js';
import type { Shard } from './shards.js';

export interface SupernetTask {
  kind: 'supernet';
  spec: SupernetSpec;
  costs: CostTable;
  config: TrainSupernetConfig;
  /** The config file, for errors. */
  file: string;
}
export type TaskSpec = SupernetTask | ArchTask;

export interface StepRequest {
  target: 'w' | 'arch';
  temperature: number;
  /** Rng state of the policy's stream before this step. */
  rng: number[];
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
  run(req: StepRequest, shard: Shard, x: tf.Tensor4D, labels: Int32Array, batch: number): ShardResult;
  dispose(): void;
}

/** The shard's rows of a per-image mix (a per-batch mix is shared). */
function shardMix(mix: LayerMix, shard: Shard): LayerMix {
  const [rows, k] = mix.m.shape;
  return rows === 1 ? mix : { ...mix, m: tf.slice(mix.m, [shard.start, 0], [shard.n, k]) };
}

/** Every variable of a supernet run in a fixed order: the supernet's (w, stat), then the policy's (arch). */
export function supernetVariables(net: SearchNet, arch: readonly { name: string; variable: tf.Variable }[]): { spec: VarSpec; variable: tf.Variable; group: string }[] {
  return [
    ...net.variables().map((v) => ({ spec: { name: v.name, shape: [...v.variable.shape], trainable: v.group !== 'stat' }, variable: v.variable, group: v.group as string })),
    ...arch.map((p) => ({ spec: { name: p.name, shape: [...p.variable.shape], trainable: true }, variable: p.variable, group: 'arch' })),
  ];
}

function supernetModel(t: SupernetTask): TaskModel {
  const net = new Supernet(t.spec, t.costs, { seed: t.config.seed, file: t.file });
  const method = methodEntry(t.config, t.file).create(t.config, { net, costs: t.costs, choices: supernetChoices(t.spec), file: t.file });
  const vars = supernetVariables(net, method.policy.parameters);
  return {
    input: t.spec.input,
    vars,
    setDropoutSeed: (seed) => (net.dropoutSeed = seed),
    run(req, shard, x, labels, batch) {
      const targets = vars.filter((v) => v.group === req.target).map((v) => v.variable);
      let kept: tf.Tensor[] = [];
      const { value, grads } = tf.variableGrads(() => {
        const mixes = method.policy.trainMixes(Rng.fromState(req.rng), batch, req.temperature).map((m) => shardMix(m, shard));
        const { logits, cost } = net.forward(x, mixes, true);
        const parts = method.loss(logits, labels, cost, req.target);
        kept = [logits, parts.ce, parts.costTerm, tf.mean(cost)].map((k) => tf.keep(k));
        return parts.loss;
      }, targets);
      const [logits, ce, costTerm, cost] = kept.map((k) => k.dataSync() as Float32Array) as [Float32Array, Float32Array, Float32Array, Float32Array];
      const hits = topkHits(logits, labels, t.spec.classes);
      const numbers = [value.dataSync()[0]!, ce[0]!, costTerm[0]!, cost[0]!, hits.top1, hits.topk];
      tf.dispose([value, ...kept]);
      return { grads, numbers };
    },
    dispose: () => {
      method.policy.dispose();
      net.dispose();
    },
  };
}

export function buildTask(t: TaskSpec): TaskModel {
  if (t.kind === 'supernet') return supernetModel(t);
  if (t.kind === 'arch') return archModel(t);
  throw new RangeError(`parallel: unknown task kind ${(t as { kind: string }).kind}`);
}
