import { readFile, readdir, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { processIsAlive, processStamp, stampIsLive } from './live-process.js';

/** The temporary file a save of `file` writes before renaming it over `file`. */
export function saveTempFile(file: string): string {
  return join(dirname(file), `.${basename(file)}.${process.pid}.${Date.now()}.tmp`);
}

/**
 * Removes the temporary files that saves of `file` left behind when their process died mid-save
 * (killed, or the power lost): each is as large as the image and nothing else would ever remove
 * it. A temporary file whose process (by the pid in its name) still runs is left alone, as is
 * this process's own: that save may still be writing it. The append locks of dead processes go
 * too. Returns the files removed.
 */
export async function removeStaleSaveTemps(file: string): Promise<string[]> {
  const folder = dirname(file);
  const prefix = `.${basename(file)}.`;
  let names: string[];
  try {
    names = await readdir(folder);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    // a temporary file of a whole save, or the lock of an append (format-append.ts)
    const match = /^(\d+)\.(?:\d+\.tmp|lock)$/.exec(name.slice(prefix.length));
    if (!match || processIsAlive(Number(match[1]))) continue;
    try {
      await unlink(join(folder, name));
      removed.push(join(folder, name));
    } catch {
      // another process removed it first, or it cannot be removed: the save goes on regardless
    }
  }
  return removed;
}

/**
 * Paths this process is appending to, or copying to append to the copy, now: a second such save of
 * the same path in parallel saves whole (the two would record their blobs in one image's record).
 */
const appending = new Set<string>();

/** Claims `file` (an absolute path) in this process only, as {@link takeAppendLock} does; undefined if taken. */
export function claimInProcess(file: string): (() => void) | undefined {
  if (appending.has(file)) return undefined;
  appending.add(file);
  return () => appending.delete(file);
}

/**
 * Takes the right to append to `file` (an absolute path): a lock file named after this process,
 * kept only if no other live process has one for the same file (two that take it at once both
 * give it up, and both save whole). Returns its release, or undefined when another holds it.
 */
export async function takeAppendLock(file: string): Promise<(() => Promise<void>) | undefined> {
  const unclaim = claimInProcess(file);
  if (!unclaim) return undefined;
  const own = join(dirname(file), `.${basename(file)}.${process.pid}.lock`);
  const release = async (): Promise<void> => {
    await unlink(own).catch(() => undefined);
    unclaim();
  };
  try {
    await writeFile(own, processStamp());
    const prefix = `.${basename(file)}.`;
    for (const name of await readdir(dirname(file))) {
      const match = name.startsWith(prefix) ? /^(\d+)\.lock$/.exec(name.slice(prefix.length)) : null;
      if (!match || Number(match[1]) === process.pid) continue;
      if (await appendLockIsLive(join(dirname(file), name), Number(match[1]))) {
        await release();
        return undefined;
      }
      await unlink(join(dirname(file), name)).catch(() => undefined);
    }
  } catch {
    await release();
    return undefined;
  }
  return release;
}

/** Whether another process's append lock is its: its stamp (or, in an older lock, its id) is live. */
async function appendLockIsLive(lock: string, pid: number): Promise<boolean> {
  const stamp = await readFile(lock, 'latin1').catch(() => '');
  return stamp.startsWith(`${pid} `) ? stampIsLive(stamp) : processIsAlive(pid);
}
