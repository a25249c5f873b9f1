// Contract: data-parallel training on worker threads (see each file's header).
//   pool.ts           GradientPool: a batch's gradients summed over fixed shards, any worker count
//   supernet-step.ts  the supernet train step on a pool (drop-in for src/train/step.ts trainStep)
//   shards.ts / layout.ts / task.ts / worker.ts   the pieces behind them
export { GradientPool, resolveWorkers, type WorkerCount, type PoolResult } from './pool.js';
export { parallelTrainStep, startSupernetPool } from './supernet-step.js';
export { split, assign, combine, type Shard } from './shards.js';
