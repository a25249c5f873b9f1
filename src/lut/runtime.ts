// Opens the latency runner of a deploy runtime. node: the configured backend in this process
// (NASFLOW_BACKEND overrides, as everywhere). browser: the backend inside headless Chromium
// (auto = wasm; tensorflow does not exist there); this process still builds and exports the
// models, on the cpu backend.
import { BACKEND_ENV, BackendError, initBackend } from '../backend/index.js';
import { BROWSER_BACKENDS, BrowserRunner } from './browser/runner.js';
import { NodeRunner } from './node-runner.js';
import type { LatencyRunner, RuntimeName } from './runner.js';

/** `nodeBackendReady`: this process already computes on a backend (browser runtime: keep it for exporting). */
export async function openRunner(runtime: RuntimeName, backend: string, batch: number, log: (m: string) => void, nodeBackendReady = false, threads?: number): Promise<LatencyRunner> {
  if (runtime === 'node') {
    if (backend === 'webgl') throw new BackendError('webgl', 'exists only in the browser runtime (runtime: browser)');
    const b = await initBackend(backend, log);
    return new NodeRunner({ runtime: 'node', backend: b.name, backendReason: b.reason, tfjsVersion: b.tfjsVersion, threads: b.threads }, batch);
  }
  const raw = process.env[BACKEND_ENV]?.trim() || backend;
  const choice = raw === 'auto' ? 'wasm' : raw;
  if (!(BROWSER_BACKENDS as readonly string[]).includes(choice)) throw new BackendError(choice, `not available in the browser runtime; use one of auto, ${BROWSER_BACKENDS.join(', ')}`);
  if (!nodeBackendReady) await initBackend('cpu', () => {});
  return BrowserRunner.launch(choice as (typeof BROWSER_BACKENDS)[number], batch, log, threads);
}
