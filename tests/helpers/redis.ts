// A real redis-server on a free loopback port (no persistence: the worst case for a restart), and
// `nasflow worker` processes, for the queue executor tests. redis-server must be installed
// (Debian: apt-get install redis-server; .ci/run does).
import { createServer, connect } from 'node:net';
import { join } from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { REPO } from './sandbox.js';

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });

const ping = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const c = connect(port, '127.0.0.1', () => c.write('PING\r\n'));
    c.on('data', (d) => {
      c.destroy();
      resolve(d.toString().startsWith('+PONG'));
    });
    c.on('error', () => resolve(false));
  });

export async function until<T>(f: () => T | undefined | false | Promise<T | undefined | false>, what: string, timeoutMs = 120_000, everyMs = 50): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export interface TestRedis {
  url: string;
  start(): Promise<void>;
  kill(): Promise<void>;
}

export async function startRedis(): Promise<TestRedis> {
  const port = await freePort();
  let proc: ResultPromise | null = null;
  const r: TestRedis = {
    url: `redis://127.0.0.1:${port}`,
    async start() {
      proc = execa('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { reject: false, stdout: 'ignore', stderr: 'pipe' });
      proc.catch(() => {});
      const failed = await Promise.race([until(() => ping(port), `redis-server on port ${port}`, 20_000).then(() => null), proc.then((e) => e)]);
      if (failed) throw new Error(`redis-server did not start (${failed.code === 'ENOENT' ? 'not installed: apt-get install redis-server' : String(failed.stderr) || failed.message})`);
    },
    async kill() {
      proc?.kill('SIGKILL');
      await proc;
      proc = null;
    },
  };
  await r.start();
  return r;
}

export interface TestWorker {
  pid: number;
  log(): string;
  kill(sig?: NodeJS.Signals): Promise<void>;
}

/** A `nasflow worker` (node + tsx, so the pid is the worker's own), ready once it says so. */
export async function startWorker(env: Record<string, string>): Promise<TestWorker> {
  const loader = `file://${join(REPO, 'node_modules', 'tsx', 'dist', 'loader.mjs')}`;
  const p = execa(process.execPath, ['--import', loader, 'src/jobs/cli.ts', 'worker'], { cwd: REPO, env: { NASFLOW_PROGRESS: '0', ...env }, reject: false, buffer: false, stdout: 'ignore' });
  let text = '';
  p.stderr!.on('data', (d: Buffer) => void (text += d.toString()));
  p.catch(() => {});
  const w: TestWorker = {
    pid: p.pid!,
    log: () => text,
    async kill(sig = 'SIGTERM') {
      p.kill(sig);
      await p;
    },
  };
  await until(() => / kinds: retrain/.test(text) || p.exitCode !== null, 'a worker to start', 60_000);
  if (p.exitCode !== null) throw new Error(`worker exited: ${text}`);
  return w;
}
