// Test sandboxes: a temporary project root with its own pipeline.yaml, configs and stage scripts,
// sharing this checkout's node_modules, so stages and turbo run exactly as a user runs them.
import { cpSync, mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { execaSync } from 'execa';

export const REPO = join(import.meta.dirname, '..', '..');
export const TSX = join(REPO, 'node_modules', '.bin', 'tsx');

/** A fresh directory; `copy` lists repo paths to copy in, node_modules is symlinked. */
export function sandbox(copy: string[] = []): { root: string; write(file: string, text: string): void; cleanup(): void } {
  const root = mkdtempSync(join(tmpdir(), 'nasflow-test-'));
  for (const p of copy) cpSync(join(REPO, p), join(root, p), { recursive: true });
  symlinkSync(join(REPO, 'node_modules'), join(root, 'node_modules'), 'dir');
  mkdirSync(join(root, 'artifacts'), { recursive: true });
  // ESM like the project, so stage scripts can use top-level await
  if (!copy.includes('package.json')) writeFileSync(join(root, 'package.json'), '{ "type": "module" }\n');
  return {
    root,
    write(file, text) {
      mkdirSync(dirname(join(root, file)), { recursive: true });
      writeFileSync(join(root, file), text);
    },
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function run(cmd: string, args: string[], cwd: string, env: Record<string, string> = {}): Run {
  const r = execaSync(cmd, args, { cwd, env: { TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1', ...env }, timeout: 300_000, reject: false, stripFinalNewline: false });
  return { status: r.exitCode ?? null, stdout: String(r.stdout), stderr: String(r.stderr) };
}

export const tsx = (args: string[], cwd: string, env: Record<string, string> = {}): Run => run(TSX, args, cwd, env);
