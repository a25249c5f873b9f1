// Latency is only meaningful on an otherwise idle machine, but turbo runs build-lut alongside
// stages it does not depend on (prepare-data on a cold run). A running stage is visible as its
// artifacts/.tmp-<stage>-<pid>/ directory (src/pipeline/stage.ts), so before measuring, build-lut
// waits until no other live stage process has one — up to a limit, then measures anyway and says so.
import { existsSync, readdirSync } from 'node:fs';

/** Other stages running now: [stage, pid] of every .tmp dir whose process is alive. */
export function runningStages(artifactsDir: string, self: number = process.pid): [string, number][] {
  if (!existsSync(artifactsDir)) return [];
  const out: [string, number][] = [];
  for (const name of readdirSync(artifactsDir)) {
    const m = /^\.tmp-(.+)-(\d+)$/.exec(name);
    if (!m) continue;
    const pid = Number(m[2]);
    if (pid === self) continue;
    try {
      process.kill(pid, 0); // signal 0: a liveness probe, nothing is sent
      out.push([m[1]!, pid]);
    } catch {
      // a directory left by a killed run: not running
    }
  }
  return out;
}

/** Waits (polling) until no other stage runs or `limitMs` passes; returns the stages still running then. */
export async function waitForIdle(artifactsDir: string, limitMs: number, log: (m: string) => void): Promise<string[]> {
  const start = Date.now();
  let busy = runningStages(artifactsDir);
  if (busy.length) log(`waiting for ${busy.map(([s]) => s).join(', ')} to finish before measuring (up to ${Math.round(limitMs / 1000)} s)`);
  while (busy.length && Date.now() - start < limitMs) {
    await new Promise((r) => setTimeout(r, 250));
    busy = runningStages(artifactsDir);
  }
  if (busy.length) log(`warning: measuring while ${busy.map(([s]) => s).join(', ')} still run: latencies may be inflated`);
  return busy.map(([s]) => s);
}
