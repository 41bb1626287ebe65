/**
 * Reading a host file straight into shared memory, so the worker pool can hash views into it
 * where they lie instead of copying them.
 */
import type { BigIntStats } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';

/**
 * The whole file, in a `Buffer` over a new `SharedArrayBuffer` (no second copy).
 * @throws the `fs` error when the file cannot be read; Error when it shrinks while being read.
 */
export function readFileShared(file: string): Promise<Buffer> {
  return readWholeFile(file, (size) => Buffer.from(new SharedArrayBuffer(size)));
}

/**
 * The whole file, in one ordinary `Buffer` of its size. Prefer it to {@link readFileShared} when no
 * worker reads the bytes: V8 collects a dropped ordinary buffer soon, but let a loop of 16 loads of a
 * 120 MB package hold up to 1.6 GB of dropped shared buffers (434 MB with ordinary ones).
 */
export function readFileWhole(file: string): Promise<Buffer> {
  return readWholeFile(file, (size) => Buffer.allocUnsafe(size));
}

/** The most read at once when a consumer handles the bytes as they come. */
const PIECE = 8 * 1024 * 1024;

/**
 * The whole file, read into one buffer of its size from `allocate`, in as few reads as the system
 * allows (`readFile` reads a large file in 512 KiB pieces: a fifth slower for 200 MB). With
 * `consume`, the file is read in 8 MiB pieces, all asked for at once, and each is handed to it in
 * order as soon as it and those before it are read (`from` and `to` are offsets in the buffer):
 * the system's threads read (and fault in the fresh memory of) the pieces in parallel while this
 * thread consumes, even while a consumer works for seconds without yielding. `allocate` also gets
 * the file's status, taken on the handle it is read through (which file it is, its size and time).
 * @throws the `fs` error when the file cannot be read; Error when it shrinks while being read.
 */
export async function readWholeFile(
  file: string,
  allocate: (size: number, stat: BigIntStats) => Buffer,
  consume?: (bytes: Buffer, from: number, to: number) => void,
): Promise<Buffer> {
  const handle = await open(file, 'r');
  try {
    const stat = await handle.stat({ bigint: true });
    const size = Number(stat.size);
    const bytes = allocate(size, stat);
    if (!consume) {
      await readRange(handle, file, bytes, 0, size);
      return bytes;
    }
    const pieces: Promise<void>[] = [];
    for (let from = 0; from < size; from += PIECE) {
      const piece = readRange(handle, file, bytes, from, Math.min(size, from + PIECE));
      // a later piece's failure is reported when its turn comes, not as an unhandled rejection
      piece.catch(() => undefined);
      pieces.push(piece);
    }
    try {
      for (let i = 0; i < pieces.length; i++) {
        await pieces[i];
        consume(bytes, i * PIECE, Math.min(size, (i + 1) * PIECE));
      }
    } finally {
      // no read may still be running when the handle closes
      await Promise.allSettled(pieces);
    }
    return bytes;
  } finally {
    await handle.close();
  }
}

/** Reads `bytes[from, to)` from the same place in the file, in as many reads as it takes. */
async function readRange(
  handle: FileHandle,
  file: string,
  bytes: Buffer,
  from: number,
  to: number,
): Promise<void> {
  let filled = from;
  while (filled < to) {
    const { bytesRead } = await handle.read(bytes, filled, to - filled, filled);
    if (bytesRead === 0)
      throw new Error(`${file}: the file ended at byte ${filled} of ${bytes.byteLength} while being read`);
    filled += bytesRead;
  }
}
