// Which pipeline run a stage process belongs to. turbo starts a run's stages as descendants of ONE
// turbo process (turbo → npm → sh → tsx → node), and runs independent stages of the same run at
// once (prepare-data beside build-lut), so the run is identified by that turbo ancestor: its pid
// and start time (the start time guards against pid reuse). A stage started without turbo (`npm
// run <stage>`, `tsx stages/x.ts`) is a run of its own, owned by its own process. Processes are
// read from /proc where it exists (Linux), else from one `ps` listing (macOS, BSD).
// We chose the process tree over an environment variable because turbo sets no per-run variable
// (TURBO_HASH differs per task) and a variable a user exports would make two runs look like one.
import { existsSync, readFileSync } from 'node:fs';
import { execaSync } from 'execa';

export interface ProcInfo {
  pid: number;
  ppid: number;
  name: string;
  /** Start time in the platform's units ('' where unknown); with the pid it names a process. */
  start: string;
}

export interface RunIdentity {
  runId: string;
  /** The process whose life is the run's: the turbo ancestor, or the stage itself. */
  ownerPid: number;
  owner: 'turbo' | 'stage';
  /** Ancestors from the parent up to the owner: when one of them dies, the run is over. */
  chain: number[];
}

export function procInfo(pid: number): ProcInfo | null {
  if (existsSync('/proc/self/stat')) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const rest = stat.slice(close + 2).split(' ');
      return { pid, ppid: Number(rest[1]), name: stat.slice(stat.indexOf('(') + 1, close), start: rest[19] ?? '' };
    } catch {
      return null;
    }
  }
  const r = execaSync('ps', ['-o', 'ppid=,lstart=,comm=', '-p', String(pid)], { reject: false });
  const m = /^\s*(\d+)\s+(\w+\s+\w+\s+\d+\s+[\d:]+\s+\d+)\s+(.*)$/.exec(r.stdout ?? '');
  return m ? { pid, ppid: Number(m[1]), name: m[3]!.split('/').pop()!, start: m[2]! } : null;
}

/** True when the process lives and, if a start time is given, is still the one that had it. */
export function alive(pid: number, start = ''): boolean {
  try {
    process.kill(pid, 0); // signal 0: a liveness probe, nothing is sent
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  return start === '' || procInfo(pid)?.start === start;
}

export function runIdentity(self = process.pid): RunIdentity {
  const chain: number[] = [];
  let info = procInfo(self);
  for (let pid = info?.ppid ?? 0; pid > 1 && chain.length < 32; pid = info.ppid) {
    const next = procInfo(pid);
    if (!next) break;
    info = next;
    chain.push(pid);
    if (next.name === 'turbo') return { runId: `turbo:${pid}:${next.start}`, ownerPid: pid, owner: 'turbo', chain };
  }
  const me = procInfo(self);
  return { runId: `stage:${self}:${me?.start ?? ''}`, ownerPid: self, owner: 'stage', chain: chain.slice(0, 1) };
}
