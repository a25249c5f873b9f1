// Contract: a latency runner times whole networks in one deploy runtime — `node` (this process,
// the backend nasflow computes with) or `browser` (headless Chromium, the exported LayersModel on
// stock TF.js). Every timed sample is `forwards` complete inferences back to back — upload a fresh
// input, forward, read the logits back — and reports milliseconds per inference, so a sample is
// what one deployed prediction costs while the group amortises timer resolution. build-lut and
// evaluate drive runners the same way, so a table and the models it predicts are timed alike.
import type { NasflowModel } from '../arch/model.js';
import type { Grid } from '../spaces/grid.js';
import type { ArchDoc } from '../types/generated.js';

export type RuntimeName = 'node' | 'browser';

export interface RuntimeInfo {
  runtime: RuntimeName;
  backend: string;
  backendReason: string;
  tfjsVersion: string;
  threads: number;
  /** Browser name and version (browser runtime only). */
  browser?: string;
  /** What the browser reports about its WebGL renderer (webgl backend only). */
  renderer?: string;
}

export interface ArchModel {
  key: string;
  choices: string[];
}

/** The architecture document of one op per layer (src/spaces/freeze.ts over the table's space). */
export type ArchMaker = (choices: string[], name: string) => ArchDoc;

export interface TrainedModel {
  key: string;
  model: NasflowModel;
  /** Its exported TF.js LayersModel directory (model.json + weights.bin). */
  exportedDir: string;
}

export interface LatencyRunner {
  readonly info: RuntimeInfo;
  /**
   * Architectures of the grid with seeded weights (node: one shared pool of blocks; browser: the
   * LayersModel of `toArch(choices, key)`, the space's frozen architecture, exported).
   */
  loadArchs(grid: Grid, models: ArchModel[], seed: number, toArch: ArchMaker): Promise<void>;
  /** Trained models (node: the nasflow model; browser: its exported LayersModel). */
  loadTrained(models: TrainedModel[]): Promise<void>;
  /** `n` untimed inferences of every key. */
  warm(keys: string[], n: number): Promise<void>;
  /** Times the keys in the given order; ms per inference for each. */
  time(keys: string[], forwards: number): Promise<number[]>;
  close(): Promise<void>;
}
