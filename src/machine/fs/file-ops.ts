import { WinError } from '../../errors/index.js';
import type { FsContext } from './context.js';
import { ImageFsError, translate } from './errors.js';
import type { OpenFlags } from './flags.js';
import type { OpenFile } from './handles.js';
import { coreOf } from '../core-access.js';

const EMPTY = Buffer.alloc(0);

/** CreateFile with CREATE_ALWAYS refuses a hidden or system file (Node's 'w' on Windows: EPERM). */
function checkCreateAlways(ctx: FsContext, given: string, full: string): void {
  const { attributes } = ctx.image.stat(full);
  if (attributes.includes('hidden') || attributes.includes('system')) {
    const winError = new WinError('ERROR_ACCESS_DENIED', full, 'CREATE_ALWAYS on a hidden or system file');
    throw new ImageFsError('EPERM', 'open', { path: given, winError });
  }
}

/**
 * Opens a file as Node's `open` does on Windows: creates it (through the door) when the flags
 * say so, refuses an existing one for `x`, and truncates it unless `keepContent` (the caller
 * is about to replace the content in one write).
 */
export function openFile(
  ctx: FsContext,
  given: string,
  full: string,
  flags: OpenFlags,
  keepContent = false,
): OpenFile {
  const exists = translate('open', given, () => ctx.image.exists(full));
  if (exists && flags.create && flags.exclusive) throw new ImageFsError('EEXIST', 'open', { path: given });
  if (!exists && flags.create) translate('open', given, () => ctx.image.writeFile(full, EMPTY));
  const isDirectory = exists && translate('open', given, () => ctx.image.stat(full).isDirectory);
  if (isDirectory && flags.write) throw new ImageFsError('EISDIR', 'open', { path: given });
  if (exists && !isDirectory && flags.truncate && flags.create) checkCreateAlways(ctx, given, full);
  const file = ctx.fds.open(given, full, flags, isDirectory);
  if (exists && flags.truncate && !keepContent && ctx.image.stat(full).size > 0) {
    try {
      ctx.fds.replaceContent(file, EMPTY);
    } catch (error) {
      ctx.fds.close(file.fd);
      throw error;
    }
  }
  return file;
}

/** The stored bytes of an open file (a view: copy before handing it out). */
export function contentOf(ctx: FsContext, file: OpenFile): Buffer {
  ctx.fds.pathOf(file);
  return coreOf(ctx.image).content(file.entry);
}

// libuv on Windows turns ReadFile's and WriteFile's ERROR_ACCESS_DENIED on a handle opened without
// that access into ERROR_INVALID_FLAGS, which it reports as EBADF (as Linux does).
function checkReadable(file: OpenFile): void {
  if (file.isDirectory) throw new ImageFsError('EISDIR', 'read');
  if (!file.flags.read) throw new ImageFsError('EBADF', 'read');
}

/** ReadFile: up to `length` bytes at `position` (the file position when null) into `buffer`. */
export function readAt(
  ctx: FsContext,
  file: OpenFile,
  buffer: Uint8Array,
  offset: number,
  length: number,
  position: number | null,
): number {
  checkReadable(file);
  const content = contentOf(ctx, file);
  const start = position ?? file.position;
  const count = Math.max(0, Math.min(length, content.length - start));
  if (count > 0) content.copy(buffer, offset, start, start + count);
  if (position === null) file.position = start + count;
  return count;
}

/** The whole content from the file position on (as `readFile` on a descriptor reads it). */
export function readRest(ctx: FsContext, file: OpenFile): Buffer {
  checkReadable(file);
  const content = contentOf(ctx, file);
  const rest = Buffer.from(content.subarray(Math.min(file.position, content.length)));
  file.position += rest.length;
  return rest;
}

/** WriteFile at `position` (the file position when null; the end for an append descriptor). */
export function writeAt(ctx: FsContext, file: OpenFile, data: Uint8Array, position: number | null): number {
  if (file.isDirectory) throw new ImageFsError('EISDIR', 'write');
  if (!file.flags.write) throw new ImageFsError('EBADF', 'write');
  const current = contentOf(ctx, file);
  const start = file.flags.append ? current.length : (position ?? file.position);
  const next = Buffer.alloc(Math.max(current.length, start + data.length));
  current.copy(next);
  next.set(data, start);
  ctx.fds.replaceContent(file, next);
  if (position === null || file.flags.append) file.position = start + data.length;
  return data.length;
}

/** SetEndOfFile at `length`: cuts the file or extends it with zeros. */
export function truncateTo(ctx: FsContext, file: OpenFile, length: number): void {
  if (file.isDirectory) throw new ImageFsError('EISDIR', 'ftruncate');
  if (!file.flags.write) throw new ImageFsError('EPERM', 'ftruncate');
  const current = contentOf(ctx, file);
  const next = Buffer.alloc(length);
  current.copy(next, 0, 0, Math.min(length, current.length));
  ctx.fds.replaceContent(file, next);
}
