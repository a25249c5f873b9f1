// Block registry: derived name -> { op attributes, constructor }. Keys are computed with opName()
// from the attributes a constructor is registered for — names are never parsed. Registering a name
// twice throws (two different constructors behind one name would make LUTs and archs ambiguous).
// Filled explicitly by register-all.ts; lookups of unknown names list the known ones. Each op kind
// has one constructor (registerKind, duplicates refused too): `build` makes a block for ANY
// canonical op of a registered kind — a catalogue entry or, e.g., an inverted residual with a
// searched real expansion that has no catalogue name.
import { RegistryError } from '../core/errors.js';
import type { Block, BlockCtor, BlockInit } from './block.js';
import { type CanonicalOp, opName } from './op.js';

export interface BlockEntry {
  readonly name: string;
  readonly op: CanonicalOp;
  /** Builds this entry's block: (cIn, cOut, stride, init?). */
  create(cIn: number, cOut: number, stride: number, init?: BlockInit): Block;
}

export class BlockRegistry {
  private readonly entries = new Map<string, BlockEntry>();
  private readonly kinds = new Map<CanonicalOp['kind'], BlockCtor>();

  registerKind(kind: CanonicalOp['kind'], ctor: BlockCtor): void {
    if (this.kinds.has(kind)) throw new RegistryError('block kind', kind, 'registered twice');
    this.kinds.set(kind, ctor);
  }

  /** A block for any canonical op of a registered kind. */
  build(op: CanonicalOp, cIn: number, cOut: number, stride: number, init?: BlockInit): Block {
    const named = this.entries.get(opName(op));
    if (named) return named.create(cIn, cOut, stride, init);
    const ctor = this.kinds.get(op.kind);
    if (!ctor) throw new RegistryError('block kind', op.kind, `unknown op kind (known: ${[...this.kinds.keys()].join(', ')})`);
    return ctor(cIn, cOut, stride, Object.freeze({ ...op }), init);
  }

  register(op: CanonicalOp, ctor: BlockCtor): BlockEntry {
    const name = opName(op);
    if (this.entries.has(name)) throw new RegistryError('block', name, 'registered twice');
    const frozen = Object.freeze({ ...op });
    const entry: BlockEntry = { name, op: frozen, create: (cIn, cOut, stride, init) => ctor(cIn, cOut, stride, frozen, init) };
    this.entries.set(name, entry);
    return entry;
  }

  get(name: string): BlockEntry {
    const e = this.entries.get(name);
    if (!e) throw new RegistryError('block', name, `unknown block (known: ${[...this.entries.keys()].join(', ')})`);
    return e;
  }

  /** The entry for structured attributes (canonical form, see canonicalOp). */
  forOp(op: CanonicalOp): BlockEntry {
    return this.get(opName(op));
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  names(): string[] {
    return [...this.entries.keys()];
  }

  all(): BlockEntry[] {
    return [...this.entries.values()];
  }
}
