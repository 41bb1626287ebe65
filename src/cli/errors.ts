/** What the command line prints for an error, and the exit status it means. */
import { InputError, PowerCut, WinError } from '../errors/index.js';
import { ImageBusyError } from './image-lock.js';

/** Exit statuses: 0 success, 3 success with a restart still pending, 2 bad input, 1 failure. */
export const EXIT = { ok: 0, failure: 1, badInput: 2, restartRequired: 3 } as const;

/** An error as the command line reports it: its exit status, one line for people, data for --json. */
export interface ErrorReport {
  status: number;
  line: string;
  data: Record<string, unknown>;
}

/** A Node system error (fs, spawn): a string code such as ENOENT, the call and the path. */
interface SystemError extends Error {
  code: string;
  syscall?: string;
  path?: string;
  dest?: string;
}

function isSystemError(error: unknown): error is SystemError {
  return error instanceof Error && typeof (error as SystemError).code === 'string' && 'errno' in error;
}

/** Host errors caused by what the user named (a path that is missing, a folder, no access): bad input. */
const INPUT_CODES: Record<string, string> = {
  ENOENT: 'no such file or folder',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'it is a folder, not a file',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENAMETOOLONG: 'the name is too long',
  ELOOP: 'too many symbolic links',
  EEXIST: 'it already exists',
  ENOTEMPTY: 'the folder is not empty',
};

/** Win32 errors that, for a path the user typed, mean the path is wrong rather than that servicing failed. */
export const PATH_ERRORS: ReadonlySet<string> = new Set([
  'ERROR_FILE_NOT_FOUND',
  'ERROR_PATH_NOT_FOUND',
  'ERROR_INVALID_DRIVE',
  'ERROR_INVALID_NAME',
  'ERROR_BAD_PATHNAME',
  'ERROR_DIRECTORY',
  'ERROR_FILENAME_EXCED_RANGE',
]);

const VERBS: Record<string, string> = {
  open: 'open',
  read: 'read',
  write: 'write',
  mkdir: 'create the folder',
  rename: 'rename',
  scandir: 'list the folder',
  stat: 'find',
  lstat: 'find',
  unlink: 'delete',
  rmdir: 'delete the folder',
  copyfile: 'copy',
};

function systemErrorReport(error: SystemError): ErrorReport {
  const reason = INPUT_CODES[error.code];
  const verb = VERBS[error.syscall ?? ''] ?? error.syscall ?? 'use';
  const where = error.path ? ` '${error.path}'` : '';
  const hint =
    error.code === 'ENOENT' || error.code === 'ENOTDIR'
      ? 'check the path'
      : error.code === 'EISDIR'
        ? 'give a file name, not a folder'
        : error.code === 'EACCES' || error.code === 'EPERM'
          ? 'check the permissions'
          : reason
            ? 'check the path'
            : 'check the disk and try again';
  return {
    status: reason ? EXIT.badInput : EXIT.failure,
    line: `cannot ${verb}${where}: ${reason ?? error.message} (${error.code}); ${hint}`,
    data: {
      error: 'SystemError',
      code: error.code,
      syscall: error.syscall,
      path: error.path,
      message: error.message,
    },
  };
}

/** Bad input found by the command line itself, with what to do about it. */
export class InputErrorWithHint extends InputError {
  readonly hint: string;
  constructor(source: string, message: string, hint: string, where = '') {
    super(source, message, where);
    this.hint = hint;
  }
}

function inputErrorReport(error: InputError, command: string): ErrorReport {
  const [first] = error.problems;
  const more = error.problems.length - 1;
  const where = first?.where ? `${first.where}: ` : '';
  const hint =
    error instanceof InputErrorWithHint
      ? error.hint
      : error.source === 'command line'
        ? `see '${command} --help'`
        : more > 0
          ? `and ${more} more problem${more === 1 ? '' : 's'} (--json lists them all)`
          : 'check the file (or get a fresh copy) and run again';
  return {
    status: EXIT.badInput,
    line: `${error.source}: ${where}${first?.message ?? error.message}; ${hint}`,
    data: { error: 'InputError', source: error.source, problems: error.problems, message: error.message },
  };
}

/** How an error is reported. `command` is the command's full name, for the help hint. */
export function describeError(error: unknown, command = 'svcpack'): ErrorReport {
  if (error instanceof InputError) return inputErrorReport(error, command);
  if (error instanceof WinError) {
    return {
      status: EXIT.failure,
      line: `${error.message}; Windows refused the operation (run with --debug for where)`,
      data: {
        error: 'WinError',
        code: error.code,
        errno: error.errno,
        path: error.path,
        message: error.message,
      },
    };
  }
  if (error instanceof PowerCut) {
    return {
      status: EXIT.failure,
      line: `${error.message}; the image was saved as the power cut left it (run 'svcpack reboot' to recover)`,
      data: { error: 'PowerCut', afterOperations: error.afterOperations, message: error.message },
    };
  }
  if (error instanceof ImageBusyError) {
    return {
      status: EXIT.failure,
      line: `${error.message}; nothing was changed: wait for it to end, then run again (if no svcpack runs, delete '${error.lock}')`,
      data: {
        error: 'ImageBusy',
        path: error.path,
        pid: error.pid,
        lock: error.lock,
        message: error.message,
      },
    };
  }
  if (isSystemError(error)) return systemErrorReport(error);
  const message = error instanceof Error ? error.message : String(error);
  return {
    status: EXIT.failure,
    line: `internal error: ${message.split('\n')[0]} (run again with --debug for the stack, and report it)`,
    data: { error: error instanceof Error ? error.name : 'Error', message },
  };
}

/**
 * Runs a step on a host folder the user named (an import's source, an export's target): a Win32 path
 * error there (missing, a file, an export folder not empty) is bad input naming the argument.
 */
export async function userHostFolder<T>(what: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (error instanceof WinError && (PATH_ERRORS.has(error.code) || error.code === 'ERROR_DIR_NOT_EMPTY'))
      throw new InputError('command line', error.message, what);
    throw error;
  }
}

/**
 * Runs a step that reads a path the user typed inside the image (a folder to list, a drive): a Win32
 * path error there is bad input, reported as an InputError naming the argument.
 */
export function userPath<T>(what: string, step: () => T): T {
  try {
    return step();
  } catch (error) {
    if (error instanceof WinError && PATH_ERRORS.has(error.code))
      throw new InputError('command line', error.message, what);
    throw error;
  }
}
