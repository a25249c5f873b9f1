// The browser runtime's runner: headless Debian Chromium (/usr/bin/chromium, or NASFLOW_CHROMIUM)
// driven by playwright-core — no browser download — with a fresh profile, loading the page and
// models from src/lut/browser/server.ts. Models are the exported TF.js LayersModels, i.e. exactly
// what a web app deploys; architectures of a table are built in Node and exported to a temporary
// directory first.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { exportLayersModel } from '../../arch/export-files.js';
import { buildModel } from '../../arch/model.js';
import { normalizeArch } from '../../arch/normalize.js';
import { NasflowError } from '../../core/errors.js';
import type { Grid } from '../../spaces/grid.js';
import type { ArchMaker, ArchModel, LatencyRunner, RuntimeInfo, TrainedModel } from '../runner.js';
import { type ModelServer, startServer } from './server.js';

export const CHROMIUM_ENV = 'NASFLOW_CHROMIUM';
export const DEFAULT_CHROMIUM = '/usr/bin/chromium';
export const BROWSER_BACKENDS = ['wasm', 'webgl', 'cpu'] as const;
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export class BrowserMissingError extends NasflowError {
  constructor(path: string) {
    super('E_NO_BROWSER', `runtime browser: Chromium not found at ${path}; install it with \`apt-get update && apt-get install -y chromium\` (Debian/Ubuntu), or set ${CHROMIUM_ENV} to a Chromium executable`);
  }
}

export class BrowserRunner implements LatencyRunner {
  private constructor(
    readonly info: RuntimeInfo,
    private readonly context: BrowserContext,
    private readonly page: Page,
    private readonly server: ModelServer,
    private readonly dirs: string[],
    private readonly batch: number,
  ) {}

  /** `threads`: the wasm backend's thread count (default: tfjs's own choice, half the logical cores). */
  static async launch(backend: (typeof BROWSER_BACKENDS)[number], batch: number, log: (m: string) => void, threads?: number): Promise<BrowserRunner> {
    const executablePath = process.env[CHROMIUM_ENV]?.trim() || DEFAULT_CHROMIUM;
    if (!existsSync(executablePath)) throw new BrowserMissingError(executablePath);
    const profile = mkdtempSync(join(tmpdir(), 'nasflow-chromium-'));
    const server = await startServer();
    let context: BrowserContext | undefined;
    try {
      context = await chromium.launchPersistentContext(profile, { executablePath, headless: true, args: ARGS });
      const page = context.pages()[0] ?? (await context.newPage());
      page.on('pageerror', (e) => log(`browser page error: ${e.message}`));
      await page.goto(server.url + '/');
      const cdp = await context.newCDPSession(page);
      const version = (await cdp.send('Browser.getVersion')) as { product: string };
      const r = await page.evaluate(([b, t]) => (window as unknown as { nasflow: { init(b: string, t?: number): Promise<Record<string, unknown>> } }).nasflow.init(b, t), [backend, threads] as const);
      const info: RuntimeInfo = {
        runtime: 'browser',
        backend: String(r.backend),
        backendReason: `requested in the browser: ${String(r.detail) || r.backend}; cross-origin isolated: ${r.isolated ? 'yes' : 'no'}`,
        tfjsVersion: String(r.tfjsVersion),
        threads: Number(r.threads) || 1,
        browser: version.product,
        ...(r.renderer ? { renderer: String(r.renderer) } : {}),
      };
      log(`nasflow browser runtime: ${info.browser}, backend ${info.backend} (${info.backendReason}), ${info.threads} thread(s)${info.renderer ? `, WebGL renderer "${info.renderer}"` : ''}`);
      if (info.renderer && /swiftshader|llvmpipe|software/i.test(info.renderer)) log(`warning: WebGL renders in software here (${info.renderer}): this is not a GPU, the latencies say nothing about one`);
      return new BrowserRunner(info, context, page, server, [profile], batch);
    } catch (e) {
      await context?.close().catch(() => {});
      await server.close();
      rmSync(profile, { recursive: true, force: true });
      throw e;
    }
  }

  private async call<T>(fn: string, ...args: unknown[]): Promise<T> {
    return this.page.evaluate(([f, a]) => (window as unknown as { nasflow: Record<string, (...x: unknown[]) => unknown> }).nasflow[f as string]!(...(a as unknown[])), [fn, args] as const) as Promise<T>;
  }

  async loadArchs(space: Grid, models: ArchModel[], seed: number, toArch: ArchMaker): Promise<void> {
    const dir = mkdtempSync(join(tmpdir(), 'nasflow-models-'));
    this.dirs.push(dir);
    const urls: [string, string][] = [];
    for (const m of models) {
      const model = buildModel(normalizeArch(toArch(m.choices, m.key), `<${m.key}>`), { seed });
      try {
        await exportLayersModel(model, join(dir, encodeURIComponent(m.key)));
      } finally {
        model.dispose();
      }
      urls.push([m.key, this.server.addModel(m.key, join(dir, encodeURIComponent(m.key)))]);
    }
    await this.call('setInput', [this.batch, ...space.input]);
    await this.call('load', urls);
  }

  async loadTrained(models: TrainedModel[]): Promise<void> {
    for (const m of models) await this.call('setInput', [this.batch, ...m.model.arch.input]);
    await this.call('load', models.map((m) => [m.key, this.server.addModel(m.key, m.exportedDir)]));
  }

  async warm(keys: string[], n: number): Promise<void> {
    await this.call('warm', keys, n);
  }

  async time(keys: string[], forwards: number): Promise<number[]> {
    return this.call<number[]>('time', keys, forwards);
  }

  async close(): Promise<void> {
    await this.context.close().catch(() => {});
    await this.server.close();
    for (const d of this.dirs) rmSync(d, { recursive: true, force: true });
  }
}
