/**
 * Whether the process a lock file names still runs. A process id alone cannot tell: once its
 * process is gone (killed, the power lost) the id is given to the next process, and in a container
 * ids start again at 1, so a lock of a dead command would be taken for a live one. On Linux a lock
 * also records its process's start time (/proc/PID/stat, field 22): the same id with another start
 * time is another process.
 */
import { readFileSync } from 'node:fs';

/** The start time of process `pid` in clock ticks since boot (Linux), or undefined. */
function startTimeOf(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    // the command name (field 2) is in parentheses and may hold spaces and parentheses itself
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const start = fields[19];
    return start !== undefined && /^\d+$/.test(start) ? start : undefined;
  } catch {
    return undefined;
  }
}

/** This process as a lock file records it: `PID` or `PID START`. */
export function processStamp(): string {
  const start = startTimeOf(process.pid);
  return start === undefined ? String(process.pid) : `${process.pid} ${start}`;
}

/** A stamp's process id, or undefined when the text is not a stamp. */
export function stampPid(stamp: string): number | undefined {
  const match = /^(\d+)(?: (\d+))?$/.exec(stamp.trim());
  const pid = match ? Number(match[1]) : NaN;
  return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
}

/** Whether a process with this id runs (one of another user's counts). */
export function processIsAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether the process a stamp names still runs: its id is live and has the recorded start time. */
export function stampIsLive(stamp: string): boolean {
  const pid = stampPid(stamp);
  if (pid === undefined || !processIsAlive(pid)) return false;
  const recorded = /^\d+ (\d+)$/.exec(stamp.trim())?.[1];
  if (recorded === undefined) return true;
  const now = startTimeOf(pid);
  return now === undefined || now === recorded;
}
