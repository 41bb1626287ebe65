#!/usr/bin/env node
// A plain `#!` line: npm's cmd-shim turns it into the Windows launchers, and it cannot parse
// `env -S VAR=a=b node` (it would run a program named after the variable). Huge pages for large
// images are the user's choice: docs/performance.md.
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
