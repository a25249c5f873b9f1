// The stamp of a latency table: where and how it was measured (runtime — node or browser, with
// the browser's name and version and its WebGL renderer —, backend, TF.js version, threads, CPU,
// Node, batch) and for what (hashes of the normalised space and of the candidates' canonical
// attributes). A table whose stamp hashes disagree with the space in use is refused on read.
import { cpus, platform, arch as cpuArch } from 'node:os';
import { hashJson } from '../core/hash.js';
import type { Grid } from '../spaces/grid.js';
import { catalogOp, type NormalizedSpace } from '../spaces/normalize.js';
import type { LutStamp } from '../types/generated.js';
import type { RuntimeInfo } from './runner.js';

export function candidatesHash(candidates: string[]): string {
  return hashJson(candidates.map((name) => ({ name, op: catalogOp(name) ?? null })));
}

export function lutStamp(space: NormalizedSpace, grid: Grid, rt: RuntimeInfo, batch: number): LutStamp {
  const cpu = cpus();
  return {
    runtime: rt.runtime,
    ...(rt.browser ? { browser: rt.browser } : {}),
    ...(rt.renderer ? { renderer: rt.renderer } : {}),
    backend: rt.backend,
    backendReason: rt.backendReason,
    tfjsVersion: rt.tfjsVersion,
    threads: rt.threads,
    cpuModel: cpu[0]?.model.trim() ?? 'unknown',
    cpuCount: Math.max(1, cpu.length),
    nodeVersion: process.version,
    platform: `${platform()}-${cpuArch()}`,
    batch,
    spaceName: space.name,
    spaceHash: space.hash,
    candidatesHash: candidatesHash([...new Set(grid.layers.flatMap((l) => l.candidates))]),
  };
}
