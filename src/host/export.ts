import { constants, type Stats } from 'node:fs';
import { lstat, mkdir, open, readdir, realpath, unlink } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { WinError } from '../errors/index.js';
import { FILE_ATTRIBUTE, walkEntries, type Entry, type ImageCore } from '../image/index.js';
import { HeldFolder } from './held-folder.js';
import { setHostTime } from './host-time.js';
import { onHost } from './host-errors.js';
import { raceHooks } from './race-hooks.js';

/** Options of {@link exportDrive}. */
export interface ExportOptions {
  /** A folder of the drive to export instead of its root (`WINNT\\system32`). */
  subfolder?: string;
  /** Allow a non-empty target: existing files are replaced (unlinked first, never written through). */
  overwrite?: boolean;
  /**
   * Set each time's digits below the microsecond too (N9), with coreutils `touch`: one process per
   * file or folder whose time has them, so it is slow (milliseconds each). Without it such times are
   * set to their microsecond (Node's limit) and counted in `inexactTimes`.
   */
  exactTimes?: boolean;
}

/** What an export wrote. */
export interface ExportReport {
  files: number;
  directories: number;
  bytes: number;
  /**
   * Files and folders whose time has a digit below the microsecond that was not written (no
   * `exactTimes`, or no `/proc` or coreutils `touch`; see host-time.ts): set to their microsecond.
   * Absent when none.
   */
  inexactTimes?: number;
}

