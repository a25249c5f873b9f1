// The method registry: one entry per search method, filled by explicit imports in
// src/methods/index.ts, duplicates rejected. train-supernet looks a config's `method` up here;
// tests iterate it. An entry says which space kinds it trains, which cost metric its supernet
// reads, and builds the Method (policy, phases, loss, optimisers) from its config branch.
import { ConfigError, RegistryError } from '../core/errors.js';
import type { CostMetric, CostTable } from '../latency/table.js';
import type { TrainableNet } from '../supernet/net.js';
import type { TrainSupernetConfig } from '../types/generated.js';
import type { Choice } from './choices.js';
import type { Method } from './method.js';

export type SpaceKind = 'chain' | 'cells';

export interface MethodContext {
  net: TrainableNet;
  /** The per-choice cost table the net was built with; null for a net that prices its own shapes (masked). */
  costs: CostTable | null;
  choices: Choice[];
  /** The config file, for errors. */
  file: string;
}

export interface MethodEntry<C extends TrainSupernetConfig = TrainSupernetConfig> {
  name: C['method'];
  spaceKinds: SpaceKind[];
  /** Which supernet train-supernet builds: per-choice mixed ops over the LUT grid (default), or
   *  FBNetV2's masked supernet over the space's widths, expansions and resolutions. */
  supernet?: 'mixed' | 'masked';
  /** The cost metric the supernet's cost table holds for this config. */
  metric(config: C): CostMetric;
  /** Batches per epoch of each training split (null: all) and validation images. */
  limits(config: C): { train_w: number | null; train_theta: number | null; valImages: number | null };
  /** One line for the log: the method's main settings. */
  describe(config: C): string;
  create(config: C, ctx: MethodContext): Method;
}

/** The context's cost table; a method that reads one refuses a net built without it. */
export function tableOf(ctx: MethodContext, method: string): CostTable {
  if (!ctx.costs) throw new ConfigError(ctx.file, '/method', `${method} reads a per-choice cost table; this supernet was built without one`);
  return ctx.costs;
}

const entries = new Map<string, MethodEntry>();

export function registerMethod<C extends TrainSupernetConfig>(e: MethodEntry<C>): void {
  if (entries.has(e.name)) throw new RegistryError('method', e.name, 'registered twice');
  entries.set(e.name, e as unknown as MethodEntry);
}

export function methodEntry(config: TrainSupernetConfig, file: string): MethodEntry {
  const e = entries.get(config.method);
  if (!e) throw new ConfigError(file, '/method', `unknown method "${config.method}" (known: ${[...entries.keys()].join(', ')})`);
  return e;
}

export function methodNames(): string[] {
  return [...entries.keys()];
}
