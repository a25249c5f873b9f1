// The stage runner every stages/*.ts entrypoint uses. It joins or takes the run lock of the
// artifacts directory (lock.ts: another run's stage is refused at once), watches that its run is
// still alive (watchdog.ts), removes what killed stages left (leftovers.ts), reads the stage's own
// config (validated), checks the upstream manifests and the manifest chain behind them (chain.ts:
// a stale chain is refused, never mixed), gives the stage a temporary output directory, then
// validates the outputs against pipeline.yaml's declarations, writes manifest.json and swaps the
// directory into artifacts/<stage>/ with one rename. A failing stage leaves artifacts/<stage>/ as it was.
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { readDocument, writeDocument } from '../artifacts/io.js';
import { codeHash } from '../artifacts/code-hash.js';
import { MANIFEST, listFiles, readManifest, verifyStage } from '../artifacts/manifest.js';
import { hashJson, sha256File } from '../core/hash.js';
import { NasflowError } from '../core/errors.js';
import type { Manifest, PipelineStage } from '../types/generated.js';
import { describeLink, staleLinks } from './chain.js';
import { globToRegExp } from './glob.js';
import { removeLeftovers } from './leftovers.js';
import { acquireLock, type HeldLock } from './lock.js';
import { ancestors, loadPipeline, stageOf } from './pipeline.js';
import { runIdentity } from './run-id.js';
import { watchRun } from './watchdog.js';

export interface StageContext<C> {
  root: string;
  stage: string;
  config: C;
  configFile: string;
  /** Temporary directory; everything written here lands in artifacts/<stage>/ on success. */
  outDir: string;
  /** artifacts/<up>/ of a declared upstream stage (its manifest already verified). */
  upstreamDir(up: string): string;
  writeJson(file: string, schemaId: string, data: unknown): Promise<void>;
  writeBytes(file: string, bytes: Uint8Array): Promise<void>;
  /** Recorded in the manifest. */
  record(info: { backend?: string; backendReason?: string; seed?: number }): void;
  log(msg: string): void;
}

