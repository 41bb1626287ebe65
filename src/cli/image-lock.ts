/**
 * One changing command per image file at a time. A command that loads an image, changes it and
 * saves it back must not run while another does the same to that file: the later save would be
 * written whole over the earlier one (it no longer matches what this one loaded), and the earlier
 * command's change would be lost although it reported success. update.exe refuses a second setup
 * the same way (1618, another installation is in progress).
 */
import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
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
      writeFileSync(lock, String(process.pid), { flag: 'wx' });
      held.add(lock);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    // no pid yet: its process is between creating the file and writing it
    const owner = ownerOf(lock);
    if (owner === undefined || isAlive(owner)) throw new ImageBusyError(file, lock, owner);
    unlinkQuietly(lock);
  }
  throw new ImageBusyError(file, lock, ownerOf(lock));
}

function lockFileOf(file: string): string {
  const path = followLinks(file);
  return join(dirname(path), `.${basename(path)}.svcpack-busy`);
}

function ownerOf(lock: string): number | undefined {
  try {
    const pid = Number(readFileSync(lock, 'utf8'));
    return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}
