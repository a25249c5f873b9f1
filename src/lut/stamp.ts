// The stamp of a latency table: where and how it was measured (backend, TF.js version, threads,
// CPU, Node, batch) and for what (hashes of the normalised space and of the candidates' canonical
// attributes). A table whose stamp hashes disagree with the space in use is refused on read.
import { cpus, platform, arch as cpuArch } from 'node:os';
import { hashJson } from '../core/hash.js';
import type { Grid } from '../spaces/grid.js';
import { catalogOp, type NormalizedSpace } from '../spaces/normalize.js';
import type { LutStamp } from '../types/generated.js';

export function candidatesHash(candidates: string[]): string {
  return hashJson(candidates.map((name) => ({ name, op: catalogOp(name) ?? null })));
}

export function lutStamp(space: NormalizedSpace, grid: Grid, backend: { name: string; reason: string; tfjsVersion: string; threads: number }, batch: number): LutStamp {
  const cpu = cpus();
  return {
    backend: backend.name,
    backendReason: backend.reason,
    tfjsVersion: backend.tfjsVersion,
    threads: backend.threads,
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
