// Data-parallel training's shared memory (format of the SharedArrayBuffers between the main
// thread and its gradient workers). Pure: no tfjs, no threads.
//   ctrl    Int32Array(8)     [GEN] step generation (main bumps it to start a step), [DONE] workers
//                             done with their shards, [SUMMED] workers done combining their slice,
//                             [FAIL] a worker failed, [CMD] 1 = step, 2 = stop
//   req     Uint8Array        u32 LE length + UTF-8 JSON of the step request
//   x       Float32Array      the batch's images, row-major [N, H, W, C]; labels Int32Array [N]
//   params  Float32Array      every model variable (the order of `vars`), written by main per step
//   slots   Float32Array      one slot per shard, laid out like params: a trainable variable's
//                             place holds the shard's gradient, a statistic's place its value
//                             after the shard's forward (BatchNorm moving averages)
//   has     Uint8Array        per shard and variable: 1 when the shard wrote it (a candidate hard
//                             mode did not run has no gradient)
//   sum     Float32Array      the combination over shards (shards.ts), laid out like params;
//                             worker k writes the variables of its slice (sliceOf)
//   sumHas  Uint8Array        per variable: 1 when some shard wrote it
//   nums    Float64Array      per shard NUMBERS numbers (loss, ce, cost term, cost, top-1, top-5)
//   err     Uint8Array        u32 LE length + UTF-8 message of the first failure
//   times   Float64Array      per worker PHASES numbers of the last step (ms; timing.ts)
//   fresh   Uint8Array        per variable: 1 when main wrote it into params for this step (a
//                             trainable variable not written is unchanged since the step that
//                             was: workers keep their copy instead of reloading it)
export const CTRL = { GEN: 0, DONE: 1, FAIL: 2, CMD: 3, SUMMED: 4 } as const;
export const CMD = { STEP: 1, STOP: 2 } as const;
export const NUMBERS = 6;
/** Per worker: wall ms computing its shards (load, forward/backward, write), waiting at the barrier, combining; thread CPU ms of the step (NaN where the OS does not say); of the compute, wall ms loading parameters and statistics and writing results. */
export const PHASES = 6;
const REQ_BYTES = 1 << 22;
const ERR_BYTES = 1 << 14;

export interface VarSpec {
  name: string;
  shape: number[];
  /** Trainable (gradients) or a statistic (values). */
  trainable: boolean;
}

export interface Shared {
  ctrl: Int32Array;
  req: Uint8Array;
  x: Float32Array;
  labels: Int32Array;
  params: Float32Array;
  slots: Float32Array;
  has: Uint8Array;
  nums: Float64Array;
  err: Uint8Array;
  sum: Float32Array;
  sumHas: Uint8Array;
  times: Float64Array;
  fresh: Uint8Array;
}

export interface Layout {
  vars: VarSpec[];
  offsets: number[];
  total: number;
  shards: number;
  maxImages: number;
  imageSize: number;
}

export function makeLayout(vars: VarSpec[], shards: number, maxImages: number, imageSize: number): Layout {
  const offsets: number[] = [];
  let total = 0;
  for (const v of vars) {
    offsets.push(total);
    total += v.shape.reduce((a, b) => a * b, 1);
  }
  return { vars, offsets, total, shards, maxImages, imageSize };
}

/** The buffers as one list (what a worker receives) and typed views over them. */
export function allocate(l: Layout): SharedArrayBuffer[] {
  const f = (n: number): SharedArrayBuffer => new SharedArrayBuffer(n);
  return [f(32), f(REQ_BYTES), f(4 * l.maxImages * l.imageSize), f(4 * l.maxImages), f(4 * l.total), f(4 * l.total * l.shards), f(l.vars.length * l.shards), f(8 * NUMBERS * l.shards), f(ERR_BYTES), f(4 * l.total), f(l.vars.length), f(8 * PHASES * l.shards), f(l.vars.length)];
}

export function views(b: SharedArrayBuffer[]): Shared {
  const [ctrl, req, x, labels, params, slots, has, nums, err, sum, sumHas, times, fresh] = b as [SharedArrayBuffer, SharedArrayBuffer, SharedArrayBuffer, SharedArrayBuffer, SharedArrayBuffer, SharedArrayBuffer, SharedArrayBuffer, SharedArrayBuffer, SharedArrayBuffer, SharedArrayBuffer, SharedArrayBuffer, SharedArrayBuffer, SharedArrayBuffer];
  return {
    ctrl: new Int32Array(ctrl), req: new Uint8Array(req), x: new Float32Array(x), labels: new Int32Array(labels), params: new Float32Array(params), slots: new Float32Array(slots),
    has: new Uint8Array(has), nums: new Float64Array(nums), err: new Uint8Array(err), sum: new Float32Array(sum), sumHas: new Uint8Array(sumHas), times: new Float64Array(times), fresh: new Uint8Array(fresh),
  };
}

export function writeText(buf: Uint8Array, text: string): void {
  const bytes = new TextEncoder().encode(text);
  if (bytes.length + 4 > buf.length) throw new RangeError(`parallel: message of ${bytes.length} bytes exceeds ${buf.length - 4}`);
  new DataView(buf.buffer).setUint32(0, bytes.length, true);
  buf.set(bytes, 4);
}

export function readText(buf: Uint8Array): string {
  const n = new DataView(buf.buffer).getUint32(0, true);
  return new TextDecoder().decode(buf.slice(4, 4 + n));
}
