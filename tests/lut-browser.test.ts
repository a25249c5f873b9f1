// The browser runtime: a latency table of a tiny space measured in headless Chromium (the stock
// TF.js bundle and wasm binaries served from node_modules, cross-origin isolated) is schema-valid
// and stamped with the browser; a missing Chromium is a named error that says how to install it.
// CI installs chromium (.ci/run); elsewhere the browser test is skipped when it is not installed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportLayersModel } from '../src/arch/export-files.js';
import { buildModel } from '../src/arch/model.js';
import { normalizeArch } from '../src/arch/normalize.js';
import { timeTrained } from '../src/lut/trained.js';
import type { LatencyTable } from '../src/types/generated.js';
import { archOf, lutGrid, tinyChain } from './helpers/spaces.js';
import { problemsOf } from '../src/artifacts/schemas.js';
import { CHROMIUM_ENV, DEFAULT_CHROMIUM } from '../src/lut/browser/runner.js';
import { lutDocument } from '../src/lut/document.js';
import { measureContext } from '../src/lut/measure.js';
import { openRunner } from '../src/lut/runtime.js';
import { lutStamp } from '../src/lut/stamp.js';

const space = tinyChain({ layers: [{ cOut: 8, stride: 1 }, { cOut: 16, stride: 2 }], ops: ['ir_k3_e1', 'ir_k3_e6', 'skip'], head: { cOut: 16 } });
const grid = lutGrid(space);
const toArch = (choices: string[], name: string) => archOf(space, choices, name);
const chromium = process.env[CHROMIUM_ENV]?.trim() || DEFAULT_CHROMIUM;
let browserLut: LatencyTable | undefined;
const skip = !existsSync(chromium) && !process.env.CI ? `no Chromium at ${chromium} (apt-get install -y chromium); CI runs this` : false;

test('a browser LUT (headless Chromium, wasm) on a tiny space is schema-valid and stamped with the browser', { skip, timeout: 120_000 }, async () => {
  const runner = await openRunner('browser', 'auto', 1, () => {});
  try {
    assert.equal(runner.info.runtime, 'browser');
    assert.equal(runner.info.backend, 'wasm');
    assert.match(runner.info.browser ?? '', /Chrom/);
    assert.match(runner.info.backendReason, /cross-origin isolated: yes/);
    const settings = { warmup: 1, runs: 3, forwards: 1, clockEvery: 3, pilotRounds: 1, quantile: 0.5, spreadThreshold: 10, maxRemeasure: 0 };
    const r = await measureContext(runner, grid, { ...settings, rounds: 3, archs: 3, fit: { archs: 0, swaps: true } }, 1, toArch, () => {});
    const lut = lutDocument(space, grid, r, lutStamp(space, grid, runner.info, 1), settings, {});
    assert.deepEqual(problemsOf('lut', lut), []);
    assert.equal(lut.stamp.runtime, 'browser');
    assert.equal(lut.entries.length, 6);
    assert.ok(lut.checks.endToEnd.samples.length >= 3 && lut.checks.endToEnd.samples.every((s) => s.measuredMs > 0));
    browserLut = lut;
  } finally {
    await runner.close();
  }
});

test("evaluate's timing in the browser: an exported model, timed against the table's reference, drift-corrected", { skip, timeout: 120_000 }, async () => {
  assert.ok(browserLut, 'the browser LUT test ran first');
  const dir = mkdtempSync(join(tmpdir(), 'nasflow-trained-'));
  const model = buildModel(normalizeArch(toArch(['ir_k3_e6', 'skip'], 'trained'), 'trained'), { seed: 3 });
  assert.equal(model.kind, 'chain');
  if (model.kind !== 'chain') return;
  try {
    await exportLayersModel(model, join(dir, 'model'));
    const t = await timeTrained(browserLut, grid, toArch, [{ key: 'trained', model, exportedDir: join(dir, 'model') }], { warmup: 1, runs: 3, forwards: 1, clockEvery: 1 }, { backend: 'cpu', backendReason: '', tfjsVersion: '', threads: 1 }, () => {});
    assert.equal(t.info.runtime, 'browser');
    const a = t.archs.get('trained')!;
    assert.ok(a.rawMs > 0 && a.raw.runs === 3);
    assert.ok(t.nowMs > 0 && Number.isFinite(a.correctedMs) && a.correctedMs > 0, 'corrected to the table\'s clock with the reference timed now');
  } finally {
    model.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('runtime browser without Chromium fails with a named error that says how to install it', async () => {
  const saved = process.env[CHROMIUM_ENV];
  process.env[CHROMIUM_ENV] = '/nonexistent/chromium';
  try {
    await assert.rejects(openRunner('browser', 'wasm', 1, () => {}, true), (e: Error & { code?: string }) =>
      e.name === 'BrowserMissingError' && e.code === 'E_NO_BROWSER' && /Chromium not found at \/nonexistent\/chromium/.test(e.message) && /apt-get update && apt-get install -y chromium/.test(e.message));
  } finally {
    if (saved === undefined) delete process.env[CHROMIUM_ENV];
    else process.env[CHROMIUM_ENV] = saved;
  }
});

test('runtime browser refuses the tensorflow backend, runtime node the webgl one', async () => {
  await assert.rejects(openRunner('browser', 'tensorflow', 1, () => {}, true), /backend tensorflow: not available in the browser runtime/);
  await assert.rejects(openRunner('node', 'webgl', 1, () => {}), /backend webgl: exists only in the browser runtime/);
});