export async function runStage<C>(stage: string, body: (ctx: StageContext<C>) => Promise<void>): Promise<void> {
  const started = Date.now();
  const log = (msg: string): void => void process.stderr.write(`${stage}: ${msg}\n`);
  let tmp: string | undefined;
  let lock: HeldLock | undefined;
  try {
    const { values } = parseArgs({ options: { config: { type: 'string' }, root: { type: 'string' } } });
    const root = resolve(values.root ?? process.cwd());
    const pipeline = loadPipeline(root);
    const spec = stageOf(pipeline, stage);
    const artifacts = join(root, 'artifacts');
    const run = runIdentity();
    lock = acquireLock(artifacts, run, stage);
    if (lock.tookOver?.stages.length) log(`took over the lock of a run that died (${lock.tookOver.owner} pid ${lock.tookOver.ownerPid}, started ${lock.tookOver.startedAt})`);
    watchRun(stage, run.chain);
    for (const r of removeLeftovers(artifacts)) log(`removed ${r} left by a killed stage`);
    const configFile = values.config ?? spec.config;
    const config = readDocument<C>(resolve(root, configFile), spec.configSchema);
    const upstream: Manifest['upstream'] = [];
    for (const up of spec.dependsOn) upstream.push(await checkUpstream(join(artifacts, up), up, stage));
    const stale = await staleLinks(artifacts, ancestors(pipeline, stage));
    if (stale.length) {
      throw new NasflowError('E_STALE', `${stage}: stale inputs, refusing to mix them:\n${stale.map((l) => `  ${describeLink(l)}`).join('\n')}\nRerun the pipeline up to here: npx turbo run ${stage} --force (turbo caches a stage by its own inputs, not by its upstream's outputs)`);
    }

    tmp = join(artifacts, `.tmp-${stage}-${process.pid}`);
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(tmp, { recursive: true });
    const outDir = tmp;
    const recorded: { backend?: string; backendReason?: string; seed?: number } = {};
    const ctx: StageContext<C> = {
      root,
      stage,
      config,
      configFile,
      outDir,
      upstreamDir(up) {
        if (!spec.dependsOn.includes(up)) throw new NasflowError('E_PIPELINE', `${stage} reads ${up}, which is not in its dependsOn in pipeline.yaml`);
        return join(artifacts, up);
      },
      writeJson: (file, schemaId, data) => writeDocument(join(outDir, file), schemaId, data),
      writeBytes: (file, bytes) => writeFile(join(outDir, file), bytes),
      record: (info) => void Object.assign(recorded, info),
      log,
    };
    await body(ctx);

    const outputs = await checkOutputs(outDir, spec, stage);
    const manifest: Manifest = {
      schema: 'manifest/v1',
      stage,
      configFile: relative(root, resolve(root, configFile)),
      configHash: hashJson(config),
      codeHash: codeHash(root),
      upstream,
      outputs,
      backend: recorded.backend ?? null,
      ...(recorded.backendReason ? { backendReason: recorded.backendReason } : {}),
      seed: recorded.seed ?? null,
      startedAt: new Date(started).toISOString(),
      finishedAt: new Date().toISOString(),
      nodeVersion: process.version,
    };
    await writeDocument(join(outDir, MANIFEST), 'manifest', manifest);
    swapInto(outDir, join(artifacts, stage));
    tmp = undefined;
    // CPU time of the whole process (every thread, worker threads included): on a shared machine
    // wall time is mostly waiting; CPU time / threads estimates the stage on an idle one.
    const cpu = process.cpuUsage();
    log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s (process CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s) -> ${relative(root, join(artifacts, stage))}/ (${outputs.length} files)`);
  } catch (e) {
    process.stderr.write(`${stage}: failed: ${e instanceof Error ? e.message : String(e)}\n`);
    if (!(e instanceof NasflowError) && e instanceof Error && e.stack) process.stderr.write(`${e.stack}\n`);
    process.exitCode = 1;
  } finally {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
    lock?.release();
  }
}

async function checkUpstream(dir: string, up: string, stage: string): Promise<Manifest['upstream'][number]> {
  if (!existsSync(join(dir, MANIFEST))) throw new NasflowError('E_UPSTREAM', `${stage} needs ${up}: ${dir}/${MANIFEST} not found; run \`npx turbo run ${stage}\` (it runs ${up} first)`);
  readManifest(dir);
  const bad = await verifyStage(dir);
  if (bad.length) throw new NasflowError('E_UPSTREAM', `${stage}: upstream ${up} does not match its manifest:\n${bad.map((b) => `  ${b.file}: ${b.problem}`).join('\n')}`);
  return { stage: up, manifestSha256: (await sha256File(join(dir, MANIFEST))).sha256 };
}

/** Every file must be a declared output; every declared JSON output is validated against its schema. */
async function checkOutputs(outDir: string, spec: PipelineStage, stage: string): Promise<Manifest['outputs']> {
  const decl = spec.outputs.map((o) => ({ ...o, re: globToRegExp(o.path) }));
  const outputs: Manifest['outputs'] = [];
  for (const file of listFiles(outDir)) {
    const d = decl.find((o) => o.re.test(file));
    if (!d) throw new NasflowError('E_OUTPUT', `${stage} wrote ${file}, which pipeline.yaml does not declare as an output of ${stage}`);
    if (d.schema) readDocument(join(outDir, file), d.schema);
    const h = await sha256File(join(outDir, file));
    outputs.push({ file, sha256: h.sha256, bytes: h.bytes, ...(d.schema ? { schemaId: d.schema } : {}) });
  }
  for (const d of decl) {
    if (!d.path.includes('*') && !d.optional && !outputs.some((o) => o.file === d.path)) throw new NasflowError('E_OUTPUT', `${stage} did not write its declared output ${d.path}`);
  }
  return outputs;
}

/** Replaces dest by src with renames only, so readers never see a half-written stage directory. */
function swapInto(src: string, dest: string): void {
  const old = `${dest}.old-${process.pid}`;
  if (existsSync(dest)) renameSync(dest, old);
  renameSync(src, dest);
  rmSync(old, { recursive: true, force: true });
}
