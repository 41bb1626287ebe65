import { win32 } from 'node:path';
import { literalPath } from '../../path/index.js';
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

/** A full path without the verbatim prefix {@link resolveOnDrive} may give it: the form Node reports. */
export function plainPath(full: string): string {
  return full.startsWith('\\\\?\\') ? full.slice(4) : full;
}

/** The full path of `name` in the folder at `full`: verbatim when the name (or the length) needs it. */
export function childPath(full: string, name: string): string {
  return literalPath(win32.join(plainPath(full), name));
}

/**
 * The full Windows path of a path given to the fs of one drive, with `path.win32` semantics and a
 * current directory of the drive's root: `C:\x`, `C:/x`, `/x` and `x` all name `C:\x` on drive C.
 * Another drive or a UNC path is EXDEV: this fs sees one volume. An empty path is ENOENT. Like
 * Node on Windows (its `toNamespacedPath`), the resolved path then reaches the disk verbatim: no
 * trailing period or space is dropped (`test..` is a name), a device name is a file name, and the
 * length is not held to MAX_PATH (nodejs/node#47258: by design).
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
  return literalPath(`${drive}${full.slice(1)}`);
}
