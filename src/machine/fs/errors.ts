import { WinError, type Win32ErrorName } from '../../errors/index.js';

/** Node's codes with the errno numbers and texts libuv reports on Windows (uv/errno.h, uv_strerror). */
const NODE_ERRORS = {
  ENOENT: [-4058, 'no such file or directory'],
  EEXIST: [-4075, 'file already exists'],
  ENOTDIR: [-4052, 'not a directory'],
  EISDIR: [-4068, 'illegal operation on a directory'],
  ENOTEMPTY: [-4051, 'directory not empty'],
  EBUSY: [-4082, 'resource busy or locked'],
  EPERM: [-4048, 'operation not permitted'],
  EACCES: [-4092, 'permission denied'],
  EBADF: [-4083, 'bad file descriptor'],
  EINVAL: [-4071, 'invalid argument'],
  ENOSYS: [-4054, 'function not implemented'],
  ENOSPC: [-4055, 'no space left on device'],
  EROFS: [-4043, 'read-only file system'],
  ENAMETOOLONG: [-4064, 'name too long'],
  EXDEV: [-4037, 'cross-device link not permitted'],
  ENOTSUP: [-4049, 'operation not supported on socket'],
  EIO: [-4070, 'i/o error'],
} as const;

/** A code Node reports from a file system call. */
export type NodeErrorCode = keyof typeof NODE_ERRORS;

/** How libuv on Windows translates the Win32 errors the engine raises. */
const FROM_WIN32: Partial<Record<Win32ErrorName, NodeErrorCode>> = {
  ERROR_FILE_NOT_FOUND: 'ENOENT',
  ERROR_PATH_NOT_FOUND: 'ENOENT',
  ERROR_BAD_PATHNAME: 'ENOENT',
  ERROR_INVALID_DRIVE: 'ENOENT',
  ERROR_ACCESS_DENIED: 'EPERM',
  ERROR_CANNOT_DELETE: 'EPERM',
  ERROR_SHARING_VIOLATION: 'EBUSY',
  ERROR_LOCK_VIOLATION: 'EBUSY',
  ERROR_ALREADY_EXISTS: 'EEXIST',
  ERROR_FILE_EXISTS: 'EEXIST',
  ERROR_DIR_NOT_EMPTY: 'ENOTEMPTY',
  ERROR_DISK_FULL: 'ENOSPC',
  ERROR_HANDLE_DISK_FULL: 'ENOSPC',
  ERROR_DIRECTORY: 'ENOTDIR',
  ERROR_WRITE_PROTECT: 'EROFS',
  ERROR_INVALID_NAME: 'ENOENT',
  ERROR_INVALID_PARAMETER: 'EINVAL',
  ERROR_INVALID_HANDLE: 'EBADF',
  ERROR_FILENAME_EXCED_RANGE: 'ENAMETOOLONG',
  ERROR_NOT_SAME_DEVICE: 'EXDEV',
  ERROR_INSTALL_ALREADY_RUNNING: 'EBUSY',
  ERROR_NOT_SUPPORTED: 'ENOTSUP',
};

function describe(code: string, text: string, syscall: string, path?: string, dest?: string): string {
  const where = path === undefined ? '' : ` '${path}'${dest === undefined ? '' : ` -> '${dest}'`}`;
  return `${code}: ${text}, ${syscall}${where}`;
}

/**
 * An error from the image's fs, shaped like Node's: `code` (`'ENOENT'`), negative `errno` as on
 * Windows, `syscall`, `path` and `dest` as given by the caller; `winError` is the Win32 refusal behind it.
 */
export class ImageFsError extends Error implements NodeJS.ErrnoException {
  readonly code: string;
  readonly errno: number;
  readonly syscall: string;
  readonly path?: string;
  readonly dest?: string;
  readonly winError?: WinError;

  constructor(
    code: NodeErrorCode,
    syscall: string,
    where: { path?: string; dest?: string; winError?: WinError; message?: string } = {},
  ) {
    const [errno, text] = NODE_ERRORS[code];
    super(where.message ?? describe(code, text, syscall, where.path, where.dest));
    this.name = 'Error';
    this.code = code;
    this.errno = errno;
    this.syscall = syscall;
    if (where.path !== undefined) this.path = where.path;
    if (where.dest !== undefined) this.dest = where.dest;
    if (where.winError) this.winError = where.winError;
  }
}

/** The Node error for a Win32 refusal (EIO, with the Win32 error kept, for one libuv has no code for). */
export function fromWinError(error: WinError, syscall: string, path?: string, dest?: string): ImageFsError {
  const code = FROM_WIN32[error.code] ?? 'EIO';
  return new ImageFsError(code, syscall, { path, dest, winError: error });
}

/** Runs an engine call, turning a WinError into the Node error Windows' Node would raise. */
export function translate<R>(syscall: string, path: string | undefined, fn: () => R, dest?: string): R {
  try {
    return fn();
  } catch (error) {
    if (error instanceof WinError) throw fromWinError(error, syscall, path, dest);
    throw error;
  }
}

/** The explicit refusal for a call or option this fs does not implement (never a silent difference). */
export function notSupported(name: string): ImageFsError {
  return new ImageFsError('ENOSYS', name, { message: `not supported by svcpack's image fs: ${name}` });
}

/** Node's argument errors are TypeErrors with an ERR_ code. */
export function invalidArgument(message: string, code = 'ERR_INVALID_ARG_TYPE'): TypeError {
  const error = new TypeError(message) as TypeError & { code: string };
  error.code = code;
  return error;
}

/** Node's refusal of `rm` on a folder without `recursive` (a SystemError, code ERR_FS_EISDIR). */
export function rmDirectoryRefused(path: string): Error {
  const error = new Error(`Path is a directory: rm returned EISDIR (is a directory) ${path}`);
  Object.assign(error, { name: 'SystemError', code: 'ERR_FS_EISDIR', errno: 21, syscall: 'rm', path });
  return error;
}
