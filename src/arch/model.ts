// buildModel(normalized, init?): the ONE model builder for architecture documents (arch/v2). It
// turns a NormalizedArch — chain or cells — into a trainable TF.js model:
//   apply(x [N,H,W,C], training) -> logits [N, classes]   (BN: batch stats + moving-average update
//                                                          when training, moving stats otherwise)
//   trainableVariables            what an optimizer updates (stable order)
//   variables()                   every variable with its logical name ("blocks.3.pw.kernel",
//                                 "cells.2.n1.e0.dw1.kernel")
//   state() / loadState(arrays)   all weights incl. BN moving stats as named Float32Arrays (copies)
//                                 (see weights-file.ts for the on-disk form)
//   head                          the classifier (its dropout seed is resumable state)
//   flops / params                analytic per-image totals (src/ops/cost.ts)
//   dispose()
// chain: stem, blocks from the registry (BLOCKS.build: catalogue ops and any op of a registered
// kind, e.g. a real expansion), head. cells: cells-model.ts. Each part gets its own seeded Rng
// stream so a model's initial weights depend only on the seed and the architecture.
import type * as tf from '@tensorflow/tfjs-core';
import { tensor } from '@tensorflow/tfjs-core';
import { DataError } from '../core/errors.js';
import { Rng } from '../core/rng.js';
import type { Block } from '../ops/block.js';
import { Head, Stem } from '../ops/blocks/stem-head.js';
import type { ParamStore } from '../ops/layers/params.js';
import { BLOCKS } from '../ops/register-all.js';
import { type CellsModel, buildCellsModel } from './cells-model.js';
import type { NormalizedArch, NormalizedChainArch } from './normalize.js';
import type { NamedArray } from './weights-file.js';

export interface NamedModelVariable {
  name: string;
  variable: tf.Variable;
  trainable: boolean;
}

export interface ModelCore {
  readonly head: Head;
  readonly flops: number;
  readonly params: number;
  readonly trainableVariables: tf.Variable[];
  apply(x: tf.Tensor4D, training: boolean): tf.Tensor2D;
  variables(): NamedModelVariable[];
  state(): NamedArray[];
  loadState(arrays: NamedArray[], file?: string): void;
  dispose(): void;
}

export interface ChainModel extends ModelCore {
  readonly kind: 'chain';
  readonly arch: NormalizedChainArch;
  readonly stem: Stem;
  readonly blocks: readonly Block[];
}

export type NasflowModel = ChainModel | CellsModel;

export function buildModel(arch: NormalizedArch, init: { seed?: number } = {}): NasflowModel {
  return arch.kind === 'chain' ? buildChainModel(arch, init.seed ?? 0) : buildCellsModel(arch, init.seed ?? 0);
}

function buildChainModel(arch: NormalizedChainArch, seed: number): ChainModel {
  const s = arch.stem;
  const stem = new Stem(s.cIn, s.cOut, s.kernel, s.stride, Rng.derived(seed, 'stem'));
  const blocks = arch.blocks.map((b) => BLOCKS.build(b.op, b.cIn, b.cOut, b.stride, { rng: Rng.derived(seed, `blocks.${b.index}`) }));
  const h = arch.head;
  const head = new Head(h.cIn, { cOut: h.cOut, norm: h.norm, relu: h.relu, dropout: h.dropout }, arch.classes, Rng.derived(seed, 'head'));
  const scoped: [string, ParamStore][] = [['stem', stem.store], ...blocks.map((b, i): [string, ParamStore] => [`blocks.${i}`, b.store]), ['head', head.store]];
  const core = modelCore(arch.name, scoped, arch, head, (x, training) => {
    let y = stem.apply(x, training);
    for (const b of blocks) y = b.apply(y, training);
    return head.apply(y, training);
  }, () => {
    stem.dispose();
    blocks.forEach((b) => b.dispose());
    head.dispose();
  });
  return { kind: 'chain', arch, stem, blocks, ...core };
}

/** Variables, state and loading over named parameter stores: shared by every model kind. */
export function modelCore(name: string, scoped: [string, ParamStore][], costs: { flops: number; params: number }, head: Head, apply: ModelCore['apply'], dispose: () => void): ModelCore {
  const variables = (): NamedModelVariable[] =>
    scoped.flatMap(([prefix, store]) => store.all().map((v) => ({ name: `${prefix}.${v.name}`, variable: v.variable, trainable: v.trainable })));
  const all = variables();
  return {
    head, flops: costs.flops, params: costs.params,
    trainableVariables: all.filter((v) => v.trainable).map((v) => v.variable),
    apply,
    variables,
    state: () => all.map((v) => ({ name: v.name, shape: [...v.variable.shape], trainable: v.trainable, data: (v.variable.dataSync() as Float32Array).slice() })),
    loadState(arrays, file = 'weights') {
      // Check everything first: a partial load would leave a model that is neither old nor new.
      const byName = new Map(arrays.map((a) => [a.name, a]));
      const problems: string[] = [];
      for (const v of all) {
        const a = byName.get(v.name);
        if (!a) problems.push(`${v.name}: missing`);
        else if (a.shape.join('x') !== v.variable.shape.join('x')) problems.push(`${v.name}: expects shape [${v.variable.shape}], found [${a.shape}]`);
      }
      const known = new Set(all.map((v) => v.name));
      for (const a of arrays) if (!known.has(a.name)) problems.push(`${a.name}: not a variable of ${name}`);
      if (problems.length) throw new DataError(file, `weights do not fit architecture ${name}:\n  ${problems.join('\n  ')}`);
      for (const v of all) {
        const a = byName.get(v.name)!;
        const t = tensor(a.data, a.shape, 'float32');
        v.variable.assign(t);
        t.dispose();
      }
    },
    dispose,
  };
}
