// Resume after kill -9: in a temporary project (tests/helpers/sandbox.ts) the train-supernet stage
// runs once uninterrupted; then again from scratch, killed with SIGKILL as soon as a mid-epoch
// checkpoint is on disk, and restarted. The restarted run must say it resumed mid-epoch and end
// with the search result, history and weights file bit-identical to the uninterrupted run — FBNet
// on wasm and on cpu, SPOS (uniform paths in a cost band, label smoothing, affine-free BN) on wasm,
// FBNet on wasm with data-parallel training on 2 worker threads. The stand-in build-lut stage writes a hand-made LUT for a tiny space (head dropout on,
// so the dropout seed's checkpointing is exercised too).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { lutGrid } from '../src/spaces/grid.js';
import { catalogOp, normalizeSpace } from '../src/spaces/normalize.js';
import type { SearchSpace } from '../src/types/generated.js';
import { endToEndSection } from '../src/lut/document.js';
import { execa } from 'execa';
import { sandbox, tsx } from './helpers/sandbox.js';

const COPY = ['package.json', 'pipeline.yaml', 'tsconfig.json', 'configs', 'stages', 'src', 'schemas', 'spaces'];
const DATA = `schema: prepare-data-config/v1
testSplit: pooled
seed: 5
source: { kind: synthetic, count: 640, height: 8, width: 8, channels: 1, classes: 4, seed: 9 }
splits: { train_w: { fraction: 0.5 }, train_theta: { fraction: 0.25 }, val: { fraction: 0.125 }, test: { fraction: 0.125 } }
`;
const TRAIN = `schema: train-supernet-config/v2
seed: 3
backend: auto
method: fbnet
epochs: 2
warmupEpochs: 1
alternate: epoch
batch: 8
limits: { wBatchesPerEpoch: 6, thetaBatchesPerEpoch: 4, valImages: 16 }
gumbel: { mode: soft, scope: batch, tau0: 5.0, decayRate: 0.5 }
loss: { form: paper, metric: latency, costScale: 10, alpha: 0.2, beta: 0.6 }
optimizer:
  w: { lr: 0.05, lrMin: 0.0, momentum: 0.9, weightDecay: 0.0001 }
  theta: { lr: 0.05, weightDecay: 0.0005, beta1: 0.9, beta2: 0.999, epsilon: 1.0e-8 }
eval: { mix: softmax }
select: best-val
checkpoint: { dir: artifacts/.work/train-supernet, everySteps: 1 }
diagnostics: { collapseShare: 0.5, minThetaMove: 0.001 }
`;
const TRAIN_SPOS = `schema: train-supernet-config/v2
seed: 3
backend: auto
method: spos
epochs: 2
batch: 8
limits: { batchesPerEpoch: 6, valImages: 16 }
optimizer: { lr: 0.1, momentum: 0.9, weightDecay: 0.00004 }
labelSmoothing: 0.1
bnAffine: false
costBand: { metric: latency, min: 0.45, max: 0.6, maxTries: 100 }
select: best-val
checkpoint: { dir: artifacts/.work/train-supernet, everySteps: 1 }
`;
const CANDIDATES = ['ir_k3_e1', 'ir_k3_e3', 'skip'];

const SPACE: SearchSpace = {
  schema: 'space/v2', name: 'tiny', input: [8, 8, 1], classes: 4, ops: CANDIDATES as SearchSpace['ops'],
  body: { kind: 'chain', stem: { cOut: 8, stride: 2 }, layers: [{ cOut: 8, stride: 1 }, { cOut: 8, stride: 1 }], head: { cOut: 16, dropout: 0.2 } },
};

function lut(): unknown {
  const timing = (ms: number) => ({ value: ms, median: ms, p10: ms, p90: ms, runs: 5, remeasured: 0 });
  const space = normalizeSpace(SPACE, 'tiny.json');
  const grid = lutGrid(space);
  const entries = grid.layers.flatMap((l) =>
    l.candidates.map((block, i) => ({ layer: l.index, block, op: catalogOp(block), input: [4, 4, 8], cOut: 8, stride: 1, latency: timing(0.1 + 0.05 * i + 0.02 * l.index), flops: 1000 * (i + 1), params: 10 * (i + 1) })),
  );
  return {
    schema: 'lut/v2',
    stamp: { runtime: 'node', backend: 'cpu', tfjsVersion: '4.22.0', threads: 1, cpuModel: 'test', cpuCount: 1, nodeVersion: process.version, platform: 'test', batch: 1, spaceName: 'tiny', spaceHash: space.hash, candidatesHash: '0'.repeat(64) },
    settings: { warmup: 1, runs: 5, forwards: 1, clockEvery: 4, pilotRounds: 1, quantile: 0.5, spreadThreshold: 0.5, maxRemeasure: 0 },
    reference: { method: 'context', choices: grid.layers.map((l) => l.candidates[0]), floors: grid.layers.map((l) => l.candidates.at(-1)), clock: timing(0.5) },
    space: SPACE,
    grid,
    fixed: { latency: timing(0.2), stem: { flops: 100, params: 10 }, head: { flops: 100, params: 10 } },
    entries,
    checks: { monotonicity: [], endToEnd: endToEndSection([], {}) },
    warnings: [],
  };
}

