import { readdir, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** The temporary file a save of `file` writes before renaming it over `file`. */
export function saveTempFile(file: string): string {
  return join(dirname(file), `.${basename(file)}.${process.pid}.${Date.now()}.tmp`);
}

function processIsAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the temporary files that saves of `file` left behind when their process died mid-save
 * (killed, or the power lost): each is as large as the image and nothing else would ever remove
 * it. A temporary file whose process (by the pid in its name) still runs is left alone, as is
 * this process's own: that save may still be writing it. Returns the files removed.
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
    const match = /^(\d+)\.\d+\.tmp$/.exec(name.slice(prefix.length));
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
