// The nasflow block registry, filled by explicit imports: one IrBlock constructor per inverted-
// residual entry of the catalogue and one SkipBlock. Import BLOCKS from here; nothing registers
// blocks as an import side effect elsewhere.
import type { BlockCtor } from './block.js';
import { IrBlock } from './blocks/ir.js';
import { SkipBlock } from './blocks/skip.js';
import { catalogOps } from './catalog.js';
import { BlockRegistry } from './registry.js';

const irCtor: BlockCtor = (cIn, cOut, stride, op, init) => {
  if (op.kind !== 'ir') throw new TypeError(`IrBlock given a ${op.kind} op`);
  return new IrBlock(cIn, cOut, stride, op, init);
};
const skipCtor: BlockCtor = (cIn, cOut, stride, op, init) => {
  if (op.kind !== 'skip') throw new TypeError(`SkipBlock given a ${op.kind} op`);
  return new SkipBlock(cIn, cOut, stride, op, init);
};

export function registerAll(registry: BlockRegistry): BlockRegistry {
  for (const op of catalogOps()) registry.register(op, op.kind === 'ir' ? irCtor : skipCtor);
  return registry;
}

export const BLOCKS: BlockRegistry = registerAll(new BlockRegistry());
