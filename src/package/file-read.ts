/**
 * Reading a package file into shared memory with what the checks before the payload's look at
 * first: the bytes before the members' (header, manifest, member table) and the last few (integrity
 * hash, signature) are read at once, the members' bytes in the system's threads meanwhile, so that
 * the structure, the signature and the manifest are checked while the bulk of the file is read.
 */
import { open } from 'node:fs/promises';
import { checkFitsInMemory, readRange, readSyncRange } from '../image/index.js';
import { FLAG_DEFLATE } from './member-table.js';
import { KEY_ID_LENGTH, SIGNATURE_LENGTH } from './signing.js';

/** A file being read: its buffer, what is in it already, and the promise of the rest. */
export interface FileReading {
  /** The whole file's room (shared memory), filled as the reads land. */
  bytes: Buffer;
  /** Bytes `[0, prefixEnd)`, those before the members' (0 for a file of another shape), are in `bytes`. */
  prefixEnd: number;
  /** Bytes `[tailStart, length)` are in `bytes`. */
  tailStart: number;
  /** Resolves once every byte is in `bytes` and the file is closed; rejects as the whole file's read would. */
  rest: Promise<void>;
}

/** The most read at once by one of the system's threads. */
const PIECE = 8 * 1024 * 1024;
/** The most bytes after the members': an xxh64 integrity hash, the signature kind, key id and signature. */
export const MAX_TAIL = 8 + 1 + KEY_ID_LENGTH + SIGNATURE_LENGTH;
/** The format whose integrity hash covers only the bytes before the members (see format.ts). */
const PREFIX_FORMAT = 3;

/**
 * Starts reading a file as described above. For a file that does not read as format 3 up to its
 * members' bytes (damaged, or an older format), nothing is known before `rest` (`prefixEnd` 0):
 * its checks then run on the whole file, as they would have.
 * `sizes`: the first read's and each later read's bytes (8 MiB each).
 * @throws the `fs` error when the file cannot be opened or read; Error when it shrinks while being read.
 */
export async function startReading(
  file: string,
  sizes: { firstRead?: number; piece?: number } = {},
): Promise<FileReading> {
  const { firstRead = PIECE, piece = PIECE } = sizes;
  const handle = await open(file, 'r');
  try {
    const size = Number((await handle.stat()).size);
    checkFitsInMemory(file, size);
    const bytes = Buffer.from(new SharedArrayBuffer(size));
    let read = readSyncTo(handle.fd, file, bytes, 0, Math.min(size, firstRead));
    let found = dataStart(bytes, read, size);
    while (found === 'more') {
      read = readSyncTo(handle.fd, file, bytes, read, Math.min(size, read * 2));
      found = dataStart(bytes, read, size);
    }
    // a file of another shape is read whole by the system's threads; nothing is checked before
    const prefixEnd = found ?? 0;
    const tailStart = found === undefined ? size : Math.max(prefixEnd, size - MAX_TAIL);
    readSyncTo(handle.fd, file, bytes, Math.max(read, tailStart), size);
    const pieces: Promise<void>[] = [];
    for (let from = Math.max(prefixEnd, read); from < tailStart; from += piece)
      pieces.push(readRange(handle, file, bytes, from, Math.min(tailStart, from + piece)));
    // each piece's failure is reported by `rest`, after all have settled
    for (const piece of pieces) piece.catch(() => undefined);
    const rest = settledInOrder(pieces).finally(() => handle.close());
    return { bytes, prefixEnd, tailStart, rest };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/** Resolves once all have settled; rejects with the first one's error, in order. */
async function settledInOrder(pieces: readonly Promise<void>[]): Promise<void> {
  await Promise.allSettled(pieces);
  for (const piece of pieces) await piece;
}

/**
 * Where a format-3 file's members' bytes start, from the first `read` bytes of a file of `size`:
 * `'more'` when the member table runs past them, undefined when the file is no sound format 3 so
 * far (the checks will say why, on the whole file).
 */
export function dataStart(bytes: Buffer, read: number, size: number): number | 'more' | undefined {
  if (read < 16) return read < size ? 'more' : undefined;
  if (bytes.toString('latin1', 0, 6) !== 'SVCPKG' || bytes.readUInt16LE(6) !== PREFIX_FORMAT)
    return undefined;
  let at = 12 + bytes.readUInt32LE(8);
  if (at + 4 > read) return at + 4 > size ? undefined : 'more';
  const count = bytes.readUInt32LE(at);
  at += 4;
  for (let i = 0; i < count; i++) {
    if (at + 2 > read) return at + 2 > size ? undefined : 'more';
    at += 2 + bytes.readUInt16LE(at);
    if (at + 1 > read) return at + 1 > size ? undefined : 'more';
    at += bytes[at] & FLAG_DEFLATE ? 9 : 5;
  }
  if (at > size) return undefined;
  return at <= read ? at : 'more';
}

/** Reads `bytes[from, to)` from the same place in the file on this thread; gives `to`. */
function readSyncTo(fd: number, file: string, bytes: Buffer, from: number, to: number): number {
  readSyncRange(fd, file, bytes, from, to - from, from);
  return to;
}
