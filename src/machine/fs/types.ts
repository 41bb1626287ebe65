import type * as nodeFs from 'node:fs';
import type { ImageDir } from './dir.js';
import type { ImageDirent, ImageStats } from './stats.js';

type PathCall =
  | 'readFile'
  | 'writeFile'
  | 'appendFile'
  | 'copyFile'
  | 'rename'
  | 'unlink'
  | 'truncate'
  | 'access'
  | 'chmod'
  | 'utimes'
  | 'lutimes'
  | 'chown'
  | 'lchown'
  | 'mkdir'
  | 'readdir'
  | 'rmdir'
  | 'rm'
  | 'mkdtemp'
  | 'opendir'
  | 'stat'
  | 'lstat'
  | 'realpath'
  | 'readlink'
  | 'symlink'
  | 'link'
  | 'cp'
  | 'statfs';

type DescriptorCall =
  | 'open'
  | 'close'
  | 'read'
  | 'write'
  | 'readv'
  | 'writev'
  | 'fstat'
  | 'ftruncate'
  | 'fsync'
  | 'fdatasync'
  | 'futimes'
  | 'fchmod'
  | 'fchown';

type SyncName = `${PathCall | DescriptorCall}Sync` | 'existsSync';
type CallbackName = PathCall | DescriptorCall | 'exists';
type StreamName = 'createReadStream' | 'createWriteStream' | 'ReadStream' | 'WriteStream';
type OtherName = 'constants' | 'watch' | 'watchFile' | 'unwatchFile';

type PromiseName = Exclude<PathCall, 'exists'> | 'open' | 'watch' | 'constants';

/** The stat calls with one argument return ImageStats: Node's Stats plus `attributes` and `version`. */
interface WithWindowsStats {
  statSync(path: nodeFs.PathLike): ImageStats;
  lstatSync(path: nodeFs.PathLike): ImageStats;
  fstatSync(fd: number): ImageStats;
}

/**
 * The fs of one drive of an image: Node's own types for every call it has, so it can be passed
 * wherever a library takes an `fs` (glob's and fast-glob's `fs` option, a `vi.mock` of `node:fs`).
 * Calls it refuses (links, watchers, `cp`, `statfs`) throw ENOSYS.
 */
export type ImageFs = WithWindowsStats &
  Pick<typeof nodeFs, SyncName | CallbackName | StreamName | OtherName> & {
    promises: Pick<typeof nodeFs.promises, PromiseName>;
    Stats: typeof ImageStats;
    Dirent: typeof ImageDirent;
    Dir: typeof ImageDir;
    /** The drive letter this fs sees. */
    readonly drive: string;
    /** The full Windows path a path given to this fs names (`/x` and `x` are `C:\x` on drive C). */
    toWindowsPath(path: string): string;
    /** How many file descriptors are open (a test can assert that code under test closed them). */
    openDescriptors(): number;
    /** Closes every open descriptor (a test harness's cleanup); returns how many there were. */
    closeAll(): number;
  };
