// The node runtime's runner: models run in this process on the current TF.js backend. The
// architectures of a table share one pool of blocks (one instance per layer and candidate, like a
// supernet), so hundreds of variants cost one supernet's memory; a model is its chain of pool
// blocks between the stem and the head.
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '../core/rng.js';
import type { Block } from '../ops/block.js';
import { Head, Stem } from '../ops/blocks/stem-head.js';
import { BLOCKS } from '../ops/register-all.js';
import type { Grid } from '../spaces/grid.js';
import type { ArchModel, LatencyRunner, RuntimeInfo, TrainedModel } from './runner.js';

type Forward = (x: tf.Tensor4D) => tf.Tensor;

export class NodeRunner implements LatencyRunner {
  private readonly forwards = new Map<string, Forward>();
  private readonly owned: { dispose(): void }[] = [];
  private pool?: { seed: number; stem: Stem; head: Head; blocks: Map<string, Block> };
  private shape: number[] = [];
  private input = new Float32Array(0);

  constructor(readonly info: RuntimeInfo, private readonly batch: number) {}

  private setInput(hwc: number[]): void {
    this.shape = [this.batch, ...hwc];
    const n = this.shape.reduce((a, b) => a * b, 1);
    if (this.input.length === n) return;
    const rng = Rng.derived(1, 'lut/input');
    this.input = Float32Array.from({ length: n }, () => rng.float() * 2 - 1);
  }

  /** Repeated calls with the same seed share the stem, head and blocks already built. */
  async loadArchs(space: Grid, models: ArchModel[], seed: number): Promise<void> {
    this.setInput(space.input);
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
      this.forwards.set(m.key, (x) => head.apply(chain.reduce<tf.Tensor4D>((y, b) => b.apply(y, false), stem.apply(x, false)), false));
    }
  }

  async loadTrained(models: TrainedModel[]): Promise<void> {
    for (const m of models) {
      this.setInput(m.model.arch.input);
      this.forwards.set(m.key, (x) => m.model.apply(x, false));
    }
  }

  private once(f: Forward): void {
    const x = tf.tensor4d(this.input, this.shape as [number, number, number, number], 'float32');
    const y = tf.tidy(() => f(x));
    y.dataSync();
    y.dispose();
    x.dispose();
  }

  private get(key: string): Forward {
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
