// buildModel(normalized, init?) turns a NormalizedArch into a trainable TF.js model:
//   apply(x [N,H,W,C], training) -> logits [N, classes]   (BN: batch stats + moving-average update
//                                                          when training, moving stats otherwise)
//   trainableVariables            what an optimizer updates (stable order: stem, blocks, head)
//   variables()                   every variable with its logical name ("blocks.3.pw.kernel")
//   state() / loadState(arrays)   all weights incl. BN moving stats as named Float32Arrays (copies)
//                                 (see weights-file.ts for the on-disk form)
//   flops / params                analytic per-image totals (src/ops/cost.ts)
//   dispose()
// Blocks come from the registry (BLOCKS) by their derived name; each part gets its own seeded
// Rng stream so a model's initial weights depend only on the seed and the architecture.
import type * as tf from '@tensorflow/tfjs-core';
import { tensor } from '@tensorflow/tfjs-core';
import { DataError } from '../core/errors.js';
import { Rng } from '../core/rng.js';
import type { Block } from '../ops/block.js';
import { Head, Stem } from '../ops/blocks/stem-head.js';
import type { ParamStore } from '../ops/layers/params.js';
import { BLOCKS } from '../ops/register-all.js';
import type { NormalizedArch } from './normalize.js';
import type { NamedArray } from './weights-file.js';

export interface NamedModelVariable {
  name: string;
  variable: tf.Variable;
  trainable: boolean;
}

export interface NasflowModel {
  readonly arch: NormalizedArch;
  readonly stem: Stem;
  readonly blocks: readonly Block[];
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

export function buildModel(arch: NormalizedArch, init: { seed?: number } = {}): NasflowModel {
  const seed = init.seed ?? 0;
  const s = arch.stem;
  const stem = new Stem(s.cIn, s.cOut, s.kernel, s.stride, Rng.derived(seed, 'stem'));
  const blocks = arch.blocks.map((b) => BLOCKS.get(b.name).create(b.cIn, b.cOut, b.stride, { rng: Rng.derived(seed, `blocks.${b.index}`) }));
  const h = arch.head;
  const head = new Head(h.cIn, { cOut: h.cOut, norm: h.norm, relu: h.relu, dropout: h.dropout }, arch.classes, Rng.derived(seed, 'head'));
  const scoped: [string, ParamStore][] = [['stem', stem.store], ...blocks.map((b, i): [string, ParamStore] => [`blocks.${i}`, b.store]), ['head', head.store]];
  const variables = (): NamedModelVariable[] =>
    scoped.flatMap(([prefix, store]) => store.all().map((v) => ({ name: `${prefix}.${v.name}`, variable: v.variable, trainable: v.trainable })));
  const all = variables();
  return {
    arch, stem, blocks, head, flops: arch.flops, params: arch.params,
    trainableVariables: all.filter((v) => v.trainable).map((v) => v.variable),
    apply(x, training) {
      let y = stem.apply(x, training);
      for (const b of blocks) y = b.apply(y, training);
      return head.apply(y, training);
    },
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
      for (const a of arrays) if (!known.has(a.name)) problems.push(`${a.name}: not a variable of ${arch.name}`);
      if (problems.length) throw new DataError(file, `weights do not fit architecture ${arch.name}:\n  ${problems.join('\n  ')}`);
      for (const v of all) {
        const a = byName.get(v.name)!;
        const t = tensor(a.data, a.shape, 'float32');
        v.variable.assign(t);
        t.dispose();
      }
    },
    dispose() {
      stem.dispose();
      blocks.forEach((b) => b.dispose());
      head.dispose();
    },
  };
}
