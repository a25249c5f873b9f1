// Progress with ETA on stderr for long loops (LUT measurement, training epochs). A bar on a TTY
// (cli-progress), plain periodic lines otherwise so logs and CI output stay readable.
// NASFLOW_PROGRESS=0 silences it.
import cliProgress from 'cli-progress';

export interface Progress {
  tick(label?: string): void;
  stop(): void;
}

export function progress(title: string, total: number): Progress {
  if (process.env.NASFLOW_PROGRESS === '0' || total <= 0) return { tick() {}, stop() {} };
  const started = Date.now();
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      { format: `${title} [{bar}] {value}/{total} {percentage}% | ETA {eta_formatted} | {label}`, stream: process.stderr, etaBuffer: 20, hideCursor: true },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0, { label: '' });
    return { tick: (label = '') => bar.increment(1, { label }), stop: () => bar.stop() };
  }
  let done = 0;
  let lastPrint = 0;
  return {
    tick(label = '') {
      done++;
      const now = Date.now();
      // A line every 5 s (and the last one) keeps non-TTY logs short.
      if (now - lastPrint < 5000 && done < total) return;
      lastPrint = now;
      const elapsed = (now - started) / 1000;
      const eta = done > 0 ? (elapsed / done) * (total - done) : 0;
      process.stderr.write(`${title}: ${done}/${total} (${Math.round((100 * done) / total)}%) ${elapsed.toFixed(0)} s elapsed, ETA ${eta.toFixed(0)} s ${label}\n`);
    },
    stop() {},
  };
}
