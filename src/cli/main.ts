#!/usr/bin/env -S GLIBC_TUNABLES=glibc.malloc.hugetlb=1 node
// The tunable (glibc 2.35 and later; ignored elsewhere) backs large buffers with huge pages: on a VM
// the first touch of each 4 KiB page of a loaded image cost 8 ms per MiB, with huge pages under 1.
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
