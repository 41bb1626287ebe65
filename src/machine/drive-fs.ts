import { WinError } from '../errors/index.js';
import type { WinImage } from './win-image.js';

const NODE_CODES: Partial<Record<string, string>> = {
  ERROR_FILE_NOT_FOUND: 'ENOENT',
  ERROR_PATH_NOT_FOUND: 'ENOENT',
  ERROR_ACCESS_DENIED: 'EPERM',
  ERROR_SHARING_VIOLATION: 'EBUSY',
  ERROR_ALREADY_EXISTS: 'EEXIST',
  ERROR_FILE_EXISTS: 'EEXIST',
  ERROR_DIR_NOT_EMPTY: 'ENOTEMPTY',
  ERROR_DISK_FULL: 'ENOSPC',
  ERROR_DIRECTORY: 'ENOTDIR',
  ERROR_WRITE_PROTECT: 'EROFS',
  ERROR_INVALID_NAME: 'EINVAL',
  ERROR_FILENAME_EXCED_RANGE: 'ENAMETOOLONG',
  ERROR_NOT_SAME_DEVICE: 'EXDEV',
  ERROR_INSTALL_ALREADY_RUNNING: 'EBUSY',
};

/** A Node-style error from the drive's `fs`: `code` is Node's (`ENOENT`), `winError` the Win32 error behind it. */
export class DriveFsError extends Error {
  readonly code: string;
  readonly syscall: string;
  readonly path: string;
  readonly winError: WinError;
  constructor(winError: WinError, syscall: string, path: string) {
    const code = NODE_CODES[winError.code] ?? 'EIO';
    super(`${code}: ${winError.message}, ${syscall} '${path}'`);
    this.name = 'DriveFsError';
    this.code = code;
    this.syscall = syscall;
    this.path = path;
    this.winError = winError;
  }
}

/** What `statSync` returns: Node's shape, plus Windows' attributes and version. */
export interface DriveStats {
  size: number;
  mtimeMs: number;
  birthtimeMs: number;
  mtime: Date;
  birthtime: Date;
  attributes: string[];
  version?: string;
  isFile(): boolean;
  isDirectory(): boolean;
}

/**
 * A Node `fs` subset for one drive of an image. Paths are relative to the drive root, with `/` or
 * `\` (`/WINNT/system32/x.dll`), or full Windows paths on this drive. Every call goes through the
 * engine, so share modes, read-only files, mapped images and the operation log apply.
 */
export class DriveFs {
  /** The promise versions of the same calls. */
  readonly promises: {
    readFile(path: string, encoding?: BufferEncoding): Promise<Buffer | string>;
    writeFile(path: string, data: Uint8Array | string): Promise<void>;
    stat(path: string): Promise<DriveStats>;
    readdir(path: string): Promise<string[]>;
    mkdir(path: string, options?: { recursive?: boolean }): Promise<void>;
    unlink(path: string): Promise<void>;
    rmdir(path: string): Promise<void>;
    rename(from: string, to: string): Promise<void>;
    copyFile(from: string, to: string): Promise<void>;
    access(path: string): Promise<void>;
  };

  constructor(
    private readonly image: WinImage,
    readonly drive: string,
  ) {
    const wrap =
      <A extends unknown[], R>(fn: (...args: A) => R) =>
      async (...args: A): Promise<R> =>
        fn(...args);
    this.promises = {
      readFile: wrap((path: string, encoding?: BufferEncoding) => this.readFileSync(path, encoding)),
      writeFile: wrap((path: string, data: Uint8Array | string) => this.writeFileSync(path, data)),
      stat: wrap((path: string) => this.statSync(path)),
      readdir: wrap((path: string) => this.readdirSync(path)),
      mkdir: wrap((path: string, options?: { recursive?: boolean }) => this.mkdirSync(path, options)),
      unlink: wrap((path: string) => this.unlinkSync(path)),
      rmdir: wrap((path: string) => this.rmdirSync(path)),
      rename: wrap((from: string, to: string) => this.renameSync(from, to)),
      copyFile: wrap((from: string, to: string) => this.copyFileSync(from, to)),
      access: wrap((path: string) => {
        this.statSync(path);
      }),
    };
  }

  /** The full Windows path of a path given to this fs. */
  toWindowsPath(path: string): string {
    if (/^[a-zA-Z]:/.test(path)) {
      if (path[0].toUpperCase() !== this.drive) {
        throw new DriveFsError(
          new WinError('ERROR_NOT_SAME_DEVICE', path, `this fs is drive ${this.drive}:`),
          'open',
          path,
        );
      }
      return path;
    }
    return `${this.drive}:\\${path.replace(/^[\\/]+/, '')}`;
  }

  private call<R>(syscall: string, path: string, fn: (windowsPath: string) => R): R {
    const windowsPath = this.toWindowsPath(path);
    try {
      return fn(windowsPath);
    } catch (error) {
      if (error instanceof WinError) throw new DriveFsError(error, syscall, path);
      throw error;
    }
  }

  existsSync(path: string): boolean {
    try {
      return this.image.exists(this.toWindowsPath(path));
    } catch {
      return false;
    }
  }

  readFileSync(path: string): Buffer;
  readFileSync(path: string, encoding: BufferEncoding): string;
  readFileSync(path: string, encoding?: BufferEncoding): Buffer | string;
  readFileSync(path: string, encoding?: BufferEncoding): Buffer | string {
    const data = this.call('open', path, (p) => this.image.readFile(p));
    return encoding ? data.toString(encoding) : data;
  }

  writeFileSync(path: string, data: Uint8Array | string): void {
    this.call('open', path, (p) => this.image.writeFile(p, data));
  }

  statSync(path: string): DriveStats {
    const stat = this.call('stat', path, (p) => this.image.stat(p));
    const stats: DriveStats = {
      size: stat.size,
      mtimeMs: stat.modified,
      birthtimeMs: stat.created,
      mtime: new Date(stat.modified),
      birthtime: new Date(stat.created),
      attributes: stat.attributes,
      isFile: () => !stat.isDirectory,
      isDirectory: () => stat.isDirectory,
    };
    if (stat.version) stats.version = stat.version;
    return stats;
  }

  readdirSync(path: string): string[] {
    return this.call('scandir', path, (p) => this.image.readdir(p));
  }

  mkdirSync(path: string, options: { recursive?: boolean } = {}): void {
    this.call('mkdir', path, (p) => this.image.mkdir(p, options));
  }

  unlinkSync(path: string): void {
    this.call('unlink', path, (p) => this.image.deleteFile(p));
  }

  rmdirSync(path: string): void {
    this.call('rmdir', path, (p) => this.image.removeDirectory(p));
  }

  /** Node's rename replaces an existing file: MoveFileEx with MOVEFILE_REPLACE_EXISTING. */
  renameSync(from: string, to: string): void {
    const target = this.toWindowsPath(to);
    this.call('rename', from, (p) => this.image.moveFileEx(p, target, 1));
  }

  copyFileSync(from: string, to: string): void {
    const target = this.toWindowsPath(to);
    this.call('copyfile', from, (p) => this.image.copyFile(p, target));
  }
}
