// A supernet's variables as named Float32Arrays (checkpoints, weights files) and back: one
// implementation for every supernet kind (chain, cells). Loading checks every name and shape
// first, so a bad file changes nothing.
import * as tf from '@tensorflow/tfjs-core';
import type { NamedArray } from '../arch/weights-file.js';
import { DataError } from '../core/errors.js';
import type { SupernetVariable, VariableGroup } from './supernet.js';

export function varState(vars: readonly SupernetVariable[], groups: readonly VariableGroup[]): NamedArray[] {
  return vars
    .filter((v) => groups.includes(v.group))
    .map((v) => ({ name: v.name, shape: [...v.variable.shape], trainable: v.group !== 'stat', data: (v.variable.dataSync() as Float32Array).slice() }));
}

/** `what` names the supernet in the error ("supernet fmnist-small"). */
export function loadVarState(vars: readonly SupernetVariable[], arrays: NamedArray[], file: string, what: string, groups: readonly VariableGroup[]): void {
  const want = vars.filter((v) => groups.includes(v.group));
  const byName = new Map(arrays.map((a) => [a.name, a]));
  const problems = want.flatMap((v) => {
    const a = byName.get(v.name);
    if (!a) return [`${v.name}: missing`];
    return a.shape.join('x') === v.variable.shape.join('x') ? [] : [`${v.name}: expects shape [${v.variable.shape}], found [${a.shape}]`];
  });
  if (problems.length) throw new DataError(file, `state does not fit ${what}:\n  ${problems.join('\n  ')}`);
  for (const v of want) tf.tidy(() => v.variable.assign(tf.tensor(byName.get(v.name)!.data, [...v.variable.shape], 'float32')));
}
