import { win32 } from 'node:path';
import { resolve, type FsContext } from './context.js';
import { ImageFsError, invalidArgument, notSupported, rmDirectoryRefused, translate } from './errors.js';
import { callOptions, encoded } from './options.js';
import { setReadOnly } from './sync-files.js';
import { ImageDir } from './dir.js';
import { childPath, pathString as pathStringOf, plainPath } from './paths.js';
import { ImageDirent } from './stats.js';

function mkdirSync(ctx: FsContext, path: unknown, options?: unknown): string | undefined {
  const raw = typeof options === 'number' || typeof options === 'string' ? { mode: options } : options;
  const recursive = Boolean(callOptions(raw).raw.recursive);
  const { given, full } = resolve(ctx, path, 'mkdir');
  if (!recursive) {
    translate('mkdir', given, () => ctx.image.mkdir(full));
    return undefined;
  }
  let first: string | undefined;
  for (let at = full; !existsQuietly(ctx, at); at = win32.dirname(at)) first = at;
  if (first === undefined) {
    if (ctx.image.stat(full).isDirectory) return undefined;
    throw new ImageFsError('EEXIST', 'mkdir', { path: given });
  }
  if (!ctx.image.stat(win32.dirname(first)).isDirectory)
    throw new ImageFsError('ENOTDIR', 'mkdir', { path: given });
  translate('mkdir', given, () => ctx.image.mkdir(full, { recursive: true }));
  return plainPath(first);
}

function existsQuietly(ctx: FsContext, full: string): boolean {
  try {
    return ctx.image.exists(full);
  } catch {
    return false;
  }
}

interface Listed {
  name: string;
  directory: boolean;
}

function list(ctx: FsContext, given: string, full: string): Listed[] {
  const names = translate('scandir', given, () => ctx.image.readdir(full));
  return names.map((name) => ({ name, directory: ctx.image.stat(childPath(full, name)).isDirectory }));
}

/** Node's recursive readdir: breadth first, names relative to the folder asked for (joined with `\`). */
function readdirSync(ctx: FsContext, path: unknown, options?: unknown): unknown[] {
  const { encoding, raw } = callOptions(options);
  const { given, full } = resolve(ctx, path, 'scandir');
  const withFileTypes = Boolean(raw.withFileTypes);
  if (encoding && encoding !== 'utf8' && encoding !== 'utf-8')
    throw notSupported(`readdir encoding '${encoding}'`);
  const buffers = options === 'buffer' || raw.encoding === 'buffer';
  if (buffers && withFileTypes) throw notSupported("readdir with withFileTypes and encoding 'buffer'");
  const results: unknown[] = [];
  const queue = [{ given, full, relative: '' }];
  for (let i = 0; i < queue.length; i++) {
    const folder = queue[i];
    for (const item of list(ctx, folder.given, folder.full)) {
      const relative = folder.relative ? `${folder.relative}\\${item.name}` : item.name;
      if (withFileTypes) results.push(new ImageDirent(item.name, item.directory, folder.given));
      else results.push(buffers ? Buffer.from(relative) : relative);
      if (raw.recursive && item.directory)
        queue.push({
          given: win32.join(folder.given, item.name),
          full: childPath(folder.full, item.name),
          relative,
        });
    }
  }
  return results;
}

function rmdirSync(ctx: FsContext, path: unknown, options?: unknown): void {
  const { raw } = callOptions(options);
  const { given, full } = resolve(ctx, path, 'rmdir');
  if (raw.recursive) {
    translate('rmdir', given, () => ctx.image.stat(full));
    removeTree(ctx, given, full, 'rmdir');
    return;
  }
  translate('rmdir', given, () => ctx.image.removeDirectory(full));
}

/** Node 20's rm on Windows clears the read-only attribute and retries once when a delete gets EPERM. */
function removeTree(ctx: FsContext, given: string, full: string, syscall: string): void {
  try {
    translate(syscall, given, () => ctx.image.removeTree(full));
  } catch (error) {
    if ((error as ImageFsError).code !== 'EPERM') throw error;
    for (const inner of readOnlyBelow(ctx, full))
      translate('chmod', given, () => setReadOnly(ctx, inner, false));
    translate(syscall, given, () => ctx.image.removeTree(full));
  }
}

