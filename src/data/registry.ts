// The source registry: dataset sources by name (the `source.kind` of prepare-data's config). A
// source is a plain object {kind, summary, load}; the registry is filled by explicit imports in
// sources/index.ts (no import-time side effects), rejects a duplicate name, and names the known
// sources when asked for an unknown one. Options are the generated `DataSource` config types, so
// the schema in schemas/prepare-data-config.schema.json and each loader agree at compile time.
import { RegistryError } from '../core/errors.js';
import type { DataSource } from '../types/generated.js';
import type { Dataset } from './dataset.js';

export type SourceKind = DataSource['kind'];
export type SourceOptions<K extends SourceKind> = Extract<DataSource, { kind: K }>;

/** Where a source's options came from, for error messages and for resolving relative paths. */
export interface LoadContext {
  /** Directory a relative `dir` is resolved against (the stage passes the repository root). */
  baseDir: string;
  /** Config file and JSON path of the source object, named in ConfigErrors. */
  configFile: string;
  path: string;
  /** The config's seed; the synthetic source uses it when it has no seed of its own. */
  seed: number;
}

export function loadContext(partial: Partial<LoadContext> = {}): LoadContext {
  return { baseDir: process.cwd(), configFile: '<config>', path: '/source', seed: 0, ...partial };
}

export interface SourceDef<K extends SourceKind = SourceKind> {
  kind: K;
  summary: string;
  load(options: SourceOptions<K>, ctx: LoadContext): Dataset;
}

/** Any one source definition (a union over the kinds, so each keeps its own option type). */
export type AnySourceDef = { [K in SourceKind]: SourceDef<K> }[SourceKind];

export class SourceRegistry {
  private readonly defs = new Map<string, SourceDef>();

  constructor(defs: readonly AnySourceDef[] = []) {
    for (const d of defs) this.register(d);
  }

  register(def: AnySourceDef): void {
    if (this.defs.has(def.kind)) throw new RegistryError('source', def.kind, 'is already registered');
    // A SourceDef<K> only ever receives options whose kind is K (see load below), so widening
    // its parameter type here is sound.
    this.defs.set(def.kind, def as unknown as SourceDef);
  }

  get(kind: string): SourceDef {
    const def = this.defs.get(kind);
    if (!def) throw new RegistryError('source', kind, `unknown source; known: ${this.names().join(', ')}`);
    return def;
  }

  names(): string[] {
    return [...this.defs.keys()].sort();
  }

  /** Loads the dataset an options object describes, dispatching on its kind. */
  load(options: DataSource, ctx: Partial<LoadContext> = {}): Dataset {
    return this.get(options.kind).load(options, loadContext(ctx));
  }
}
