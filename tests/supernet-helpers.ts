// Shared by the supernet-* and train-* tests (not a test file itself): a tiny spec and cost
// table, synthetic splits held in memory, a test-only block registry with a crippled `zero` block,
// and a one-call search run. Tiny shapes (8x8x1 images, 8 channels) keep each run to seconds.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type { SplitData } from '../src/data/index.js';
import { loadSynthetic } from '../src/data/index.js';
import type { CostTable } from '../src/latency/table.js';
import type { Block } from '../src/ops/block.js';
import { ParamStore } from '../src/ops/layers/params.js';
import { BLOCKS } from '../src/ops/register-all.js';
import { Rng } from '../src/core/rng.js';
import { supernetChoices } from '../src/methods/choices.js';
import { fbnet } from '../src/methods/fbnet.js';
import type { Method } from '../src/methods/method.js';
import { spos } from '../src/methods/spos.js';
import type { FbnetSupernetConfig, SposSupernetConfig } from '../src/types/generated.js';
import type { MixMode, NoiseScope } from '../src/supernet/gumbel.js';
import type { LossForm } from '../src/supernet/loss.js';
import type { EvalMix } from '../src/supernet/mixing.js';
import type { BlockSource } from '../src/supernet/mixed-layer.js';
import type { SupernetSpec } from '../src/supernet/spec.js';
import { Supernet } from '../src/supernet/supernet.js';
import { SplitBatches } from '../src/train/batches.js';
import { runSearch, type SearchOptions, type SearchResult } from '../src/train/search.js';

export function tinySpec(candidates: string[], layers = 2): SupernetSpec {
  return {
    name: 'tiny', input: [8, 8, 1], classes: 4,
    stem: { cIn: 1, cOut: 8, kernel: 3, stride: 2 },
    layers: Array.from({ length: layers }, (_, index) => ({ index, cIn: 8, cOut: 8, stride: 1 })),
    candidates,
    head: { cIn: 8, cOut: null, norm: 'bn', relu: true, dropout: 0 },
  };
}

export function costTableOf(candidates: string[], costs: number[][], fixed: number): CostTable {
  return { metric: 'latency', unit: 'ms', candidates, layerCandidates: costs.map(() => [...candidates]), uniform: true, costs, fixed };
}

/** A block that outputs zeros of the right shape: the crippled candidate. Test registry only. */
class ZeroBlock implements Block {
  readonly name = 'zero';
  readonly op = { kind: 'skip' } as const;
  readonly store = new ParamStore(Rng.seeded(0));
  constructor(readonly cIn: number, readonly cOut: number, readonly stride: number) {}
  apply(x: tf.Tensor4D): tf.Tensor4D {
    const [n, h, w] = x.shape;
    return tf.zeros([n, Math.ceil(h / this.stride), Math.ceil(w / this.stride), this.cOut]);
  }
  dispose(): void {}
}

/** The shipped registry plus `zero`. */
export const TEST_BLOCKS: BlockSource = {
  get: (name) => (name === 'zero' ? { create: (cIn, cOut, stride) => new ZeroBlock(cIn, cOut, stride) } : BLOCKS.get(name)),
};

export function syntheticSplits(perSplit: number, seed = 3, noise?: number): Record<'train_w' | 'train_theta' | 'val', SplitData> {
  const ds = loadSynthetic({ count: 3 * perSplit, height: 8, width: 8, channels: 1, classes: 4, seed, ...(noise === undefined ? {} : { noise }) });
  const px = 64;
  const part = (k: number): SplitData => ({
    images: ds.images.slice(k * perSplit * px, (k + 1) * perSplit * px),
    labels: ds.labels.slice(k * perSplit, (k + 1) * perSplit),
    count: perSplit, height: 8, width: 8, channels: 1, classNames: ds.classNames,
  });
  return { train_w: part(0), train_theta: part(1), val: part(2) };
}

/** FBNet's settings in the short form the tests vary. */
export interface FbnetOptions {
  warmupEpochs: number;
  alternate: 'epoch' | 'step';
  tau0: number;
  tauDecayRate: number;
  /** Per-step schedule τ0 → tauEnd (absent: per epoch by tauDecayRate). */
  tauEnd?: number;
  mode: MixMode;
  scope: NoiseScope;
  evalMix: EvalMix;
  loss: Exclude<LossForm, { form: 'target' }> | { form: 'target'; target: { value: number } | { fraction: number }; trade: { lossPercent: number; costPercent: number } };
  costScale: number;
  /** What w's update minimises (absent: the whole loss). */
  wLoss?: 'same' | 'ce';
  /** Validate the mixture with BN statistics recalibrated under it. */
  recalibrate?: boolean;
}

