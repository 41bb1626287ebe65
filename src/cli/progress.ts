import cliProgress from 'cli-progress';

/** A progress reporter: a bar on a terminal, nothing with --json or when output is piped. */
export function progressReporter(enabled: boolean): {
  update(step: string, done: number, total: number): void;
  stop(): void;
} {
  if (!enabled || !process.stderr.isTTY) return { update: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar(
    {
      format: '{step} [{bar}] {value}/{total}',
      stream: process.stderr,
      hideCursor: true,
      clearOnComplete: true,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  let current = '';
  return {
    update(step, done, total) {
      if (!started || step !== current) {
        if (started) bar.stop();
        bar.start(total, done, { step: step.padEnd(12) });
        started = true;
        current = step;
      }
      bar.update(done, { step: step.padEnd(12) });
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
