import { constants } from 'node:fs';
import { resolve, type FsContext } from './context.js';
import { ImageFsError, invalidArgument, notSupported, translate } from './errors.js';
import { openFile, readRest, writeAt } from './file-ops.js';
import { parseFlags } from './flags.js';
import { bytesOf, callOptions, encoded, fileMode } from './options.js';
import { coreOf } from '../core-access.js';

/** Node on Windows creates a file read-only when the creating mode (from {@link fileMode}) has no owner write bit. */
export function applyCreateMode(ctx: FsContext, full: string, mode: number): void {
  if ((mode & 0o200) === 0) setReadOnly(ctx, full, true);
}

/** chmod on Windows: the read-only attribute is all a mode can change. */
export function setReadOnly(ctx: FsContext, full: string, readOnly: boolean): void {
  const current = ctx.image.stat(full).attributes.filter((a) => a !== 'directory' && a !== 'normal');
  const others = current.filter((a) => a !== 'readonly');
  const next = readOnly ? [...others, 'readonly'] : others;
  if (next.length !== current.length) ctx.image.setAttributes(full, next);
}

function isServicingLockRefusal(error: unknown): boolean {
  return error instanceof ImageFsError && error.winError?.code === 'ERROR_INSTALL_ALREADY_RUNNING';
}

function readFileSync(ctx: FsContext, path: unknown, options?: unknown): Buffer | string {
  const { encoding, flag } = callOptions(options);
  if (typeof path === 'number') return encoded(readRest(ctx, ctx.fds.get(path, 'read')), encoding);
  const { given, full } = resolve(ctx, path, 'open');
  const flags = parseFlags(flag, 'r');
  let file;
  try {
    file = openFile(ctx, given, full, flags);
  } catch (error) {
    if (!isServicingLockRefusal(error) || flags.write) throw error;
    // A handle opened and closed within this synchronous call can never be seen by the operation
    // holding the servicing lock (it only runs between awaits), so the read goes ahead without one.
    return encoded(
      translate('open', given, () => ctx.image.readFile(full)),
      encoding,
    );
  }
  try {
    return encoded(readRest(ctx, file), encoding);
  } finally {
    ctx.fds.close(file.fd);
  }
}

/** writeFile and appendFile: one write through the door for the usual 'w' and 'a' cases. */
function writeWithFlag(
  ctx: FsContext,
  path: unknown,
  data: unknown,
  options: unknown,
  fallback: string,
): void {
  const { encoding, flag, raw } = callOptions(options);
  const bytes = bytesOf(data, encoding ?? 'utf8');
  if (typeof path === 'number') {
    writeAt(ctx, ctx.fds.get(path, 'write'), bytes, null);
    return;
  }
  const { given, full } = resolve(ctx, path, 'open');
  const flags = parseFlags(flag, fallback);
  const mode = fileMode(raw.mode, 0o666);
  if (flags.create && !translate('open', given, () => ctx.image.exists(full))) {
    translate('open', given, () => ctx.image.writeFile(full, bytes));
    translate('open', given, () => applyCreateMode(ctx, full, mode));
    return;
  }
  const file = openFile(ctx, given, full, flags, flags.truncate);
  try {
    if (flags.truncate) ctx.fds.replaceContent(file, bytes);
    else writeAt(ctx, file, bytes, null);
  } finally {
    ctx.fds.close(file.fd);
  }
}

function copyFileSync(ctx: FsContext, from: unknown, to: unknown, mode: unknown = 0): void {
  const source = resolve(ctx, from, 'copyfile', 'src');
  const target = resolve(ctx, to, 'copyfile', 'dest');
  if (typeof mode !== 'number') throw invalidArgument(`The "mode" argument must be of type number`);
  if (mode & constants.COPYFILE_FICLONE_FORCE) throw notSupported('copyFile mode COPYFILE_FICLONE_FORCE');
  const failIfExists = (mode & constants.COPYFILE_EXCL) !== 0;
  translate(
    'copyfile',
    source.given,
    () => ctx.image.copyFile(source.full, target.full, failIfExists),
    target.given,
  );
}

function renameSync(ctx: FsContext, from: unknown, to: unknown): void {
  const source = resolve(ctx, from, 'rename', 'oldPath');
  const target = resolve(ctx, to, 'rename', 'newPath');
  translate('rename', source.given, () => ctx.image.moveFileEx(source.full, target.full, 1), target.given);
}

