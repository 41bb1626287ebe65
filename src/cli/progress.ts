import cliProgress from 'cli-progress';

/** Reports long work on stderr: steps as they begin, and counts as they go. */
export interface ProgressReporter {
  /** A step begins (loading, verifying): shown at once, so long work is never silent. */
  begin(step: string): void;
  /** A count: `done` of `total`, in `unit` when given (`MiB`). */
  update(step: string, done: number, total: number, unit?: string): void;
  stop(): void;
}

/** A reporter that shows nothing. */
export const SILENT: ProgressReporter = {
  begin: () => undefined,
  update: () => undefined,
  stop: () => undefined,
};

/** `--progress` / `--no-progress` as given, for the commands of this run. */
let requested: boolean | undefined;

/** Records the program's `--progress` switch (undefined when not given). */
export function requestProgress(value: boolean | undefined): void {
  requested = value;
}

/**
 * The reporter for a command: progress goes to stderr, never into stdout (so --json output stays
 * JSON). By default it is shown on a terminal and not with --json; `--progress` shows it anyway (as
 * plain lines when stderr is not a terminal), `--no-progress` never.
 */
export function progressReporter(json = false): ProgressReporter {
  const enabled = requested ?? (process.stderr.isTTY === true && !json);
  if (!enabled) return SILENT;
  const reporter = process.stderr.isTTY ? barReporter() : lineReporter();
  active.add(reporter);
  return reporter;
}

/** The reporters of the running command. */
const active = new Set<ProgressReporter>();

/** Stops every reporter of the command (clearing a bar or note), before its result or error is printed. */
export function stopProgress(): void {
  for (const reporter of active) reporter.stop();
  active.clear();
}

/** Plain lines for a log or a pipe: each step when it begins, its first and last counts, and one a second between. */
function lineReporter(): ProgressReporter {
  let current = '';
  let last = 0;
  return {
    begin(step) {
      current = step;
      last = Date.now();
      process.stderr.write(`svcpack: ${step}...\n`);
    },
    update(step, done, total, unit) {
      const now = Date.now();
      if (step === current && done < total && now - last < 1000) return;
      current = step;
      last = now;
      process.stderr.write(`svcpack: ${step} ${done}/${total}${unit === undefined ? '' : ` ${unit}`}\n`);
    },
    stop: () => undefined,
  };
}

/** A bar on a terminal, cleared when done. */
function barReporter(): ProgressReporter {
  const bar = new cliProgress.SingleBar(
    {
      format: '{step} [{bar}] {value}/{total}{unit}',
      stream: process.stderr,
      hideCursor: true,
      clearOnComplete: true,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  let current = '';
  let noted = false;
  const clearNote = () => {
    if (noted) process.stderr.write('\r\x1b[K');
    noted = false;
  };
  return {
    begin(step) {
      if (started) bar.stop();
      started = false;
      clearNote();
      process.stderr.write(`${step}...`);
      noted = true;
    },
    update(step, done, total, unit) {
      clearNote();
      const payload = { step: step.padEnd(12), unit: unit === undefined ? '' : ` ${unit}` };
      if (!started || step !== current) {
        if (started) bar.stop();
        bar.start(total, done, payload);
        started = true;
        current = step;
      }
      bar.update(done, payload);
    },
    stop() {
      clearNote();
      if (started) bar.stop();
      started = false;
    },
  };
}
