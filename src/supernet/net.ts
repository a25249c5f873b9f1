// What the method-neutral training loop and its checkpoints need of a supernet beyond a training
// step's needs (search-net.ts): its name, the cost table its mixes read, its variables as named
// arrays, disposal. FBNetV2's masked supernet fits too (masked/masked-supernet.ts). The chain supernet (supernet.ts) and the DARTS cell supernet
// (cells/cell-supernet.ts) both fit.
import type { NamedArray } from '../arch/weights-file.js';
import type { PathCosts } from '../train/path-costs.js';
import type { SearchNet } from './search-net.js';
import type { VariableGroup } from './supernet.js';

export interface TrainableNet extends SearchNet {
  readonly spec: { readonly name: string; readonly classes: number };
  /** The cost of a path and in expectation, as history and search.json report it. */
  readonly pathCosts: PathCosts;
  state(groups?: VariableGroup[]): NamedArray[];
  loadState(arrays: NamedArray[], file: string, groups?: VariableGroup[]): void;
  dispose(): void;
}
