/** The command itself, run by main.ts in this process (or in the child that turned huge pages on). */
import { programFor } from './lazy-program.js';
import { removeUnfinishedSaves } from './save.js';
import { normalizeUpdateSwitches } from './switches.js';

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
