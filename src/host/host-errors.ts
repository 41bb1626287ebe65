import { InputError, WinError, type Win32ErrorName } from '../errors/index.js';

/**
 * The largest host file an import reads. An image holds each file's bytes in one buffer and its
 * image file is written and read whole, so a larger file could be imported but never saved and
 * loaded back; it is refused up front instead.
 */
export const MAX_HOST_FILE_BYTES = 2 ** 31 - 1;

/** Throws unless a host file's size is one the image can hold. */
export function assertHostFileSize(hostPath: string, size: number): void {
  if (size > MAX_HOST_FILE_BYTES) {
    throw new InputError(
      hostPath,
      `the file is ${size} bytes; an image holds files of at most ${MAX_HOST_FILE_BYTES} bytes`,
    );
  }
}

/** The Win32 error Windows reports for what the host's errno says. */
const WIN32_OF_ERRNO: Record<string, Win32ErrorName> = {
  EACCES: 'ERROR_ACCESS_DENIED',
  EPERM: 'ERROR_ACCESS_DENIED',
  ELOOP: 'ERROR_ACCESS_DENIED',
  ENOENT: 'ERROR_FILE_NOT_FOUND',
  ENOTDIR: 'ERROR_PATH_NOT_FOUND',
  ENAMETOOLONG: 'ERROR_FILENAME_EXCED_RANGE',
  ENOSPC: 'ERROR_DISK_FULL',
  EDQUOT: 'ERROR_DISK_FULL',
  EFBIG: 'ERROR_DISK_FULL',
  EROFS: 'ERROR_WRITE_PROTECT',
  EEXIST: 'ERROR_ALREADY_EXISTS',
  EISDIR: 'ERROR_DIRECTORY',
  ENOTEMPTY: 'ERROR_DIR_NOT_EMPTY',
  EBUSY: 'ERROR_SHARING_VIOLATION',
  ETXTBSY: 'ERROR_SHARING_VIOLATION',
};

/**
 * A host file-system failure as a WinError naming the host path (or an InputError for a file too
 * large to read): callers see what went wrong where, never a raw Node error. Errors that are
 * already svcpack's pass through unchanged.
 */
export function hostError(error: unknown, hostPath: string, action: string): Error {
  if (error instanceof WinError || error instanceof InputError) return error;
  const { code, message } = error as NodeJS.ErrnoException;
  if (code === 'ERR_FS_FILE_TOO_LARGE') return new InputError(hostPath, `${action}: ${message}`);
  if (typeof code !== 'string' || !/^E[A-Z0-9]+$/.test(code)) return error as Error;
  const win32 = WIN32_OF_ERRNO[code] ?? 'ERROR_INVALID_FUNCTION';
  return new WinError(win32, hostPath, `${action} failed on the host (${code})`);
}

/** Runs a host call, turning its failure into {@link hostError}. */
export async function onHost<T>(hostPath: string, action: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw hostError(error, hostPath, action);
  }
}
