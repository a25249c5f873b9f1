// Training one architecture from scratch, resumably. SGD (momentum, L2 weight decay) with the
// epoch's learning rate, optional label smoothing and augmentation (cells: drop-path and DARTS'
// auxiliary head, weighted into the loss); after every epoch the model is
// scored on val, and the best val top-1 epoch's weights are kept (val selects; test is never
// read here). A checkpoint (model + optimiser + best snapshot + position + augmentation RNG +
// open meters + history) is written every `checkpointEvery` steps and at every epoch end, so a
// run killed at any point resumes and ends bit-identical to an uninterrupted one. Optional: Adam
// instead of SGD, and a weight EMA (FBNetV3 recipes) — the EMA weights are what val scores and
// what is kept; `stopAfter` trains only the first epochs of the schedule (early-stopped candidates).
import * as tf from '@tensorflow/tfjs-core';
import type { NasflowModel } from '../arch/model.js';
import type { NamedArray } from '../arch/weights-file.js';
import { Rng } from '../core/rng.js';
import type { SplitBatches } from '../train/batches.js';
import { readCheckpoint, writeCheckpoint } from '../train/checkpoint.js';
import { topkHits } from '../train/metrics.js';
import { Adam, type Grads, Sgd } from '../train/optimizers.js';
import { phaseProgress } from '../core/progress.js';
import type { RetrainConfig, RetrainEpoch, Scores } from '../types/generated.js';
import { augmentBatch } from './augment.js';
import { AUX_PREFIX, AuxHead, auxCell } from './aux-head.js';
import { epochLr, smoothedCrossEntropy } from './loss.js';
import { evaluate } from './scores.js';
import { atArchInput } from '../arch/input.js';
import type { GradientPool } from '../train/parallel/pool.js';
import { poolGrads } from './parallel-step.js';

export interface FitOptions {
  name: string;
  model: NasflowModel;
  train: SplitBatches;
  val: SplitBatches;
  config: RetrainConfig;
  /** Per-channel normalised value of a black pixel (padding for crops). */
  blank: number[];
  checkpointFile: string;
  fingerprint: string;
  /** Data-parallel: the step's gradients from this pool (parallel-step.ts), built for this model. */
  pool?: GradientPool;
  /** Seed of the batch order and augmentation, when not the config's (dataOrder shared: job.ts). */
  dataSeed?: number;
  /** Train only the first epochs of the `config.epochs` schedule (early stopping); default all. */
  stopAfter?: number;
  log(msg: string): void;
  /** Fraction of all training steps done, after every step (progress across workers). */
  progress?(fraction: number): void;
}

export interface FitResult {
  epochs: RetrainEpoch[];
  bestEpoch: number;
  best: NamedArray[];
  timings: { epoch: number; seconds: number; imagesPerSec: number }[];
  /** Training steps this call ran (0 when a finished checkpoint was returned; fewer after a resume). */
  stepsRun: number;
}

interface Meta {
  epoch: number;
  step: number;
  sgdSteps: number;
  augment: number[];
  /** The head's dropout seed (it advances per training forward). */
  dropoutSeed: number;
  sums: { loss: number; top1: number; top5: number; images: number; seconds: number };
  epochs: RetrainEpoch[];
  timings: FitResult['timings'];
  bestEpoch: number;
  bestTop1: number;
}

/** The step's gradients on this thread (the whole batch, its own BatchNorm statistics); cells may add DARTS' weighted auxiliary loss. */
function localGrads(model: NasflowModel, x: tf.Tensor4D, labels: Int32Array, smoothing: number, vars: { variable: tf.Variable }[], aux?: { head: AuxHead; tap: number; weight: number }): { grads: Grads; loss: number; top1: number; top5: number } {
  let logits: tf.Tensor | undefined;
  const { value, grads } = tf.variableGrads(() => {
    const input = atArchInput(x, model.arch.input);
    if (aux && model.kind === 'cells') {
      const r = model.applyTap(input, true, aux.tap);
      logits = tf.keep(r.logits);
      const auxLoss = smoothedCrossEntropy(aux.head.apply(r.feature, true), labels, smoothing);
      return tf.add(smoothedCrossEntropy(r.logits, labels, smoothing), tf.mul(auxLoss, aux.weight)) as tf.Scalar;
    }
    const out = model.apply(input, true);
    logits = tf.keep(out);
    return smoothedCrossEntropy(out, labels, smoothing);
  }, vars.map((v) => v.variable));
  const hits = topkHits(logits!.dataSync() as Float32Array, labels, model.arch.classes);
  const loss = value.dataSync()[0]!;
  tf.dispose([value, logits!]);
  return { grads, loss, top1: hits.top1, top5: hits.topk };
}

