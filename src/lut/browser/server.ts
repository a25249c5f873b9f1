// The browser runtime's only network: a localhost HTTP server that serves the measuring page, the
// TF.js bundles and wasm binaries from node_modules (no CDN) and the model directories registered
// with it. Every response carries COOP/COEP/CORP headers, so the page is cross-origin isolated and
// the wasm backend may use SharedArrayBuffer threads and SIMD.
import { createReadStream, existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { PAGE_HTML } from './page.js';

const require = createRequire(import.meta.url);
const TFJS_DIST = dirname(require.resolve('@tensorflow/tfjs/dist/tf.min.js'));
const WASM_DIST = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tf-backend-wasm.min.js'));

const TYPES: Record<string, string> = { '.js': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json', '.bin': 'application/octet-stream', '.html': 'text/html; charset=utf-8' };
const ISOLATION = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cache-Control': 'no-store',
};

export interface ModelServer {
  url: string;
  /** Serves `dir` (model.json, weights.bin) under /models/<key>/; returns the model.json URL. */
  addModel(key: string, dir: string): string;
  close(): Promise<void>;
}

/** The file behind a request path, or undefined (only the listed files are ever served). */
function resolvePath(path: string, models: Map<string, string>): string | undefined {
  if (path === '/tf.min.js') return join(TFJS_DIST, 'tf.min.js');
  if (path === '/tf-backend-wasm.min.js') return join(WASM_DIST, 'tf-backend-wasm.min.js');
  const wasm = /^\/wasm\/(tfjs-backend-wasm(?:-simd|-threaded-simd)?\.wasm)$/.exec(path);
  if (wasm) return join(WASM_DIST, wasm[1]!);
  const model = /^\/models\/([^/]+)\/([A-Za-z0-9_.-]+)$/.exec(path);
  if (model && models.has(decodeURIComponent(model[1]!))) return join(models.get(decodeURIComponent(model[1]!))!, basename(model[2]!));
  return undefined;
}

export async function startServer(): Promise<ModelServer> {
  const models = new Map<string, string>();
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path === '/') {
      res.writeHead(200, { ...ISOLATION, 'Content-Type': TYPES['.html']! });
      res.end(PAGE_HTML);
      return;
    }
    const file = resolvePath(path, models);
    if (!file || !existsSync(file)) {
      res.writeHead(404, ISOLATION);
      res.end('not found');
      return;
    }
    res.writeHead(200, { ...ISOLATION, 'Content-Type': TYPES[/\.[a-z]+$/.exec(file)?.[0] ?? ''] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const port = (server.address() as { port: number }).port;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    addModel(key, dir) {
      models.set(key, dir);
      return `${url}/models/${encodeURIComponent(key)}/model.json`;
    },
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}
