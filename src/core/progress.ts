// Progress of a long loop (a training phase, LUT measurement) on stderr, with ETA: a cli-progress
// bar on a TTY, a plain line every 10 s otherwise (logs and CI stay readable). NASFLOW_PROGRESS=0 silences it. The bar starts
// at `done` when a resumed run re-enters a phase half-way.
import cliProgress from 'cli-progress';

export interface PhaseProgress {
  tick(label: string): void;
  stop(): void;
}

export function phaseProgress(title: string, total: number, done = 0): PhaseProgress {
  if (process.env.NASFLOW_PROGRESS === '0' || total <= 0) return { tick() {}, stop() {} };
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      { format: `${title} [{bar}] {value}/{total} | ETA {eta_formatted} | {label}`, stream: process.stderr, etaBuffer: 20, hideCursor: true },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, done, { label: '' });
    return { tick: (label) => bar.increment(1, { label }), stop: () => bar.stop() };
  }
  const started = Date.now();
  let n = done;
  let last = started;
  return {
    tick(label) {
      n++;
      const now = Date.now();
      if (now - last < 10_000 && n < total) return;
      last = now;
      const rate = (n - done) / ((now - started) / 1000);
      const eta = rate > 0 ? (total - n) / rate : 0;
      process.stderr.write(`${title}: ${n}/${total} ${((now - started) / 1000).toFixed(0)} s, ETA ${eta.toFixed(0)} s | ${label}\n`);
    },
    stop() {},
  };
}