async function lstatOrUndefined(path: string): Promise<Stats | undefined> {
  try {
    return await lstat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Throws unless a stored name is one plain path segment on the host. */
function assertPlainName(name: string, imagePath: string): void {
  if (name === '' || name === '.' || name === '..' || /[/\\\0]/.test(name)) {
    throw new WinError('ERROR_INVALID_NAME', imagePath, `stored name '${name}' cannot be a host file name`);
  }
}

/** The host path of an entry below the export root, checked to stay inside `root`. */
function hostPathOf(root: string, start: Entry, entry: Entry, image: ImageCore): string {
  const names: string[] = [];
  for (let e: Entry | undefined = entry; e && e !== start; e = e.parent) {
    assertPlainName(e.name, image.pathOf(entry));
    names.push(e.name);
  }
  const target = resolve(root, ...names.reverse());
  const inside = relative(root, target);
  if (inside === '' || inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside)) {
    throw new WinError('ERROR_ACCESS_DENIED', target, 'the path would leave the export folder');
  }
  return target;
}

/** Creates or checks the export root; returns its real path. */
async function prepareRoot(folder: string, overwrite: boolean): Promise<string> {
  const absolute = resolve(folder);
  const stats = await lstatOrUndefined(absolute);
  if (stats?.isSymbolicLink()) {
    throw new WinError(
      'ERROR_ACCESS_DENIED',
      absolute,
      'the export folder is a symbolic link; links are not followed',
    );
  }
  if (stats && !stats.isDirectory())
    throw new WinError('ERROR_DIRECTORY', absolute, 'the export target is not a folder');
  if (!stats) await mkdir(absolute, { recursive: true });
  else if (!overwrite && (await readdir(absolute)).length > 0) {
    throw new WinError(
      'ERROR_DIR_NOT_EMPTY',
      absolute,
      'the export folder is not empty (pass overwrite to replace)',
    );
  }
  return realpath(absolute);
}

/** Refuses the export before writing anything if a target path is a link or has the wrong kind. */
async function checkTargets(targets: { entry: Entry; host: string }[]): Promise<void> {
  for (const { entry, host } of targets) {
    const stats = await onHost(host, 'checking the target', () => lstatOrUndefined(host));
    if (!stats) continue;
    if (stats.isSymbolicLink()) {
      throw new WinError(
        'ERROR_ACCESS_DENIED',
        host,
        'a symbolic link is in the way; links in the target are not followed',
      );
    }
    if (entry.isDir && !stats.isDirectory())
      throw new WinError('ERROR_ALREADY_EXISTS', host, 'a file is where a folder goes');
    if (!entry.isDir && !stats.isFile())
      throw new WinError('ERROR_ALREADY_EXISTS', host, 'a non-file is where a file goes');
  }
}

const FILE_FLAGS = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;

/** Writes a file below a held folder; returns whether its time was set exactly. */
async function writeHostFile(
  folder: HeldFolder,
  entry: Entry,
  data: Uint8Array,
  exact: boolean,
): Promise<boolean> {
  const reach = folder.reach(entry.name);
  if (await lstatOrUndefined(reach)) await unlink(reach);
  const readonly = (entry.attributes & FILE_ATTRIBUTE.readonly) !== 0;
  const handle = await open(reach, FILE_FLAGS, readonly ? 0o444 : 0o644);
  try {
    await handle.writeFile(data);
    return await setHostTime(handle, entry.modified, entry.modifiedFraction, exact);
  } finally {
    await handle.close();
  }
}

/** Makes (or finds) a child folder through its parent's descriptor and holds it open. */
async function childFolder(parent: HeldFolder, entry: Entry): Promise<HeldFolder> {
  const reach = parent.reach(entry.name);
  const stats = await lstatOrUndefined(reach);
  if (stats?.isSymbolicLink())
    throw new WinError(
      'ERROR_ACCESS_DENIED',
      parent.pathOf(entry.name),
      'a symbolic link appeared in the target',
    );
  if (!stats) await mkdir(reach);
  return parent.child(entry.name);
}

/**
 * Writes a folder's children below its held descriptor, depth first; a folder's time is set once
 * its content is written. Before each write and after the folder is done, its path is checked to
 * still lead to the held folder: a swap stops the export with ERROR_ACCESS_DENIED.
 */
async function exportFolder(
  image: ImageCore,
  folder: HeldFolder,
  entry: Entry,
  report: ExportReport,
  exact: boolean,
): Promise<void> {
  await raceHooks.afterFolderReady?.(folder.hostPath);
  for (const child of entry.children?.values() ?? []) {
    await folder.assertInPlace();
    if (child.isDir) {
      const held = await onHost(folder.pathOf(child.name), 'creating the folder', () =>
        childFolder(folder, child),
      );
      try {
        report.directories++;
        await exportFolder(image, held, child, report, exact);
        if (!(await held.setTime(child.modified, child.modifiedFraction, exact))) inexact(report);
      } finally {
        await held.close();
      }
    } else {
      const data = image.content(child);
      const timeWritten = await onHost(folder.pathOf(child.name), 'writing the file', () =>
        writeHostFile(folder, child, data, exact),
      );
      if (!timeWritten) inexact(report);
      report.files++;
      report.bytes += data.byteLength;
    }
  }
  await folder.assertInPlace();
}

function inexact(report: ExportReport): void {
  report.inexactTimes = (report.inexactTimes ?? 0) + 1;
}

/**
 * Exports a drive (or `subfolder` of it) to a host folder. Never writes outside `folder`: every
 * output path is resolved and checked to be inside it, and every stored name is asserted to be
 * one plain segment (no separators, never `.` or `..`). Refuses (ERROR_ACCESS_DENIED, nothing
 * written) a target that is a symlink or holds a symlink where the export would write; refuses a
 * non-empty target (ERROR_DIR_NOT_EMPTY) unless `overwrite`. Existing files are unlinked before
 * writing, so a planted hard link is replaced, not written through. File times come from the
 * image (modified time as mtime and atime): to the microsecond, the most Node sets, or with
 * `exactTimes` to the 100 ns (see setHostTime); a time cut is counted in `inexactTimes`. Read-only files are written with mode 0444. Everything
 * is written below folders held open by descriptor (see HeldFolder): a folder swapped for a link
 * while the export runs never leads it outside, and stops it with ERROR_ACCESS_DENIED.
 */
export async function exportDrive(
  image: ImageCore,
  letter: string,
  folder: string,
  options: ExportOptions = {},
): Promise<ExportReport> {
  const volume = image.volume(letter);
  const start = options.subfolder ? image.require(`${volume.letter}:\\${options.subfolder}`) : volume.root;
  if (!start.isDir) throw new WinError('ERROR_DIRECTORY', image.pathOf(start), 'the export source is a file');
  const root = await onHost(resolve(folder), 'preparing the export folder', () =>
    prepareRoot(folder, options.overwrite ?? false),
  );
  const targets = [...walkEntries(start)]
    .filter((entry) => entry !== start)
    .map((entry) => ({ entry, host: hostPathOf(root, start, entry, image) }));
  await checkTargets(targets);
  const report: ExportReport = { files: 0, directories: 0, bytes: 0 };
  const held = await onHost(root, 'opening the export folder', () => HeldFolder.open(root));
  try {
    await exportFolder(image, held, start, report, options.exactTimes ?? false);
  } finally {
    await held.close();
  }
  return report;
}
