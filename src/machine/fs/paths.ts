import { win32 } from 'node:path';
import { ImageFsError, invalidArgument } from './errors.js';

/** A path as the caller gave it (string, Buffer or `file:` URL), as a string. */
export function pathString(path: unknown, name = 'path'): string {
  if (typeof path === 'string') return path;
  if (Buffer.isBuffer(path)) return path.toString('utf8');
  if (path instanceof URL) {
    if (path.protocol !== 'file:')
      throw invalidArgument(`The URL must be of scheme file`, 'ERR_INVALID_URL_SCHEME');
    const decoded = decodeURIComponent(path.pathname);
    return /^\/[a-zA-Z]:/.test(decoded) ? decoded.slice(1) : decoded;
  }
  throw invalidArgument(`The "${name}" argument must be of type string or an instance of Buffer or URL.`);
}

/**
 * The full Windows path of a path given to the fs of one drive, with `path.win32` semantics and a
 * current directory of the drive's root: `C:\x`, `C:/x`, `/x` and `x` all name `C:\x` on drive C.
 * Another drive or a UNC path is EXDEV: this fs sees one volume. An empty path is ENOENT.
 */
export function resolveOnDrive(drive: string, given: string, syscall: string): string {
  if (given.includes('\0'))
    throw invalidArgument(`The argument 'path' must be a string without null bytes`, 'ERR_INVALID_ARG_VALUE');
  // libuv on Windows opens "" and fails; resolving it would name the drive root (rm('') would empty it).
  if (given === '') throw new ImageFsError('ENOENT', syscall, { path: given });
  const full = win32.resolve(`${drive}:\\`, given);
  if (full.length < 2 || full[1] !== ':' || full[0].toUpperCase() !== drive.toUpperCase()) {
    throw new ImageFsError('EXDEV', syscall, {
      path: given,
      message: `EXDEV: cross-device link not permitted, ${syscall} '${given}' (this fs is drive ${drive}:)`,
    });
  }
  return `${drive}${full.slice(1)}`;
}
