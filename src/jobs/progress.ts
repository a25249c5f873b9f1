// Progress of a set of jobs across workers, for the stage's log: jobs done / running / waiting /
// failed, retries, and an ETA from the work done so far (finished jobs plus the running jobs'
// reported fractions). A line at most every `everyMs`, and whenever a job finishes.

export interface JobCounts {
  done: number;
  running: number;
  waiting: number;
  failed: number;
  /** Attempts beyond the first (a worker lost mid-job, an error retried). */
  retries: number;
  /** Fractions (0..1) reported by the running jobs. */
  fractions: number[];
  /** Workers seen running these jobs. */
  workers?: string[];
}

export function formatCounts(total: number, c: JobCounts, elapsedS: number): string {
  const effective = c.done + c.fractions.reduce((s, f) => s + Math.min(Math.max(f, 0), 1), 0);
  const eta = effective > 0 && effective < total ? `, ETA ${Math.round((elapsedS * (total - effective)) / effective)} s` : '';
  const workers = c.workers?.length ? ` on ${c.workers.length} worker${c.workers.length === 1 ? '' : 's'}` : '';
  return `jobs ${c.done}/${total} done, ${c.running} running${workers}, ${c.waiting} waiting, ${c.failed} failed, ${c.retries} retried; ${elapsedS.toFixed(0)} s${eta}`;
}

export class JobProgress {
  private readonly started = Date.now();
  private last = 0;
  private lastDone = -1;

  constructor(
    private readonly total: number,
    private readonly log: (msg: string) => void,
    private readonly everyMs = 10_000,
  ) {}

  update(c: JobCounts, force = false): void {
    const now = Date.now();
    if (!force && c.done === this.lastDone && now - this.last < this.everyMs) return;
    this.last = now;
    this.lastDone = c.done;
    this.log(formatCounts(this.total, c, (now - this.started) / 1000));
  }

  get elapsedS(): number {
    return (Date.now() - this.started) / 1000;
  }
}
