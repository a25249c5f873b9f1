// evaluate's export check: the exported model must agree with nasflow's within the configured
// tolerance (else a failure naming the architecture and the difference), and a truncated
// model/weights.bin is an error naming that file, not a raw TF.js error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { exportLayersModel } from '../src/arch/export-files.js';
import { buildModel } from '../src/arch/model.js';
import { normalizeArch } from '../src/arch/normalize.js';
import { DataError, NasflowError } from '../src/core/errors.js';
import { assertExportAgrees, exportMaxAbsDiff } from '../src/eval/export-check.js';
import { useBackend } from '../src/ops/testing.js';
import { archV1ToV2 } from '../src/spaces/convert-v1.js';

const ARCH = normalizeArch(archV1ToV2({ schema: 'arch/v1', name: 'small', input: [8, 8, 1], classes: 3, stem: { cOut: 4, stride: 2 }, blocks: [{ op: { kind: 'ir', kernel: 3, expansion: 3 }, cOut: 8, stride: 1 }], head: { cOut: 8 } }), 'small.json');

test('the export check passes an intact export, fails a tampered one, and names a truncated weights.bin', async () => {
  await useBackend('cpu');
  const model = buildModel(ARCH, { seed: 3 });
  const dir = mkdtempSync(join(tmpdir(), 'nasflow-export-check-'));
  const x = tf.randomNormal([4, 8, 8, 1], 0, 1, 'float32', 2) as tf.Tensor4D;
  try {
    await exportLayersModel(model, dir);
    const ok = await exportMaxAbsDiff(model, dir, x);
    assert.ok(ok <= 1e-5, `intact export: ${ok}`);
    assertExportAgrees('small', dir, ok, 1e-3, 4);

    const bin = join(dir, 'weights.bin');
    const bytes = readFileSync(bin);
    const tampered = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    tampered.forEach((v, i) => (tampered[i] = v * 1.5));
    writeFileSync(bin, new Uint8Array(tampered.buffer));
    const diff = await exportMaxAbsDiff(model, dir, x);
    assert.throws(() => assertExportAgrees('small', dir, diff, 1e-3, 4), (e: unknown) => e instanceof NasflowError && /small: the exported model .* disagrees with nasflow's: max \|logit difference\| [\d.e-]+ over 4 test images, above exportTolerance 0\.001/.test(e.message));
    assert.throws(() => assertExportAgrees('small', dir, NaN, 1e-3, 4), /NaN/, 'NaN never passes');

    writeFileSync(bin, bytes.subarray(0, bytes.length - 40));
    await assert.rejects(exportMaxAbsDiff(model, dir, x), (e: unknown) => e instanceof DataError && e.message.includes(`${bin}: ${bytes.length - 40} bytes, but ${join(dir, 'model.json')} describes ${bytes.length} bytes`));
  } finally {
    x.dispose();
    model.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
});
