/** The command itself, run by main.ts in this process (or in the child that turned huge pages on). */
import { programFor } from './lazy-program.js';
import { removeUnfinishedSaves } from './save.js';
import { normalizeUpdateSwitches } from './switches.js';

/** Runs the command `process.argv` names, then ends the process. */
export async function runCommandLine(): Promise<void> {
  // A reader that stops early (`| head`) closes the pipe: end quietly with the status already set.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
      process.exit(process.exitCode ?? 0);
    });
  }

  // Ctrl-C (or a kill) in the middle of a save: remove the half-written file, then end as interrupted.
  for (const [signal, status] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    process.on(signal, () => {
      removeUnfinishedSaves();
      process.exit(status);
    });
  }

  const argv = normalizeUpdateSwitches(process.argv);
  await (await programFor(argv)).parseAsync(argv);
  // Every command has finished its work and printed its result when its action returns (pools
  // closed, saves renamed into place). Ending here, once the output is written, spares the process
  // the teardown of a large heap, which a natural exit pays: about 0.1 s after an install of 50,000
  // files, more on a loaded machine.
  await Promise.all([written(process.stdout), written(process.stderr)]);
  process.exit();
}

/** Resolves when what was written to `stream` so far has been handed to the system. */
function written(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => stream.write('', () => resolve()));
}
