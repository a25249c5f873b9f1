// A turbo remote cache server (ducktors' `turborepo-remote-cache`, a devDependency) on a free
// loopback port with local storage, and what turbo needs to use it (TURBO_API, TURBO_TEAM,
// TURBO_TOKEN). Used by scripts/scale-out.ts and the remote cache test; README "Sharing stage
// outputs: turbo's remote cache" shows the same by hand.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { execa } from 'execa';

const ROOT = join(import.meta.dirname, '..', '..');

export interface RemoteCache {
  env: { TURBO_API: string; TURBO_TEAM: string; TURBO_TOKEN: string };
  stop(): Promise<void>;
}

export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });

/** Starts the server storing artifacts under `storage`; resolves once it answers an authenticated status request. */
export async function startRemoteCache(storage: string): Promise<RemoteCache> {
  const port = await freePort();
  const token = randomBytes(24).toString('hex');
  const server = execa(join(ROOT, 'node_modules', '.bin', 'turborepo-remote-cache'), [], {
    env: { NODE_ENV: 'production', HOST: '127.0.0.1', PORT: String(port), TURBO_TOKEN: token, STORAGE_PROVIDER: 'local', STORAGE_PATH: storage, STORAGE_PATH_USE_TMP_FOLDER: 'false', LOG_LEVEL: 'warn' },
    reject: false,
    all: true,
  });
  const api = `http://127.0.0.1:${port}`;
  const end = Date.now() + 60_000;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`turborepo-remote-cache exited: ${(await server).all}`);
    const ok = await fetch(`${api}/v8/artifacts/status`, { headers: { Authorization: `Bearer ${token}` } }).then((r) => r.ok, () => false);
    if (ok) break;
    if (Date.now() > end) throw new Error('turborepo-remote-cache did not answer within 60 s');
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    env: { TURBO_API: api, TURBO_TEAM: 'nasflow', TURBO_TOKEN: token },
    async stop() {
      server.kill('SIGTERM');
      await server;
    },
  };
}

/** Per task of a `turbo run --summarize` summary: HIT/MISS and where a hit came from. */
export interface TaskCache {
  task: string;
  status: string;
  source: string | null;
}

export function taskCaches(summary: { tasks: { taskId: string; cache: { status: string; source?: string } }[] }): TaskCache[] {
  return summary.tasks.map((t) => ({ task: t.taskId.replace(/^[^#]*#/, ''), status: t.cache.status, source: t.cache.source ?? null }));
}