function truncateSync(ctx: FsContext, path: unknown, length: unknown = 0): void {
  if (typeof path === 'number')
    throw invalidArgument('truncate takes a path: use ftruncate for a descriptor');
  const { given, full } = resolve(ctx, path, 'open');
  const file = openFile(ctx, given, full, parseFlags('r+', 'r+'), true);
  try {
    const size = Math.max(0, Number(length)); // Node truncates to 0 for a negative length
    const current = ctx.image.stat(full).size;
    if (size !== current) {
      const next = Buffer.alloc(size);
      coreOf(ctx.image).content(coreOf(ctx.image).find(full)!).copy(next, 0, 0, Math.min(size, current));
      ctx.fds.replaceContent(file, next);
    }
  } finally {
    ctx.fds.close(file.fd);
  }
}

function accessSync(ctx: FsContext, path: unknown, mode: unknown = constants.F_OK): void {
  const { given, full } = resolve(ctx, path, 'access');
  const stat = translate('access', given, () => ctx.image.stat(full));
  const wantsWrite = typeof mode === 'number' && (mode & constants.W_OK) !== 0;
  if (wantsWrite && !stat.isDirectory && stat.attributes.includes('readonly'))
    throw new ImageFsError('EPERM', 'access', { path: given });
}

function existsSync(ctx: FsContext, path: unknown): boolean {
  try {
    const { full } = resolve(ctx, path, 'access');
    return ctx.image.exists(full);
  } catch {
    return false;
  }
}

function chmodSync(ctx: FsContext, path: unknown, mode: unknown): void {
  const { given, full } = resolve(ctx, path, 'chmod');
  const bits = fileMode(mode);
  translate('chmod', given, () => setReadOnly(ctx, full, (bits & 0o200) === 0));
}

/**
 * Node's time arguments (its toUnixTimestamp): a Date, seconds as a number or a numeric string; a
 * negative number means now (undefined: the door stamps the image's clock); an invalid Date is EINVAL.
 */
export function timeMs(value: unknown, syscall: string, path?: string): number | undefined {
  if (typeof value === 'string' && +value == (value as unknown as number)) return Math.round(+value * 1000);
  if (typeof value === 'number' && Number.isFinite(value))
    return value < 0 ? undefined : Math.round(value * 1000);
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new ImageFsError('EINVAL', syscall, { path });
    return value.getTime();
  }
  throw invalidArgument(`The "time" argument must be an instance of Date or a time in seconds`);
}

function utimesSync(ctx: FsContext, path: unknown, atime: unknown, mtime: unknown): void {
  const { given, full } = resolve(ctx, path, 'utime');
  timeMs(atime, 'utime', given);
  const modified = timeMs(mtime, 'utime', given);
  const stat = translate('utime', given, () => ctx.image.stat(full));
  if (stat.isDirectory) throw notSupported('utimes on a folder');
  // SetFileTime on an open file: its attributes stay, and asking for them passes N4's check.
  const { attributes } = stat;
  translate('utime', given, () =>
    ctx.image.writeFile(full, ctx.image.readFile(full), { modified, attributes }),
  );
}

/** Node on Windows accepts chown and changes nothing (libuv's fs__chown is a no-op there). */
function chownSync(ctx: FsContext, path: unknown): void {
  const { given, full } = resolve(ctx, path, 'chown');
  translate('chown', given, () => ctx.image.stat(full));
}

/** The sync calls on files by path. */
export function fileCalls(ctx: FsContext) {
  return {
    readFileSync: (path: unknown, options?: unknown) => readFileSync(ctx, path, options),
    writeFileSync: (path: unknown, data: unknown, options?: unknown) =>
      writeWithFlag(ctx, path, data, options, 'w'),
    appendFileSync: (path: unknown, data: unknown, options?: unknown) =>
      writeWithFlag(ctx, path, data, options, 'a'),
    copyFileSync: (from: unknown, to: unknown, mode?: unknown) => copyFileSync(ctx, from, to, mode),
    renameSync: (from: unknown, to: unknown) => renameSync(ctx, from, to),
    unlinkSync: (path: unknown) => {
      const { given, full } = resolve(ctx, path, 'unlink');
      translate('unlink', given, () => ctx.image.deleteFile(full));
    },
    truncateSync: (path: unknown, length?: unknown) => truncateSync(ctx, path, length),
    accessSync: (path: unknown, mode?: unknown) => accessSync(ctx, path, mode),
    existsSync: (path: unknown) => existsSync(ctx, path),
    chmodSync: (path: unknown, mode: unknown) => chmodSync(ctx, path, mode),
    utimesSync: (path: unknown, atime: unknown, mtime: unknown) => utimesSync(ctx, path, atime, mtime),
    lutimesSync: (path: unknown, atime: unknown, mtime: unknown) => utimesSync(ctx, path, atime, mtime),
    chownSync: (path: unknown) => chownSync(ctx, path),
    lchownSync: (path: unknown) => chownSync(ctx, path),
  };
}