function readOnlyBelow(ctx: FsContext, full: string): string[] {
  const found: string[] = [];
  const walk = (at: string): void => {
    if (ctx.image.stat(at).attributes.includes('readonly')) found.push(at);
    if (ctx.image.stat(at).isDirectory) for (const name of ctx.image.readdir(at)) walk(childPath(at, name));
  };
  walk(full);
  return found;
}

function rmSync(ctx: FsContext, path: unknown, options?: unknown): void {
  const { raw } = callOptions(options);
  let resolved;
  try {
    resolved = resolve(ctx, path, 'rm');
  } catch (error) {
    if (raw.force && (error as ImageFsError).code === 'ENOENT') return;
    throw error;
  }
  const { given, full } = resolved;
  if (!ctx.image.exists(full)) {
    if (raw.force) return;
    translate('lstat', given, () => ctx.image.stat(full));
  }
  if (ctx.image.stat(full).isDirectory) {
    if (!raw.recursive) throw rmDirectoryRefused(given);
    removeTree(ctx, given, full, 'rm');
    return;
  }
  try {
    translate('unlink', given, () => ctx.image.deleteFile(full));
  } catch (error) {
    if ((error as ImageFsError).code !== 'EPERM' || !ctx.image.stat(full).attributes.includes('readonly'))
      throw error;
    translate('chmod', given, () => setReadOnly(ctx, full, false));
    translate('unlink', given, () => ctx.image.deleteFile(full));
  }
}

const TEMP_CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** Six characters from a counter: deterministic, so a replayed test makes the same folders. */
function tempSuffix(n: number): string {
  let value = (n + 1) * 2654435761;
  let text = '';
  for (let i = 0; i < 6; i++) {
    text += TEMP_CHARS[value % TEMP_CHARS.length];
    value = Math.floor(value / TEMP_CHARS.length) + i * 7919;
  }
  return text;
}

function mkdtempSync(ctx: FsContext, prefix: unknown, options?: unknown): string | Buffer {
  const { encoding, raw } = callOptions(options);
  const asBuffer = options === 'buffer' || raw.encoding === 'buffer';
  if (typeof prefix !== 'string') throw invalidArgument(`The "prefix" argument must be of type string`);
  for (;;) {
    const candidate = `${prefix}${tempSuffix(ctx.tempNames++)}`;
    const { full } = resolve(ctx, candidate, 'mkdtemp');
    if (ctx.image.exists(full)) continue;
    translate('mkdtemp', `${prefix}XXXXXX`, () => ctx.image.mkdir(full));
    return asBuffer ? Buffer.from(candidate) : encoded(Buffer.from(candidate), encoding ?? 'utf8');
  }
}

function opendirSync(ctx: FsContext, path: unknown, options?: unknown): ImageDir {
  callOptions(options);
  const { given, full } = resolve(ctx, path, 'opendir');
  if (!translate('opendir', given, () => ctx.image.stat(full)).isDirectory)
    throw new ImageFsError('ENOTDIR', 'opendir', { path: given });
  const entries = readdirSync(ctx, path, {
    withFileTypes: true,
    recursive: (options as { recursive?: boolean })?.recursive,
  });
  return new ImageDir(pathStringOf(path), entries as ImageDirent[]);
}

/** The sync calls on folders. */
export function folderCalls(ctx: FsContext) {
  return {
    mkdirSync: (path: unknown, options?: unknown) => mkdirSync(ctx, path, options),
    readdirSync: (path: unknown, options?: unknown) => readdirSync(ctx, path, options),
    rmdirSync: (path: unknown, options?: unknown) => rmdirSync(ctx, path, options),
    rmSync: (path: unknown, options?: unknown) => rmSync(ctx, path, options),
    mkdtempSync: (prefix: unknown, options?: unknown) => mkdtempSync(ctx, prefix, options),
    opendirSync: (path: unknown, options?: unknown) => opendirSync(ctx, path, options),
  };
}