const FAKE_LUT_STAGE = `import { readFileSync } from 'node:fs';
import { runStage } from '../src/pipeline/stage.js';
await runStage('build-lut', async (ctx) => ctx.writeJson('lut.json', 'lut', JSON.parse(readFileSync('lut-fixture.json', 'utf8'))));
`;

function nextPosition(file: string): { epoch: number; phase: number; step: number } | null {
  if (!existsSync(file)) return null;
  const buf = readFileSync(file);
  return (JSON.parse(buf.subarray(4, 4 + buf.readUInt32LE(0)).toString('utf8')) as { meta: { next: { epoch: number; phase: number; step: number } } }).meta.next;
}

function outputs(root: string): { result: Buffer; history: Buffer; weights: Buffer } {
  const dir = join(root, 'artifacts', 'train-supernet');
  return { result: readFileSync(join(dir, 'search.json')), history: readFileSync(join(dir, 'history.json')), weights: readFileSync(join(dir, 'supernet.weights.bin')) };
}

// One project for both backends: the upstream stages run once; checkpoints and outputs are
// removed between runs (a checkpoint's fingerprint includes the backend anyway).
let s: ReturnType<typeof sandbox>;
before(() => {
  s = sandbox(COPY);
  s.write('configs/prepare-data.yaml', DATA);
  s.write('stages/build-lut.ts', FAKE_LUT_STAGE);
  // build-lut's config describes the fixture's space, so the preflight sees a space that fits the data
  s.write('spaces/tiny.json', JSON.stringify(SPACE));
  s.write('configs/build-lut.yaml', 'schema: build-lut-config/v1\nspace: spaces/tiny.json\nbackend: cpu\nbatch: 1\nwarmup: 1\nruns: 3\nseed: 1\n');
  s.write('lut-fixture.json', JSON.stringify(lut()));
  for (const st of ['prepare-data', 'build-lut']) {
    const r = tsx([`stages/${st}.ts`], s.root, { NASFLOW_PROGRESS: '0' });
    assert.equal(r.status, 0, r.stderr);
  }
});
after(() => s.cleanup());

const clean = (): void => {
  rmSync(join(s.root, 'artifacts', 'train-supernet'), { recursive: true, force: true });
  rmSync(join(s.root, 'artifacts', '.work'), { recursive: true, force: true });
};

const PARALLEL = 'parallel: { workers: 2, shards: 2 }\n';
const cases = [['fbnet', 'wasm', TRAIN], ['fbnet', 'cpu', TRAIN], ['spos', 'wasm', TRAIN_SPOS], ['fbnet', 'wasm, 2 data-parallel workers', TRAIN + PARALLEL]] as const;

for (const [method, what, config] of cases) {
  const backend = what.split(',')[0]!;
  test(`train-supernet resumes after kill -9 mid-epoch, bit-identical (${method}, ${what})`, { timeout: 180_000 }, async () => {
    const env = { NASFLOW_BACKEND: backend, NASFLOW_PROGRESS: '0' };
    clean();
    s.write('configs/train-supernet.yaml', config);
    try {
      const first = tsx(['stages/train-supernet.ts'], s.root, env);
      assert.equal(first.status, 0, first.stderr);
      const reference = outputs(s.root);
      clean();

      const ck = join(s.root, 'artifacts', '.work', 'train-supernet', 'checkpoint.bin');
      // node itself with tsx as a loader: ONE process to kill (the tsx binary is a parent that
      // would leave the stage running as an orphan).
      const child = execa(process.execPath, ['--import', 'tsx', 'stages/train-supernet.ts'], { cwd: s.root, env, stdio: 'ignore', reject: false });
      let killedAt: { epoch: number; phase: number; step: number } | null = null;
      while (child.exitCode === null && !killedAt) {
        const p = nextPosition(ck);
        if (p && p.epoch >= 1 && p.step > 0) {
          child.kill('SIGKILL');
          killedAt = p;
        } else await new Promise((r) => setTimeout(r, 10));
      }
      assert.equal((await child).signal, 'SIGKILL', 'the run was killed before it finished');
      assert.ok(!existsSync(join(s.root, 'artifacts', 'train-supernet')), 'a killed run leaves no outputs');
      const onDisk = nextPosition(ck)!;
      assert.ok(onDisk.step > 0, `the checkpoint left behind is mid-epoch (${JSON.stringify(onDisk)})`);

      const resumed = tsx(['stages/train-supernet.ts'], s.root, env);
      assert.equal(resumed.status, 0, resumed.stderr);
      assert.match(resumed.stderr, new RegExp(`resuming from .*epoch ${onDisk.epoch} phase ${onDisk.phase} step ${onDisk.step}`));
      if (config.includes('parallel')) assert.match(resumed.stderr, /data-parallel: 2 worker threads/);
      const after = outputs(s.root);
      assert.ok(after.result.equals(reference.result), 'search.json (selection, probabilities, sample, weights index) bit-identical');
      assert.ok(after.history.equals(reference.history), 'history.json bit-identical');
      assert.ok(after.weights.equals(reference.weights), 'weights file bit-identical');
    } finally {
      clean();
    }
  });
}
