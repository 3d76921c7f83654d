// The download's progress bar on stderr (bars done / expected, rate, ETA). cli-progress draws only
// on a terminal, so piped or CI runs stay quiet and keep just the summary.
import cliProgress from 'cli-progress';

export interface Progress {
  update(done: number, total: number): void;
  stop(): void;
}

export function createProgress(label: string, enabled: boolean): Progress {
  if (!enabled) return { update: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar(
    {
      format: `${label} |{bar}| {percentage}% | {value}/{total} bars | {rate} bars/s | ETA {eta_formatted}`,
      stream: process.stderr,
      hideCursor: true,
      etaBuffer: 20,
      fps: 10,
    },
    cliProgress.Presets.shades_classic,
  );
  const started = Date.now();
  let running = false;
  return {
    update(done, total) {
      const rate = Math.round(done / Math.max(0.001, (Date.now() - started) / 1000)).toLocaleString(
        'en-US',
      );
      if (!running) {
        bar.start(total, done, { rate });
        running = true;
        return;
      }
      bar.setTotal(total);
      bar.update(done, { rate });
    },
    stop() {
      if (running) bar.stop();
    },
  };
}
