/**
 * Preloaded into a timed child (`NODE_OPTIONS=--import=...`): when the process exits it writes its
 * CPU time (every thread's, user and system, in microseconds) as JSON to file descriptor 3, which
 * the parent opened as a pipe. The child's own output is left alone.
 */
import { writeSync } from 'node:fs';

process.on('exit', () => {
  try {
    writeSync(3, JSON.stringify(process.cpuUsage()));
  } catch {
    // no descriptor 3: not run by a bench
  }
});