export function fbnetConfig(o: Partial<FbnetOptions>, epochs: number, lr: { w: number; theta: number }, seed = 1): FbnetSupernetConfig {
  const f: FbnetOptions = { warmupEpochs: 0, alternate: 'step', tau0: 1, tauDecayRate: 0, mode: 'soft', scope: 'batch', evalMix: 'softmax', loss: { form: 'paper', alpha: 1, beta: 0 }, costScale: 1, ...o };
  return {
    schema: 'train-supernet-config/v2', method: 'fbnet', seed, backend: 'auto', epochs, warmupEpochs: f.warmupEpochs, alternate: f.alternate, batch: 32,
    limits: { wBatchesPerEpoch: null, thetaBatchesPerEpoch: null, valImages: null },
    gumbel: { mode: f.mode, scope: f.scope, tau0: f.tau0, decayRate: f.tauDecayRate, ...(f.tauEnd === undefined ? {} : { tauEnd: f.tauEnd }) },
    loss: { metric: 'latency', costScale: f.costScale, ...f.loss, ...(f.wLoss ? { wLoss: f.wLoss } : {}) },
    optimizer: { w: { lr: lr.w, lrMin: 0, momentum: 0.9, weightDecay: 0 }, theta: { lr: lr.theta, weightDecay: 0, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 } },
    eval: { mix: f.evalMix, ...(f.recalibrate ? { recalibrate: true } : {}) }, select: 'last', checkpoint: { dir: '', everySteps: 0 }, diagnostics: { collapseShare: 0.5, minThetaMove: 0.001 },
  };
}

export function sposConfig(o: Partial<SposSupernetConfig>, epochs: number, lr: number, seed = 1): SposSupernetConfig {
  return {
    schema: 'train-supernet-config/v2', method: 'spos', seed, backend: 'auto', epochs, batch: 32, limits: { batchesPerEpoch: null, valImages: null },
    optimizer: { lr, momentum: 0.9, weightDecay: 4e-5 }, labelSmoothing: 0.1, bnAffine: false, costBand: null, select: 'last', checkpoint: { dir: '', everySteps: 0 }, ...o,
  };
}

export interface TinyRun {
  spec: SupernetSpec;
  costs: CostTable;
  strategy?: Partial<FbnetOptions>;
  /** Train with SPOS instead of FBNet (these settings over sposConfig's). */
  spos?: Partial<SposSupernetConfig>;
  epochs: number;
  batch?: number;
  limits?: SearchOptions['limits'];
  thetaLr?: number;
  wLr?: number;
  seed?: number;
  select?: SearchOptions['select'];
  /** The synthetic images' noise amplitude (default: the source's 48). */
  noise?: number;
  /** Keep the checkpoint here (default: a temporary directory removed afterwards). */
  checkpoint?: { file: string; fingerprint: string; log?: (m: string) => void };
}

export function tinyMethod(r: TinyRun, net: Supernet): Method {
  const ctx = { net, costs: r.costs, choices: supernetChoices(r.spec), file: 'test' };
  if (r.spos) return spos(sposConfig(r.spos, r.epochs, r.wLr ?? 0.05, r.seed), ctx);
  return fbnet(fbnetConfig(r.strategy ?? {}, r.epochs, { w: r.wLr ?? 0.05, theta: r.thetaLr ?? 0.05 }, r.seed), ctx);
}

export async function runTiny(r: TinyRun): Promise<{ result: SearchResult; net: Supernet; method: Method }> {
  const dir = mkdtempSync(join(tmpdir(), 'nasflow-supernet-'));
  try {
    const net = new Supernet(r.spec, r.costs, { seed: r.seed ?? 1, blocks: TEST_BLOCKS });
    const method = tinyMethod(r, net);
    const splits = syntheticSplits(256, 3, r.noise);
    const norm = { mean: [0.5], std: [0.25] };
    const b = r.batch ?? 32;
    const data = { train_w: new SplitBatches('train_w', splits.train_w, norm, b), train_theta: new SplitBatches('train_theta', splits.train_theta, norm, b), val: new SplitBatches('val', splits.val, norm, b) };
    const result = await runSearch({
      net, method, choices: supernetChoices(r.spec), data, seed: r.seed ?? 1, limits: r.limits ?? { train_w: null, train_theta: null, valImages: 64 },
      select: r.select ?? 'last', checkpoint: { file: r.checkpoint?.file ?? join(dir, 'ck.bin'), everySteps: 0, fingerprint: r.checkpoint?.fingerprint ?? 'test' },
      log: r.checkpoint?.log ?? (() => {}),
    });
    return { result, net, method };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
