// Backend selection: the env override wins over the config, unknown names are a typed
// RegistryError naming the value and where it came from, each concrete backend starts and reports
// itself, `auto` falls back past the optional tfjs-node packages to wasm and says so, and asking
// for `tensorflow` without them is a typed BackendError. (Where a user has installed tfjs-node,
// the last two expect the tensorflow backend instead.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { RegistryError } from '../src/core/errors.js';
import { createRequire } from 'node:module';
import { BACKEND_ENV, BackendError, initBackend, resolveChoice } from '../src/backend/index.js';

const quiet = (): void => {};
const installed = (pkg: string): boolean => {
  try {
    createRequire(import.meta.url).resolve(pkg);
    return true;
  } catch {
    return false;
  }
};
const hasTfjsNode = installed('@tensorflow/tfjs-node') || installed('@tensorflow/tfjs-node-gpu');

test('resolveChoice: config value, env override, blank env ignored', () => {
  assert.deepEqual(resolveChoice('wasm', {}), { choice: 'wasm', source: 'config' });
  assert.deepEqual(resolveChoice('wasm', { [BACKEND_ENV]: 'cpu' }), { choice: 'cpu', source: `env ${BACKEND_ENV}` });
  assert.deepEqual(resolveChoice('auto', { [BACKEND_ENV]: '  ' }), { choice: 'auto', source: 'config' });
});

test('unknown backend names are a RegistryError naming the value and its source', () => {
  assert.throws(() => resolveChoice('webgpu', {}), (e: unknown) => e instanceof RegistryError && e.key === 'webgpu' && /config/.test(e.message));
  assert.throws(() => resolveChoice('cpu', { [BACKEND_ENV]: 'gpu' }), (e: unknown) => e instanceof RegistryError && e.key === 'gpu' && /NASFLOW_BACKEND/.test(e.message));
});

test('initBackend honours NASFLOW_BACKEND over the configured choice', async () => {
  const saved = process.env[BACKEND_ENV];
  process.env[BACKEND_ENV] = 'cpu';
  try {
    const info = await initBackend('wasm', quiet);
    assert.equal(info.name, 'cpu');
    assert.equal(tf.getBackend(), 'cpu');
    assert.match(info.reason, /NASFLOW_BACKEND/);
  } finally {
    if (saved === undefined) delete process.env[BACKEND_ENV];
    else process.env[BACKEND_ENV] = saved;
  }
});

test('wasm and cpu start, report version and threads, and log one line', async () => {
  for (const name of ['wasm', 'cpu'] as const) {
    const lines: string[] = [];
    const info = await initBackend(name, (l) => lines.push(l));
    assert.equal(info.name, name);
    assert.equal(tf.getBackend(), name);
    assert.equal(info.tfjsVersion, tf.version_core);
    assert.equal(info.threads, 1);
    assert.equal(lines.length, 1);
    assert.match(lines[0] ?? '', new RegExp(`nasflow backend: ${name}`));
  }
});

test('auto prefers tfjs-node, else lands on wasm saying what it skipped', async () => {
  const info = await initBackend('auto', quiet);
  assert.equal(info.name, hasTfjsNode ? 'tensorflow' : 'wasm');
  assert.match(info.reason, /tfjs-node/);
});

test('tensorflow without tfjs-node installed is a BackendError', { skip: hasTfjsNode && 'tfjs-node is installed' }, async () => {
  await assert.rejects(initBackend('tensorflow', quiet), (e: unknown) => e instanceof BackendError && e.code === 'E_BACKEND');
});
