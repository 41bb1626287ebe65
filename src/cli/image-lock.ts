/**
 * One changing command per image file at a time. A command that loads an image, changes it and
 * saves it back must not run while another does the same to that file: the later save would be
 * written whole over the earlier one (it no longer matches what this one loaded), and the earlier
 * command's change would be lost although it reported success. update.exe refuses a second setup
 * the same way (1618, another installation is in progress).
 */
import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { processStamp, stampIsLive, stampPid } from '../image/index.js';
import { followLinks } from './save.js';

/** Another live svcpack process is changing the image file. */
export class ImageBusyError extends Error {
  constructor(
    readonly path: string,
    readonly lock: string,
    readonly pid: number | undefined,
  ) {
    super(`'${path}' is being changed by another svcpack command (process ${pid ?? 'unknown'})`);
    this.name = 'ImageBusyError';
  }
}

/** The lock files this process holds, removed when it exits (Ctrl-C and errors included). */
const held = new Set<string>();
process.on('exit', () => {
  for (const lock of held) unlinkQuietly(lock);
});

/** Whether this process holds the image file `file` (see {@link holdImageFile}). */
export function holdsImageFile(file: string): boolean {
  return held.has(lockFileOf(file));
}

/**
 * Takes the image file `file` (the file a link names) for this command until the process exits:
 * a lock file beside it, created only if absent. A lock of a process that is gone (killed) is
 * taken over; one of a live process refuses with {@link ImageBusyError} before anything is read.
 */
export function holdImageFile(file: string): void {
  const lock = lockFileOf(file);
  if (held.has(lock)) return;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lock, processStamp(), { flag: 'wx' });
      held.add(lock);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    // no stamp yet: its process is between creating the file and writing it
    const stamp = stampOf(lock);
    if (stamp === undefined || stampIsLive(stamp)) throw new ImageBusyError(file, lock, ownerOf(stamp));
    unlinkQuietly(lock);
  }
  throw new ImageBusyError(file, lock, ownerOf(stampOf(lock)));
}

function lockFileOf(file: string): string {
  const path = followLinks(file);
  return join(dirname(path), `.${basename(path)}.svcpack-busy`);
}

/** The lock's stamp (its process id, and on Linux its start time), or undefined while it is not written yet. */
function stampOf(lock: string): string | undefined {
  try {
    const stamp = readFileSync(lock, 'latin1');
    return stampPid(stamp) === undefined ? undefined : stamp;
  } catch {
    return undefined;
  }
}

function ownerOf(stamp: string | undefined): number | undefined {
  return stamp === undefined ? undefined : stampPid(stamp);
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}
