import { constants, existsSync } from 'node:fs';
import { lstat, open, readdir, realpath, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { WinError } from '../errors/index.js';
import { setHostTime } from './host-time.js';

/**
 * Linux reaches a name inside a folder held open through `/proc/self/fd/N/name`: the kernel
 * resolves the descriptor, not the folder's path, which is what `openat` does (Node has none).
 * Elsewhere names are resolved through the path and every write is followed by a check that the
 * path still leads to the held folder.
 */
const DESCRIPTOR_PATHS = process.platform === 'linux' && existsSync('/proc/self/fd');

const FOLDER_FLAGS = constants.O_RDONLY | constants.O_DIRECTORY | constants.O_NOFOLLOW;

/** A host folder held open by descriptor while an import lists it or an export writes below it. */
export class HeldFolder {
  private constructor(
    /** The folder's path, for messages and for checking that it still leads here. */
    readonly hostPath: string,
    private readonly handle: FileHandle,
    private readonly dev: number,
    private readonly ino: number,
  ) {}

  /** Opens `reach` (a path, or a descriptor path) as a folder, never through a link at its end. */
  static async open(hostPath: string, reach: string = hostPath): Promise<HeldFolder> {
    let handle: FileHandle;
    try {
      handle = await open(reach, FOLDER_FLAGS);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ELOOP' || code === 'ENOTDIR') throw swapped(hostPath, 'it is no longer a folder');
      throw error;
    }
    const stats = await handle.stat();
    return new HeldFolder(hostPath, handle, stats.dev, stats.ino);
  }

  /** How to reach `name` inside this folder: through the descriptor where the host allows it. */
  reach(name: string): string {
    return DESCRIPTOR_PATHS ? `/proc/self/fd/${this.handle.fd}/${name}` : join(this.hostPath, name);
  }

  /** Whether the held folder is the one a scan saw (same device and inode). */
  is(stats: { dev: number; ino: number }): boolean {
    return stats.dev === this.dev && stats.ino === this.ino;
  }

  /** The names in the held folder. */
  list(): Promise<string[]> {
    return readdir(DESCRIPTOR_PATHS ? `/proc/self/fd/${this.handle.fd}` : this.hostPath);
  }

  /** Where the held folder really is now (the kernel's path of the descriptor on Linux). */
  location(): Promise<string> {
    return realpath(DESCRIPTOR_PATHS ? `/proc/self/fd/${this.handle.fd}` : this.hostPath);
  }

  /** The host path of `name` inside this folder, for messages. */
  pathOf(name: string): string {
    return join(this.hostPath, name);
  }

  /** Opens a child folder through this one. */
  child(name: string): Promise<HeldFolder> {
    return HeldFolder.open(this.pathOf(name), this.reach(name));
  }

  /** Throws unless the folder's path still leads to the held folder (nothing on it was swapped). */
  async assertInPlace(): Promise<void> {
    const stats = await lstat(this.hostPath).catch(() => undefined);
    if (!stats || stats.isSymbolicLink() || stats.dev !== this.dev || stats.ino !== this.ino)
      throw swapped(this.hostPath, 'its path no longer leads to the folder held open');
  }

  /** Sets the folder's access and modification times to an image time; false if not to its 100 ns. */
  setTime(ms: number, fraction: number, exact: boolean): Promise<boolean> {
    return setHostTime(this.handle, ms, fraction, exact);
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}

function swapped(hostPath: string, what: string): WinError {
  return new WinError(
    'ERROR_ACCESS_DENIED',
    hostPath,
    `a folder on the way was swapped (${what}); stopped before reading or writing through it`,
  );
}
