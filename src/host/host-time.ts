import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { floorDiv, nanosecondsOf } from '../image/index.js';

/**
 * Node 20 cannot set a host time below the microsecond: `fs.utimes`/`futimes` take seconds as a
 * double, and libuv (1.46) truncates them to whole microseconds before it calls `utimensat` (a
 * double of seconds could not hold every 100 ns anyway: near 2020 it is good to about 240 ns). So,
 * when asked, a time with a 100 ns digit is set by coreutils' `touch -d @SECONDS.NANOSECONDS` (which
 * calls `utimensat` with the nanoseconds) on the descriptor's `/proc/PID/fd/N` path: the file held
 * open, not whatever its path leads to now. That is a process per file, so it is not the default.
 */
const DESCRIPTOR_PATHS = process.platform === 'linux' && existsSync(`/proc/${process.pid}/fd`);
let touchMissing = false;

/**
 * The `fs.utimes` argument that sets a host file to the microsecond an image time falls in.
 * A double of seconds near 2020 is only good to about 240 ns, so the microsecond the caller means
 * can land one below; this gives the decimal text of the middle of that microsecond (`+5` at the
 * 100 ns digit, away from zero before 1970), which Node parses and libuv then truncates to exactly
 * it. (A negative number would mean "now" to Node; a numeric string keeps its sign.)
 */
export function hostTimeArgument(ms: number, fraction: number): string {
  const micros = floorDiv(nanosecondsOf(ms, fraction), 1000n);
  const negative = micros < 0n;
  const magnitude = negative ? -micros : micros;
  const seconds = magnitude / 1_000_000n;
  const rest = (magnitude % 1_000_000n).toString().padStart(6, '0');
  return `${negative ? '-' : ''}${seconds}.${rest}5`;
}

/** `touch -d` text of a time in nanoseconds since 1970: sign, seconds, nine digits. */
export function touchTimeArgument(nanoseconds: bigint): string {
  const negative = nanoseconds < 0n;
  const magnitude = negative ? -nanoseconds : nanoseconds;
  const rest = (magnitude % 1_000_000_000n).toString().padStart(9, '0');
  return `@${negative ? '-' : ''}${magnitude / 1_000_000_000n}.${rest}`;
}

function touch(path: string, time: string): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile('touch', ['-c', '-d', time, path], (error) => (error ? reject(error) : resolve()));
  });
}

/**
 * Sets an open host file's or folder's access and modification times to an image time (`ms` and
 * its 100 ns `fraction`). Returns false when the time has a digit below the microsecond that was
 * not written (not `exact`, or no `/proc` or coreutils `touch`): then it is set to its microsecond.
 */
export async function setHostTime(
  handle: FileHandle,
  ms: number,
  fraction: number,
  exact: boolean,
): Promise<boolean> {
  const time = hostTimeArgument(ms, fraction);
  await handle.utimes(time, time);
  const nanoseconds = nanosecondsOf(ms, fraction);
  if (nanoseconds % 1000n === 0n) return true;
  if (!exact || !DESCRIPTOR_PATHS || touchMissing) return false;
  try {
    await touch(`/proc/${process.pid}/fd/${handle.fd}`, touchTimeArgument(nanoseconds));
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    touchMissing = true;
    return false;
  }
}
