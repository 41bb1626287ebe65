import { resolve, type FsContext } from './context.js';
import { invalidArgument, translate } from './errors.js';
import { openFile, readAt, truncateTo, writeAt } from './file-ops.js';
import { parseFlags } from './flags.js';
import { bytesOf, fileMode } from './options.js';
import { applyCreateMode, setReadOnly, timeMs } from './sync-files.js';
import { statsAt } from './sync-stat.js';
import { bigIntStats } from './stats.js';

function openSync(ctx: FsContext, path: unknown, flags?: unknown, mode?: unknown): number {
  const { given, full } = resolve(ctx, path, 'open');
  const parsed = parseFlags(flags, 'r');
  const bits = fileMode(mode, 0o666);
  const existed = parsed.create && translate('open', given, () => ctx.image.exists(full));
  const file = openFile(ctx, given, full, parsed);
  if (parsed.create && !existed) translate('open', given, () => applyCreateMode(ctx, full, bits));
  return file.fd;
}

/** A position argument: a number, or null / -1 / undefined for the file position. */
function positionOf(value: unknown): number | null {
  if (value === undefined || value === null) return null;
  const position = Number(value);
  if (!Number.isInteger(position) || position < -1)
    throw invalidArgument(`The "position" argument is invalid`);
  return position === -1 ? null : position;
}

function readSync(ctx: FsContext, fd: unknown, buffer: unknown, ...rest: unknown[]): number {
  if (!ArrayBuffer.isView(buffer))
    throw invalidArgument(`The "buffer" argument must be a Buffer or TypedArray`);
  const view = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  const options =
    rest.length === 1 && typeof rest[0] === 'object' && rest[0] !== null
      ? (rest[0] as { offset?: number; length?: number; position?: unknown })
      : { offset: rest[0] as number, length: rest[1] as number, position: rest[2] };
  const offset = options.offset ?? 0;
  const length = options.length ?? view.byteLength - offset;
  if (offset < 0 || length < 0 || offset + length > view.byteLength)
    throw Object.assign(new RangeError(`The value of "length" is out of range`), {
      code: 'ERR_OUT_OF_RANGE',
    });
  return readAt(ctx, ctx.fds.get(fd, 'read'), view, offset, length, positionOf(options.position));
}

function writeSync(ctx: FsContext, fd: unknown, data: unknown, ...rest: unknown[]): number {
  const file = ctx.fds.get(fd, 'write');
  if (typeof data === 'string') {
    const encoding = typeof rest[1] === 'string' ? (rest[1] as BufferEncoding) : 'utf8';
    return writeAt(ctx, file, Buffer.from(data, encoding), positionOf(rest[0]));
  }
  const bytes = bytesOf(data, null);
  const options =
    rest.length === 1 && typeof rest[0] === 'object' && rest[0] !== null
      ? (rest[0] as { offset?: number; length?: number; position?: unknown })
      : { offset: rest[0] as number | undefined, length: rest[1] as number | undefined, position: rest[2] };
  const offset = options.offset ?? 0;
  const length = options.length ?? bytes.byteLength - offset;
  return writeAt(ctx, file, bytes.subarray(offset, offset + length), positionOf(options.position));
}

function vectorSync(
  buffers: unknown,
  position: unknown,
  each: (chunk: Uint8Array, at: number | null) => number,
): number {
  if (!Array.isArray(buffers))
    throw invalidArgument(`The "buffers" argument must be an array of ArrayBufferView`);
  let at = positionOf(position);
  let total = 0;
  for (const chunk of buffers as Uint8Array[]) {
    const count = each(chunk, at);
    total += count;
    if (at !== null) at += count;
    if (count < chunk.byteLength) break;
  }
  return total;
}

function fstatSync(ctx: FsContext, fd: unknown, options?: unknown): unknown {
  const file = ctx.fds.get(fd, 'fstat');
  const stats = statsAt(ctx, ctx.fds.pathOf(file), 'fstat', file.given);
  return (options as { bigint?: boolean } | undefined)?.bigint ? bigIntStats(stats) : stats;
}

/** The sync calls on file descriptors. */
export function descriptorCalls(ctx: FsContext) {
  const fileOf = (fd: unknown, syscall: string) => ctx.fds.get(fd, syscall);
  return {
    openSync: (path: unknown, flags?: unknown, mode?: unknown) => openSync(ctx, path, flags, mode),
    closeSync: (fd: unknown) => ctx.fds.close(fd),
    readSync: (fd: unknown, buffer: unknown, ...rest: unknown[]) => readSync(ctx, fd, buffer, ...rest),
    writeSync: (fd: unknown, data: unknown, ...rest: unknown[]) => writeSync(ctx, fd, data, ...rest),
    readvSync: (fd: unknown, buffers: unknown, position?: unknown) =>
      vectorSync(buffers, position, (chunk, at) => readSync(ctx, fd, chunk, 0, chunk.byteLength, at)),
    // One door write for all the buffers: a WriteStream hands its queued chunks to writev.
    writevSync: (fd: unknown, buffers: unknown, position?: unknown) => {
      if (!Array.isArray(buffers))
        throw invalidArgument(`The "buffers" argument must be an array of ArrayBufferView`);
      const joined = Buffer.concat(buffers.map((b) => bytesOf(b, null)));
      return writeSync(ctx, fd, joined, 0, joined.byteLength, position);
    },
    fstatSync: (fd: unknown, options?: unknown) => fstatSync(ctx, fd, options),
    ftruncateSync: (fd: unknown, length: unknown = 0) =>
      truncateTo(ctx, fileOf(fd, 'ftruncate'), Math.max(0, Number(length))),
    fsyncSync: (fd: unknown) => void fileOf(fd, 'fsync'),
    fdatasyncSync: (fd: unknown) => void fileOf(fd, 'fdatasync'),
    futimesSync: (fd: unknown, atime: unknown, mtime: unknown) => {
      const file = fileOf(fd, 'futime');
      timeMs(atime, 'futime');
      const modified = timeMs(mtime, 'futime');
      ctx.fds.replaceContent(file, ctx.image.readFile(ctx.fds.pathOf(file)), { modified });
    },
    fchmodSync: (fd: unknown, mode: unknown) => {
      const file = fileOf(fd, 'fchmod');
      const bits = fileMode(mode);
      translate('fchmod', file.given, () => setReadOnly(ctx, ctx.fds.pathOf(file), (bits & 0o200) === 0));
    },
    fchownSync: (fd: unknown) => void fileOf(fd, 'fchown'),
  };
}
