/**
 * Saving files the commands write (images, packages) so that nothing half-written stays behind: the
 * target is checked before any byte is written, and the temporary file a save writes beside it is
 * removed when the save fails or the process is interrupted (Ctrl-C) in the middle of it.
 */
import { readdirSync, realpathSync, statSync, unlinkSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { InputError } from '../errors/index.js';
import type { WinImage } from '../machine/index.js';
import type { ProgressReporter } from './progress.js';

/** Targets being saved by this process. */
const saving = new Set<string>();

/**
 * Refuses a target that cannot be written as a file: a folder, or a path whose folder does not exist.
 * `option` names the switch or argument that gave it.
 */
export function checkTarget(file: string, option: string): void {
  const target = resolve(file);
  const existing = statOrUndefined(target);
  if (existing?.isDirectory())
    throw new InputError('command line', `'${file}' is a folder: give a file name inside it`, option);
  const folder = statOrUndefined(dirname(target));
  if (!folder)
    throw new InputError('command line', `folder of '${file}' does not exist: create it first`, option);
  if (!folder.isDirectory())
    throw new InputError('command line', `'${dirname(file)}' is not a folder`, option);
}

/**
 * Refuses a target that is one of the files the command reads (`inputs`: what each is, by path): it
 * would be replaced by a file of another kind. The same file under another name (a link) counts.
 */
export function checkNotInput(file: string, option: string, inputs: Record<string, string>): void {
  const target = statOrUndefined(resolve(file));
  if (!target) return;
  for (const [input, what] of Object.entries(inputs)) {
    const read = statOrUndefined(resolve(input));
    if (read && read.dev === target.dev && read.ino === target.ino)
      throw new InputError(
        'command line',
        `'${file}' is ${what} this command reads: give another file name`,
        option,
      );
  }
}

function statOrUndefined(path: string): ReturnType<typeof statSync> | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/** {@link guardedSave} of an image, announced on the progress reporter first (a large one takes seconds). */
export function saveImageShown(
  image: WinImage,
  file: string,
  option: string,
  progress: ProgressReporter,
): Promise<number> {
  progress.begin(`saving image ${file}`);
  return guardedSave(file, option, () => image.save(file));
}

/**
 * Runs a save of `file` (an image's or a package's `save`, which writes `.NAME.PID.TIME.tmp` beside
 * the target, then renames it): checks the target first, and removes this process's temporary file
 * if the save fails.
 */
export async function guardedSave<T>(file: string, option: string, save: () => Promise<T>): Promise<T> {
  checkTarget(file, option);
  const target = followLinks(file);
  saving.add(target);
  try {
    return await save();
  } catch (error) {
    removeTemporaryFiles(target);
    // a write through an open file names no path: the error names the file being saved
    if (error instanceof Error && 'errno' in error && !('path' in error))
      Object.assign(error, { path: file });
    throw error;
  } finally {
    saving.delete(target);
  }
}

/** The file `file` names, symbolic links followed (a file to be created: its own absolute path): an image's save writes its temporary file beside that file. */
export function followLinks(file: string): string {
  const path = resolve(file);
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/** Removes the temporary files of the saves in progress: for an interrupted process, before it exits. */
export function removeUnfinishedSaves(): void {
  for (const target of saving) removeTemporaryFiles(target);
}

/**
 * This process's temporary files for a target: a whole save's `.tmp` and an append's `.lock`
 * (other processes' are theirs to finish or remove).
 */
function removeTemporaryFiles(target: string): void {
  const prefix = `.${basename(target)}.${process.pid}.`;
  let names: string[];
  try {
    names = readdirSync(dirname(target));
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix) || !(name.endsWith('.tmp') || name === `${prefix}lock`)) continue;
    try {
      unlinkSync(resolve(dirname(target), name));
    } catch {
      // already gone
    }
  }
}
