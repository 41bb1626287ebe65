/**
 * Reading a host file straight into shared memory, so the worker pool can hash views into it
 * where they lie instead of copying them.
 */
import type { BigIntStats } from 'node:fs';
import { open } from 'node:fs/promises';

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
 * `consume`, the file is read in 8 MiB pieces and each piece is handed to it, in order, while the
 * next one is being read (`from` and `to` are offsets in the buffer). `allocate` also gets the
 * file's status, taken on the handle it is read through (which file it is, its size and time).
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
    const step = consume ? PIECE : size;
    let filled = 0;
    let consumed = 0;
    while (filled < size) {
      const reading = handle.read(bytes, filled, Math.min(step, size - filled), filled);
      if (consume && consumed < filled) {
        consume(bytes, consumed, filled);
        consumed = filled;
      }
      const { bytesRead } = await reading;
      if (bytesRead === 0)
        throw new Error(`${file}: the file ended at byte ${filled} of ${size} while being read`);
      filled += bytesRead;
    }
    if (consume && consumed < filled) consume(bytes, consumed, filled);
    return bytes;
  } finally {
    await handle.close();
  }
}
