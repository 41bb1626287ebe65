/**
 * Errors shared by every layer: Win32 errors for refused operations and
 * input errors for malformed files (manifests, packages, image files, .reg text).
 */

/** Win32 error names and their numbers, as winerror.h defines them. */
export const WIN32_ERRORS = {
  ERROR_SUCCESS: 0,
  ERROR_INVALID_FUNCTION: 1,
  ERROR_FILE_NOT_FOUND: 2,
  ERROR_PATH_NOT_FOUND: 3,
  ERROR_ACCESS_DENIED: 5,
  ERROR_INVALID_HANDLE: 6,
  ERROR_INVALID_DRIVE: 15,
  ERROR_CURRENT_DIRECTORY: 16,
  ERROR_NOT_SAME_DEVICE: 17,
  ERROR_WRITE_PROTECT: 19,
  ERROR_NOT_READY: 21,
  ERROR_SHARING_VIOLATION: 32,
  ERROR_LOCK_VIOLATION: 33,
  ERROR_HANDLE_DISK_FULL: 39,
  ERROR_NOT_SUPPORTED: 50,
  ERROR_BAD_NETPATH: 53,
  ERROR_NETWORK_ACCESS_DENIED: 65,
  ERROR_BAD_NET_NAME: 67,
  ERROR_FILE_EXISTS: 80,
  ERROR_INVALID_PARAMETER: 87,
  ERROR_DISK_FULL: 112,
  ERROR_INVALID_NAME: 123,
  ERROR_DIR_NOT_EMPTY: 145,
  ERROR_BAD_PATHNAME: 161,
  ERROR_ALREADY_EXISTS: 183,
  ERROR_FILENAME_EXCED_RANGE: 206,
  ERROR_FILE_TOO_LARGE: 223,
  ERROR_DIRECTORY: 267,
  ERROR_INVALID_DATA: 13,
  ERROR_CANNOT_DELETE: 1014,
  ERROR_BADDB: 1009,
  ERROR_BADKEY: 1010,
  ERROR_KEY_DELETED: 1018,
  ERROR_SERVICE_DOES_NOT_EXIST: 1060,
  ERROR_INVALID_SERVICE_CONTROL: 1052,
  ERROR_PROCESS_ABORTED: 1067,
  ERROR_FILE_CORRUPT: 1392,
  ERROR_INVALID_DATATYPE: 1804,
  ERROR_INSTALL_USEREXIT: 1602,
  ERROR_INSTALL_FAILURE: 1603,
  ERROR_INSTALL_ALREADY_RUNNING: 1618,
  ERROR_PRODUCT_VERSION: 1638,
  ERROR_INSTALL_REMOTE_DISALLOWED: 1640,
  ERROR_SUCCESS_REBOOT_INITIATED: 1641,
  ERROR_SUCCESS_REBOOT_REQUIRED: 3010,
  TRUST_E_NOSIGNATURE: 0x800b0100,
  TRUST_E_BAD_DIGEST: 0x80096010,
} as const;

/** A Win32 error name such as `'ERROR_SHARING_VIOLATION'`. */
export type Win32ErrorName = keyof typeof WIN32_ERRORS;

/**
 * A refused operation, as Windows would refuse it.
 * `code` is the Win32 name, `errno` its number and `path` the path involved (if any).
 */
export class WinError extends Error {
  readonly code: Win32ErrorName;
  readonly errno: number;
  readonly path: string | undefined;

  constructor(code: Win32ErrorName, path?: string, detail?: string) {
    const errno = WIN32_ERRORS[code];
    const where = path === undefined ? '' : ` '${path}'`;
    super(`${code} (${errno})${where}${detail ? `: ${detail}` : ''}`);
    this.name = 'WinError';
    this.code = code;
    this.errno = errno;
    this.path = path;
  }
}

/** One problem found in an input file: what is wrong and where. */
export interface InputProblem {
  /** Where: a JSON pointer, `line:column`, a byte offset or a file path, as fits the input. */
  where: string;
  message: string;
}

/**
 * Bad input: a malformed manifest, package, image file, trace or `.reg` text.
 * Carries every problem found, each with where it is. Raising it must leave the image unchanged.
 */
export class InputError extends Error {
  readonly problems: readonly InputProblem[];
  /** What was being read: a file name or a description such as `'manifest'`. */
  readonly source: string;

  constructor(source: string, problems: InputProblem[] | string, where = '') {
    const list: InputProblem[] = typeof problems === 'string' ? [{ where, message: problems }] : problems;
    const lines = list.map((p) => (p.where ? `${p.where}: ${p.message}` : p.message));
    super(
      list.length === 1
        ? `${source}: ${lines[0]}`
        : `${source}: ${list.length} problems\n  ${lines.join('\n  ')}`,
    );
    this.name = 'InputError';
    this.source = source;
    this.problems = list;
  }
}

/** Thrown when a `powerCutAfter: k` budget runs out: the machine lost power after k primitive operations. */
export class PowerCut extends Error {
  readonly afterOperations: number;
  constructor(afterOperations: number) {
    super(`power cut after ${afterOperations} primitive operations`);
    this.name = 'PowerCut';
    this.afterOperations = afterOperations;
  }
}
