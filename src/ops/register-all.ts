// The nasflow block registry, filled by explicit imports: one constructor per op kind (inverted
// residual, skip, the DARTS ops) and one named entry per catalogue op. Import BLOCKS from here;
// nothing registers blocks as an import side effect elsewhere.
import type { BlockCtor } from './block.js';
import { DilConvBlock, NoneBlock, PoolBlock, SepConvBlock, SkipConnectBlock } from './blocks/darts.js';
import { IrBlock } from './blocks/ir.js';
import { SkipBlock } from './blocks/skip.js';
import { catalogOps } from './catalog.js';
import type { CanonicalOp } from './op.js';
import { BlockRegistry } from './registry.js';

const wrongKind = (block: string, op: CanonicalOp): TypeError => new TypeError(`${block} given a ${op.kind} op`);

const CTORS: Record<CanonicalOp['kind'], BlockCtor> = {
  ir: (cIn, cOut, stride, op, init) => {
    if (op.kind !== 'ir') throw wrongKind('IrBlock', op);
    return new IrBlock(cIn, cOut, stride, op, init);
  },
  skip: (cIn, cOut, stride, op, init) => {
    if (op.kind !== 'skip') throw wrongKind('SkipBlock', op);
    return new SkipBlock(cIn, cOut, stride, op, init);
  },
  none: (cIn, cOut, stride, op, init) => new NoneBlock(cIn, cOut, stride, op, init),
  pool: (cIn, cOut, stride, op, init) => new PoolBlock(cIn, cOut, stride, op, init),
  skip_connect: (cIn, cOut, stride, op, init) => new SkipConnectBlock(cIn, cOut, stride, op, init),
  sep_conv: (cIn, cOut, stride, op, init) => new SepConvBlock(cIn, cOut, stride, op, init),
  dil_conv: (cIn, cOut, stride, op, init) => new DilConvBlock(cIn, cOut, stride, op, init),
};

export function registerAll(registry: BlockRegistry): BlockRegistry {
  for (const [kind, ctor] of Object.entries(CTORS)) registry.registerKind(kind as CanonicalOp['kind'], ctor);
  for (const op of catalogOps()) registry.register(op, CTORS[op.kind]);
  return registry;
}

export const BLOCKS: BlockRegistry = registerAll(new BlockRegistry());
