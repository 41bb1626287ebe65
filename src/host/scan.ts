import { lstat, realpath, stat } from 'node:fs/promises';
import { join, sep } from 'node:path';
import type { BigIntStats } from 'node:fs';
import { WinError } from '../errors/index.js';
import { imageTimeOfNanoseconds, type ImageTime } from '../image/index.js';
import { foldName, stripTrailingDotsAndSpaces, validateName } from '../path/index.js';
import { HeldFolder } from './held-folder.js';
import { assertHostFileSize, hostError, onHost } from './host-errors.js';
import { raceHooks } from './race-hooks.js';

/** A host entry the import leaves out, and why. */
export interface SkippedHostPath {
  hostPath: string;
  reason: string;
}

/** A folder found on the host: its path below the import root (backslashes) and its time. */
export interface ScannedDirectory {
  hostPath: string;
  relative: string;
  /** Its modification time, to 100 ns. */
  time: ImageTime;
}

/** A file found on the host, not read yet. */
export interface ScannedFile {
  /** Where to read the bytes from (a symlink's real target when the link was followed). */
  hostPath: string;
  relative: string;
  size: number;
  readonly: boolean;
  /** Birth (or, where the host has none, modification) and modification times, to 100 ns. */
  created: ImageTime;
  modified: ImageTime;
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

const BIGINT = { bigint: true } as const;

/**
 * An entry's stats, following a symbolic link only when its real target is inside the imported
 * folder and is not a folder being walked (a loop); otherwise why the entry is skipped.
 */
async function lstatFollowingInside(
  hostPath: string,
  reach: string,
  rootReal: string,
  realStack: string[],
): Promise<{ stats: BigIntStats; source: string; real?: string } | { reason: string }> {
  const stats = await onHost(hostPath, 'reading the entry', () => lstat(reach, BIGINT));
  if (!stats.isSymbolicLink()) return { stats, source: hostPath };
  let real: string;
  let target: BigIntStats;
  try {
    real = await realpath(reach);
    target = await stat(real, BIGINT);
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

/** A folder to walk: its host path, how to open it, what the scan saw there, where it is in the drive. */
interface FolderToWalk {
  hostDir: string;
  open: string;
  saw: { dev: number; ino: number };
  relative: string;
  /** The real paths of the folders being walked, root first (a link back to one would loop). */
  realStack: string[];
}

class HostScanner {
  readonly scan: HostScan = { directories: [], files: [], skipped: [] };
  constructor(
    private readonly rootReal: string,
    private readonly displayRoot: string,
  ) {}

  async walk(folder: FolderToWalk): Promise<void> {
    await raceHooks.beforeFolderOpen?.(folder.hostDir);
    const held = await onHost(folder.hostDir, 'opening the folder', () =>
      HeldFolder.open(folder.hostDir, folder.open),
    );
    try {
      const where = await onHost(folder.hostDir, 'resolving the folder', () => held.location());
      if (!held.is(folder.saw) || !isInside(this.rootReal, where)) {
        throw new WinError(
          'ERROR_ACCESS_DENIED',
          folder.hostDir,
          `the folder was swapped during the scan (it is now '${where}'); nothing was imported`,
        );
      }
      const names = (await onHost(folder.hostDir, 'listing the folder', () => held.list())).sort();
      const seen = new Map<string, string>();
      for (const name of names) await this.entry(held, folder, name, seen);
    } finally {
      await held.close();
    }
  }

  private async entry(held: HeldFolder, folder: FolderToWalk, name: string, seen: Map<string, string>) {
    const hostPath = join(folder.hostDir, name);
    const reason = invalidNameReason(name);
    if (reason) return void this.scan.skipped.push({ hostPath, reason });
    const found = await lstatFollowingInside(hostPath, held.reach(name), this.rootReal, folder.realStack);
    if ('reason' in found) return void this.scan.skipped.push({ hostPath, reason: found.reason });
    const { stats, source, real } = found;
    if (!stats.isDirectory() && !stats.isFile()) {
      const why = 'not a regular file or folder (socket, FIFO or device)';
      return void this.scan.skipped.push({ hostPath, reason: why });
    }
    const folded = foldName(name);
    const twin = seen.get(folded);
    const child = folder.relative ? `${folder.relative}\\${name}` : name;
    if (twin !== undefined) {
      throw new WinError(
        'ERROR_ALREADY_EXISTS',
        this.displayRoot + child,
        `host names '${join(folder.hostDir, twin)}' and '${hostPath}' are the same name on Windows (case-insensitive)`,
      );
    }
    seen.set(folded, name);
    if (stats.isDirectory()) {
      this.scan.directories.push({ hostPath, relative: child, time: imageTimeOfNanoseconds(stats.mtimeNs) });
      const childReal = real ?? join(folder.realStack[folder.realStack.length - 1], name);
      // a folder is reached through its parent's descriptor; a followed link through its real path
      const open = real ? source : held.reach(name);
      await this.walk({
        hostDir: hostPath,
        open,
        saw: { dev: Number(stats.dev), ino: Number(stats.ino) },
        relative: child,
        realStack: [...folder.realStack, childReal],
      });
      return;
    }
    const size = Number(stats.size);
    assertHostFileSize(hostPath, size);
    this.scan.files.push({
      hostPath: source,
      relative: child,
      size,
      readonly: (stats.mode & 0o200n) === 0n,
      created: imageTimeOfNanoseconds(stats.birthtimeNs > 0n ? stats.birthtimeNs : stats.mtimeNs),
      modified: imageTimeOfNanoseconds(stats.mtimeNs),
      dev: Number(stats.dev),
      ino: Number(stats.ino),
    });
  }
}

/**
 * Walks a host folder. Names Windows cannot hold are skipped (reported); two names that are equal
 * case-insensitively (NTFS folding) are refused with ERROR_ALREADY_EXISTS naming both host paths.
 * Symbolic links are followed only when their real target is inside the folder (and is not a
 * folder already being walked, which would loop); others are skipped and reported, as are
 * sockets, FIFOs and devices. Each folder is listed through a descriptor that is checked to be
 * the folder the scan saw, inside the imported folder: one swapped meanwhile is refused.
 */
export async function scanHostFolder(folder: string, displayRoot: string): Promise<HostScan> {
  let rootStats: BigIntStats;
  try {
    rootStats = await stat(folder, BIGINT);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
      throw hostError(error, folder, 'reading the folder');
    throw new WinError('ERROR_PATH_NOT_FOUND', folder, 'the host folder does not exist');
  }
  if (!rootStats.isDirectory())
    throw new WinError('ERROR_DIRECTORY', folder, 'the host path is not a folder');
  const rootReal = await onHost(folder, 'resolving the folder', () => realpath(folder));
  const scanner = new HostScanner(rootReal, displayRoot);
  await scanner.walk({
    hostDir: folder,
    open: rootReal,
    saw: { dev: Number(rootStats.dev), ino: Number(rootStats.ino) },
    relative: '',
    realStack: [rootReal],
  });
  return scanner.scan;
}