// Shared data: the augmentation stream must not depend on the architecture's name either.
const augmentRng = (o: FitOptions): Rng => (o.dataSeed === undefined ? Rng.derived(o.config.seed, `retrain/augment/${o.name}`) : Rng.derived(o.dataSeed, 'retrain/augment'));

const emptySums = (): Meta['sums'] => ({ loss: 0, top1: 0, top5: 0, images: 0, seconds: 0 });

export function fit(o: FitOptions): FitResult {
  const c = o.config;
  // DARTS' auxiliary head (cells only): trained with the model, kept in the checkpoint, never exported
  const auxWeight = o.model.kind === 'cells' ? (c.cells?.auxiliary ?? 0) : 0;
  const tap = o.model.kind === 'cells' ? auxCell(o.model.arch.cells.length) : -1;
  const aux = auxWeight > 0 && o.model.kind === 'cells' ? new AuxHead(o.model.arch.cells[tap]!.cOut, o.model.arch.classes, c.seed) : null;
  const vars = [...o.model.variables().filter((v) => v.trainable).map((v) => ({ name: v.name, variable: v.variable })), ...(aux?.trainable() ?? [])];
  const sgd = c.optimizer === 'adam' ? new Adam(vars, { beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: c.weightDecay }) : new Sgd(vars, { momentum: c.momentum, weightDecay: c.weightDecay });
  const optPrefix = c.optimizer === 'adam' ? 'adam.' : 'sgd.';
  const emaDecay = c.ema ?? 0;
  let ema: NamedArray[] = emaDecay > 0 ? o.model.state() : [];
  let meta: Meta = { epoch: 0, step: 0, sgdSteps: 0, augment: augmentRng(o).state(), dropoutSeed: o.model.head.dropoutSeed, sums: emptySums(), epochs: [], timings: [], bestEpoch: -1, bestTop1: -1 };
  let best: NamedArray[] = [];
  const ck = readCheckpoint<Meta>(o.checkpointFile);
  if (ck && ck.fingerprint === o.fingerprint) {
    meta = ck.meta;
    const own = (a: NamedArray): boolean => [optPrefix, 'best.', 'ema.', AUX_PREFIX].some((p) => a.name.startsWith(p));
    o.model.loadState(ck.arrays.filter((a) => !own(a)), o.checkpointFile);
    aux?.load(ck.arrays);
    sgd.load({ steps: meta.sgdSteps, arrays: ck.arrays.filter((a) => a.name.startsWith(optPrefix)) }, o.checkpointFile);
    best = ck.arrays.filter((a) => a.name.startsWith('best.')).map((a) => ({ ...a, name: a.name.slice(5) }));
    if (emaDecay > 0) ema = ck.arrays.filter((a) => a.name.startsWith('ema.')).map((a) => ({ ...a, name: a.name.slice(4) }));
    o.model.head.dropoutSeed = meta.dropoutSeed;
    o.log(`${o.name}: resuming at epoch ${meta.epoch}, step ${meta.step} from ${o.checkpointFile}`);
  } else if (ck) o.log(`${o.name}: ignoring ${o.checkpointFile} (written by another configuration)`);
  const rng = Rng.fromState(meta.augment);
  const save = (): void => {
    const s = sgd.state();
    meta = { ...meta, sgdSteps: s.steps, augment: rng.state(), dropoutSeed: o.model.head.dropoutSeed };
    writeCheckpoint(o.checkpointFile, { fingerprint: o.fingerprint, meta, arrays: [...o.model.state(), ...(aux?.state() ?? []), ...s.arrays, ...best.map((a) => ({ ...a, name: `best.${a.name}` })), ...ema.map((a) => ({ ...a, name: `ema.${a.name}` }))] });
  };
  const [, h, w, ch] = [0, ...o.model.arch.input] as number[];
  const perEpoch = o.train.batchesPerEpoch(c.batchesPerEpoch ?? null);
  let stepsRun = 0;

  const until = Math.min(c.epochs, o.stopAfter ?? c.epochs);
  while (meta.epoch < until) {
    const lr = epochLr(c.schedule, c.lr, c.minLr ?? 0, meta.epoch, c.epochs);
    const order = o.train.order(o.dataSeed ?? c.seed, meta.epoch);
    // DARTS' drop-path: the probability ramps linearly from 0 at the first epoch.
    if (o.model.kind === 'cells') o.model.dropPath = (c.cells?.dropPath ?? 0) * (meta.epoch / c.epochs);
    const bar = phaseProgress(`retrain ${o.name} epoch ${meta.epoch + 1}/${c.epochs}`, perEpoch, meta.step);
    while (meta.step < perEpoch) {
      const t0 = performance.now();
      const batch = o.train.take(order, meta.step);
      const n = batch.labels.length;
      let x = batch.x;
      if (c.augment.cropPadding > 0 || c.augment.flip || (c.augment.cutout ?? 0) > 0) {
        const data = augmentBatch(x.dataSync() as Float32Array, n, h!, w!, ch!, c.augment, o.blank, rng);
        x.dispose();
        x = tf.tensor4d(data, [n, h!, w!, ch!]);
      }
      const r = o.pool && !aux ? poolGrads(o.pool, o.model, x, batch.labels) : localGrads(o.model, x, batch.labels, c.labelSmoothing, vars, aux ? { head: aux, tap, weight: auxWeight } : undefined);
      sgd.step(r.grads, lr);
      // Warm-up as TF's ExponentialMovingAverage with num_updates: decay min(d, (1 + t) / (10 + t)),
      // so a short run's average is not stuck near the initial weights.
      if (emaDecay > 0) ema = emaUpdate(ema, o.model.state(), Math.min(emaDecay, (1 + sgd.steps) / (10 + sgd.steps)));
      const { loss } = r;
      const hits = { top1: r.top1, topk: r.top5 };
      tf.dispose([x, ...Object.values(r.grads)]);
      if (!Number.isFinite(loss)) throw new RangeError(`retrain ${o.name}: loss is ${loss} at epoch ${meta.epoch} step ${meta.step}; lower lr (${lr})`);
      const s = meta.sums;
      meta.sums = { loss: s.loss + loss * n, top1: s.top1 + hits.top1, top5: s.top5 + hits.topk, images: s.images + n, seconds: s.seconds + (performance.now() - t0) / 1000 };
      meta.step++;
      stepsRun++;
      bar.tick(`loss ${loss.toFixed(3)} lr ${lr.toPrecision(3)}`);
      o.progress?.((meta.epoch * perEpoch + meta.step) / (c.epochs * perEpoch));
      if (meta.step % c.checkpointEvery === 0 && meta.step < perEpoch) save();
    }
    bar.stop();
    const s = meta.sums;
    const train: Scores = { loss: s.loss / Math.max(1, s.images), top1: s.top1 / Math.max(1, s.images), top5: s.top5 / Math.max(1, s.images), images: s.images };
    // With an EMA, val scores (and best keeps) the averaged weights; training goes on from the live ones.
    const live = emaDecay > 0 ? o.model.state() : null;
    if (live) o.model.loadState(ema, 'ema');
    const val = evaluate(o.model, o.val, c.valLimit ?? null);
    meta.epochs = [...meta.epochs, { epoch: meta.epoch, lr, train, val }];
    meta.timings = [...meta.timings, { epoch: meta.epoch, seconds: s.seconds, imagesPerSec: s.images / Math.max(s.seconds, 1e-9) }];
    if (val.top1 > meta.bestTop1) {
      meta.bestTop1 = val.top1;
      meta.bestEpoch = meta.epoch;
      best = o.model.state();
    }
    if (live) o.model.loadState(live, 'live weights');
    o.log(`${o.name} epoch ${meta.epoch + 1}/${c.epochs}: train top-1 ${(100 * train.top1).toFixed(2)} %, val top-1 ${(100 * val.top1).toFixed(2)} % (loss ${val.loss.toFixed(4)}), ${(s.images / Math.max(s.seconds, 1e-9)).toFixed(0)} images/s`);
    meta = { ...meta, epoch: meta.epoch + 1, step: 0, sums: emptySums() };
    save();
  }
  sgd.dispose();
  aux?.dispose();
  return { epochs: meta.epochs, bestEpoch: meta.bestEpoch, best, timings: meta.timings, stepsRun };
}

/** ema ← d·ema + (1 − d)·current, per array (BN moving statistics included). */
function emaUpdate(ema: NamedArray[], current: NamedArray[], d: number): NamedArray[] {
  return ema.map((e, i) => {
    const c = current[i]!;
    if (c.name !== e.name) throw new RangeError(`EMA: array ${i} is ${c.name}, expected ${e.name}`);
    const data = new Float32Array(e.data.length);
    for (let k = 0; k < data.length; k++) data[k] = d * e.data[k]! + (1 - d) * c.data[k]!;
    return { ...e, data };
  });
}
