/**
 * Preloaded into a timed child (`NODE_OPTIONS=--import=...`): when the process exits it writes its
 * CPU time (every thread's, user and system, in microseconds), plus that of the children it waited
 * for (the command's second process when it runs itself again with huge pages), as JSON to file
 * descriptor 3, which the parent opened as a pipe. The child's own output is left alone. Only the
 * first process reports: the ones it starts inherit a mark and stay silent.
 */
import { readFileSync, writeSync } from 'node:fs';

const MARK = 'SVCPACK_BENCH_CPU_REPORTER';

/** CPU time of the children this process has waited for (Linux: /proc/self/stat), in microseconds. */
function waitedChildren(): { user: number; system: number } {
  try {
    const stat = readFileSync('/proc/self/stat', 'latin1');
    // the fields after the command name in parentheses start with field 3 (state)
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const tick = 10_000; // USER_HZ is 100 on Linux: 10 ms a tick
    return { user: Number(fields[16 - 3]) * tick, system: Number(fields[17 - 3]) * tick };
  } catch {
    return { user: 0, system: 0 };
  }
}

if (process.env[MARK] === undefined) {
  process.env[MARK] = String(process.pid);
  process.on('exit', () => {
    const own = process.cpuUsage();
    const children = waitedChildren();
    try {
      writeSync(3, JSON.stringify({ user: own.user + children.user, system: own.system + children.system }));
    } catch {
      // no descriptor 3: not run by a bench
    }
  });
}
