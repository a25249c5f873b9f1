// The node runtime's runner: models run in this process on the current TF.js backend. The
// architectures of a table share one pool of blocks (one instance per layer and candidate, like a
// supernet), so hundreds of variants cost one supernet's memory; a model is its chain of pool
// blocks between the stem and the head.
import * as tf from '@tensorflow/tfjs-core';
import { withStockForward } from '../backend/index.js';
import { Rng } from '../core/rng.js';
import type { Block } from '../ops/block.js';
import { Head, Stem } from '../ops/blocks/stem-head.js';
import { BLOCKS } from '../ops/register-all.js';
import type { Grid } from '../spaces/grid.js';
import type { ArchModel, LatencyRunner, RuntimeInfo, TrainedModel } from './runner.js';

type Forward = (x: tf.Tensor4D) => tf.Tensor;

export class NodeRunner implements LatencyRunner {
  // Each model keeps its own input shape: an architecture that searched its input size (FBNetV2)
  // is timed at that size, beside the reference at the table's.
  private readonly forwards = new Map<string, { f: Forward; shape: number[] }>();
  private readonly inputs = new Map<string, Float32Array>();
  private readonly owned: { dispose(): void }[] = [];
  private pool?: { seed: number; stem: Stem; head: Head; blocks: Map<string, Block> };

  constructor(readonly info: RuntimeInfo, private readonly batch: number) {}

  private inputOf(hwc: readonly number[]): number[] {
    const shape = [this.batch, ...hwc];
    const k = shape.join('x');
    if (!this.inputs.has(k)) {
      const rng = Rng.derived(1, 'lut/input');
      this.inputs.set(k, Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.float() * 2 - 1));
    }
    return shape;
  }

  /** Repeated calls with the same seed share the stem, head and blocks already built. */
  async loadArchs(space: Grid, models: ArchModel[], seed: number): Promise<void> {
    const shape = this.inputOf(space.input);
    if (!this.pool || this.pool.seed !== seed) {
      const st = space.stem;
      const h = space.head;
      this.pool = {
        seed,
        stem: new Stem(st.cIn, st.cOut, st.kernel, st.stride, Rng.derived(seed, 'lut/stem')),
        head: new Head(h.cIn, { cOut: h.cOut, norm: h.norm, relu: h.relu, dropout: h.dropout }, space.classes, Rng.derived(seed, 'lut/head')),
        blocks: new Map(),
      };
      this.owned.push(this.pool.stem, this.pool.head);
    }
    const { stem, head, blocks } = this.pool;
    const block = (l: number, name: string): Block => {
      const k = `${l}/${name}`;
      let b = blocks.get(k);
      if (!b) {
        const layer = space.layers[l]!;
        b = BLOCKS.get(name).create(layer.cIn, layer.cOut, layer.stride, { rng: Rng.derived(seed, `lut/${l}/${name}`) });
        blocks.set(k, b);
        this.owned.push(b);
      }
      return b;
    };
    for (const m of models) {
      const chain = m.choices.map((name, l) => block(l, name));
      this.forwards.set(m.key, { f: (x) => head.apply(chain.reduce<tf.Tensor4D>((y, b) => b.apply(y, false), stem.apply(x, false)), false), shape });
    }
  }

  async loadTrained(models: TrainedModel[]): Promise<void> {
    for (const m of models) {
      this.forwards.set(m.key, { f: (x) => m.model.apply(x, false), shape: this.inputOf(m.model.arch.input) });
    }
  }

  // Stock forward kernels: a table must time what the deployed tfjs backend runs, not nasflow's
  // training kernels (its wasm depthwise is up to ~4.7x faster than XNNPACK's, and only for k5).
  private once(m: { f: Forward; shape: number[] }): void {
    withStockForward(() => {
      const x = tf.tensor4d(this.inputs.get(m.shape.join('x'))!, m.shape as [number, number, number, number], 'float32');
      const y = tf.tidy(() => m.f(x));
      y.dataSync();
      y.dispose();
      x.dispose();
    });
  }

  private get(key: string): { f: Forward; shape: number[] } {
    const f = this.forwards.get(key);
    if (!f) throw new RangeError(`node runner: no model ${key}`);
    return f;
  }

  async warm(keys: string[], n: number): Promise<void> {
    for (const k of keys) for (let i = 0; i < n; i++) this.once(this.get(k));
  }

  async time(keys: string[], forwards: number): Promise<number[]> {
    return keys.map((k) => {
      const f = this.get(k);
      const t0 = performance.now();
      for (let i = 0; i < forwards; i++) this.once(f);
      return (performance.now() - t0) / forwards;
    });
  }

  async close(): Promise<void> {
    this.owned.splice(0).forEach((o) => o.dispose());
    this.pool = undefined;
    this.forwards.clear();
  }
}
