import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import { join, sep } from 'node:path';
import type { Stats } from 'node:fs';
import { WinError } from '../errors/index.js';
import { foldName, stripTrailingDotsAndSpaces, validateName } from '../path/index.js';
import { assertHostFileSize, hostError, onHost } from './host-errors.js';

/** A host entry the import leaves out, and why. */
export interface SkippedHostPath {
  hostPath: string;
  reason: string;
}

/** A folder found on the host: its path below the import root (backslashes) and its time. */
export interface ScannedDirectory {
  hostPath: string;
  relative: string;
  time: number;
}

/** A file found on the host, not read yet. */
export interface ScannedFile {
  /** Where to read the bytes from (a symlink's real target when the link was followed). */
  hostPath: string;
  relative: string;
  size: number;
  readonly: boolean;
  created: number;
  modified: number;
  /** The device and inode the scan saw: the read refuses any other file at this path. */
  dev: number;
  ino: number;
}

/** What a host folder holds, as the image will see it. */
export interface HostScan {
  directories: ScannedDirectory[];
  files: ScannedFile[];
  skipped: SkippedHostPath[];
}

/**
 * Why a host name cannot be a Windows name, or undefined when it can. Such names are skipped
 * with a reported warning rather than refused: a Linux folder routinely holds a few (`a:b`,
 * `aux.c`), and one of them should not make the rest of the folder unusable.
 */
function invalidNameReason(name: string): string | undefined {
  if (name.includes('\uFFFD')) return `'${name}' is not valid UTF-8`;
  if (stripTrailingDotsAndSpaces(name) !== name)
    return `'${name}' ends with a dot or a space, which Win32 drops`;
  try {
    validateName(name);
    return undefined;
  } catch (error) {
    if (error instanceof WinError) return error.message;
    throw error;
  }
}

function isInside(root: string, candidate: string): boolean {
  return candidate === root || candidate.startsWith(root.endsWith(sep) ? root : root + sep);
}

function wholeMs(time: number): number {
  return Math.floor(time);
}

/**
 * An entry's stats, following a symbolic link only when its real target is inside the imported
 * folder and is not a folder being walked (a loop); otherwise why the entry is skipped.
 */
async function lstatFollowingInside(
  hostPath: string,
  rootReal: string,
  realStack: string[],
): Promise<{ stats: Stats; source: string; real?: string } | { reason: string }> {
  const stats = await onHost(hostPath, 'reading the entry', () => lstat(hostPath));
  if (!stats.isSymbolicLink()) return { stats, source: hostPath };
  let real: string;
  let target: Stats;
  try {
    real = await realpath(hostPath);
    target = await stat(real);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ELOOP') throw hostError(error, hostPath, 'following the link');
    return { reason: 'a symbolic link whose target does not exist' };
  }
  if (!isInside(rootReal, real))
    return { reason: `a symbolic link to '${real}', outside the imported folder` };
  if (target.isDirectory() && realStack.includes(real))
    return { reason: `a symbolic link to '${real}', which loops back to a parent folder` };
  return { stats: target, source: real, real };
}

/**
 * Walks a host folder. Names Windows cannot hold are skipped (reported); two names that are equal
 * case-insensitively (NTFS folding) are refused with ERROR_ALREADY_EXISTS naming both host paths.
 * Symbolic links are followed only when their real target is inside the folder (and is not a
 * folder already being walked, which would loop); others are skipped and reported, as are
 * sockets, FIFOs and devices.
 */
export async function scanHostFolder(folder: string, displayRoot: string): Promise<HostScan> {
  let rootStats: Stats;
  try {
    rootStats = await stat(folder);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
      throw hostError(error, folder, 'reading the folder');
    throw new WinError('ERROR_PATH_NOT_FOUND', folder, 'the host folder does not exist');
  }
  if (!rootStats.isDirectory())
    throw new WinError('ERROR_DIRECTORY', folder, 'the host path is not a folder');
  const rootReal = await onHost(folder, 'resolving the folder', () => realpath(folder));
  const scan: HostScan = { directories: [], files: [], skipped: [] };

  const walk = async (hostDir: string, relative: string, realStack: string[]): Promise<void> => {
    const names = (await onHost(hostDir, 'listing the folder', () => readdir(hostDir))).sort();
    const seen = new Map<string, string>();
    for (const name of names) {
      const hostPath = join(hostDir, name);
      const reason = invalidNameReason(name);
      if (reason) {
        scan.skipped.push({ hostPath, reason });
        continue;
      }
      const found = await lstatFollowingInside(hostPath, rootReal, realStack);
      if ('reason' in found) {
        scan.skipped.push({ hostPath, reason: found.reason });
        continue;
      }
      const { stats, source, real } = found;
      if (!stats.isDirectory() && !stats.isFile()) {
        scan.skipped.push({ hostPath, reason: 'not a regular file or folder (socket, FIFO or device)' });
        continue;
      }
      const folded = foldName(name);
      const twin = seen.get(folded);
      const child = relative ? `${relative}\\${name}` : name;
      if (twin !== undefined) {
        throw new WinError(
          'ERROR_ALREADY_EXISTS',
          displayRoot + child,
          `host names '${join(hostDir, twin)}' and '${hostPath}' are the same name on Windows (case-insensitive)`,
        );
      }
      seen.set(folded, name);
      if (stats.isDirectory()) {
        scan.directories.push({ hostPath, relative: child, time: wholeMs(stats.mtimeMs) });
        await walk(source, child, [...realStack, real ?? join(realStack[realStack.length - 1], name)]);
      } else {
        assertHostFileSize(hostPath, stats.size);
        scan.files.push({
          hostPath: source,
          relative: child,
          size: stats.size,
          readonly: (stats.mode & 0o200) === 0,
          created: wholeMs(stats.birthtimeMs > 0 ? stats.birthtimeMs : stats.mtimeMs),
          modified: wholeMs(stats.mtimeMs),
          dev: stats.dev,
          ino: stats.ino,
        });
      }
    }
  };
  await walk(folder, '', [rootReal]);
  return scan;
}
