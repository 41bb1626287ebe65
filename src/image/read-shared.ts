/**
 * Reading a host file whole into one buffer: in pieces by the system's threads, and, for an image
 * file, hashed as it is read (`readWholeFileInspected`).
 */
import type { BigIntStats } from 'node:fs';
import { readSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { constants } from 'node:buffer';
import { InputError } from '../errors/index.js';

/** The most times a load reads a file that changes while it is read. */
export const READ_ATTEMPTS = 3;

/** Whether a file moved (its size or times) between two `fstat`s of it. */
export function movedBetween(before: BigIntStats, after: BigIntStats): boolean {
  return after.size !== before.size || after.mtimeNs !== before.mtimeNs || after.ctimeNs !== before.ctimeNs;
}

/** The refusal of a file that changed each of the {@link READ_ATTEMPTS} times it was read. */
export function keptChanging(file: string): InputError {
  return new InputError(file, `the file changed each of the ${READ_ATTEMPTS} times it was read`, 'file');
}

/**
 * The whole file, in one ordinary `Buffer` of its size. Prefer it to shared memory when no worker
 * reads the bytes: V8 collects a dropped ordinary buffer soon, but let a loop of 16 loads of a
 * 120 MB package hold up to 1.6 GB of dropped shared buffers (434 MB with ordinary ones).
 */
export function readFileWhole(file: string): Promise<Buffer> {
  return readWholeFile(file, (size) => Buffer.allocUnsafe(size));
}

/** The most read at once by one of the system's threads. */
const PIECE = 8 * 1024 * 1024;

/**
 * The most `inspect` gets at once. The hasher copies each window into its own memory before hashing
 * it: a window of 1 MiB stays in the processor's cache between the read, that copy and the hash, and
 * neither the window nor the hasher's memory grows to 8 MiB of fresh pages (the 164 MB file of a
 * 50,000-file image, read and hashed so in a fresh process: about 160 ms of this thread in 8 MiB
 * windows, 55 ms in 1 MiB ones).
 */
const WINDOW = 1024 * 1024;

/**
 * The whole file, read into one buffer of its size from `allocate`, in as few reads as the system
 * allows (`readFile` reads a large file in 512 KiB pieces: a fifth slower for 200 MB).
 * @throws the `fs` error when the file cannot be read; Error when it shrinks while being read.
 */
export async function readWholeFile(
  file: string,
  allocate: (size: number, stat: BigIntStats) => Buffer,
): Promise<Buffer> {
  const handle = await open(file, 'r');
  try {
    const stat = await handle.stat({ bigint: true });
    const size = Number(stat.size);
    checkFitsInMemory(file, size);
    const bytes = allocate(size, stat);
    await readRange(handle, file, bytes, 0, size);
    return bytes;
  } finally {
    await handle.close();
  }
}

/** The largest file read whole into memory: node's limit for one buffer (4 GiB on Node 20). */
export const MAX_FILE_IN_MEMORY = constants.MAX_LENGTH;

/** Refuses, before anything is allocated, a file too large to be read into one buffer. */
export function checkFitsInMemory(file: string, size: number): void {
  if (size > MAX_FILE_IN_MEMORY)
    throw new InputError(
      file,
      `the file is ${size} bytes; svcpack reads files of at most ${MAX_FILE_IN_MEMORY} bytes into memory`,
      'file',
    );
}

/**
 * The most one read asks for: node refuses a length of 2 GiB or more (`readSync`), or aborts the
 * process (`FileHandle.read` on Node 20).
 */
export const MAX_READ = 2 ** 30;

/** Reads `bytes[from, to)` from the same place in the file, in as many reads as it takes. */
export async function readRange(
  handle: FileHandle,
  file: string,
  bytes: Buffer,
  from: number,
  to: number,
): Promise<void> {
  let filled = from;
  while (filled < to) {
    const { bytesRead } = await handle.read(bytes, filled, Math.min(MAX_READ, to - filled), filled);
    if (bytesRead === 0)
      throw new Error(`${file}: the file ended at byte ${filled} of ${bytes.byteLength} while being read`);
    filled += bytesRead;
  }
}

/** How a file read by {@link readWholeFileInspected} is looked at while it is read. */
export interface Inspection {
  /** With the first piece in the buffer (bytes `[0, read)`): how far to read before the rest goes to the system's threads. */
  prefixEnd(bytes: Buffer, read: number): number;
  /** The buffer holds bytes `[0, to)`; the rest is being read. */
  onPrefix(bytes: Buffer, to: number): void;
  /** The file's bytes `[from, from + window.byteLength)`, read again into a buffer of their own, in order. */
  inspect(window: Buffer, from: number): void;
}

/**
 * The whole file in one buffer from `allocate`, read by a system thread after a prefix this thread
 * reads first (`onPrefix` may then work for seconds on it), and read again, in order, 1 MiB at a
 * time into one small buffer of its own for `inspect` (hashing). On a machine whose every first touch of fresh memory is costly (shadow page tables), a pass over
 * the big buffer costs more than reading the file twice: `inspect` gets the same bytes without
 * touching it. That they are the same bytes holds while the file is unchanged: `changed` says
 * whether its size, modification or change time moved while it was read (then the caller reads it
 * again).
 * @throws the `fs` error when the file cannot be read; Error when it shrinks while being read.
 */
export async function readWholeFileInspected(
  file: string,
  allocate: (size: number, stat: BigIntStats) => Buffer,
  inspection: Inspection,
): Promise<{ bytes: Buffer; stat: BigIntStats; changed: boolean }> {
  const handle = await open(file, 'r');
  try {
    const stat = await handle.stat({ bigint: true });
    const size = Number(stat.size);
    checkFitsInMemory(file, size);
    const bytes = allocate(size, stat);
    const first = Math.min(size, PIECE);
    readSyncRange(handle.fd, file, bytes, 0, first, 0);
    const prefix = Math.min(size, Math.max(first, inspection.prefixEnd(bytes, first)));
    readSyncRange(handle.fd, file, bytes, first, prefix - first, first);
    // Inspected from the buffer, the rest comes in 8 MiB pieces, each inspected as it arrives; read
    // again for inspection, it comes in one request (one system thread): threads filling fresh pages
    // side by side held up this thread's garbage collections by seconds (docs/performance.md)
    const inspectPieces = firstTouchIsCheap();
    const pieceSize = inspectPieces ? PIECE : Math.max(PIECE, size - prefix);
    const pieces: Promise<void>[] = [];
    for (let from = prefix; from < size; from += pieceSize) {
      const piece = readRange(handle, file, bytes, from, Math.min(size, from + pieceSize));
      // a later piece's failure is reported after all have settled, not as an unhandled rejection
      piece.catch(() => undefined);
      pieces.push(piece);
    }
    try {
      inspection.onPrefix(bytes, prefix);
      if (inspectPieces) {
        // the buffer's own bytes, each piece once it is read
        inspectInWindows(inspection, bytes, 0, prefix);
        for (let i = 0; i < pieces.length; i++) {
          await pieces[i];
          const from = prefix + i * PIECE;
          inspectInWindows(inspection, bytes, from, Math.min(size, from + PIECE));
        }
      } else {
        await readInWindows(handle.fd, file, size, (window, from) => inspection.inspect(window, from));
      }
    } finally {
      await Promise.allSettled(pieces);
    }
    for (const piece of pieces) await piece;
    return { bytes, stat, changed: movedBetween(stat, await handle.stat({ bigint: true })) };
  } finally {
    await handle.close();
  }
}

/**
 * Reads the file's first `size` bytes again, in order, 1 MiB at a time into one small buffer of its
 * own, handing each window (a view valid only during the call) to `visit`; lets timers (progress)
 * run every 8 MiB, as this thread otherwise holds on for the whole file.
 */
export async function readInWindows(
  fd: number,
  file: string,
  size: number,
  visit: (window: Buffer, from: number) => void,
): Promise<void> {
  const window = Buffer.allocUnsafe(Math.min(size, WINDOW));
  for (let from = 0; from < size; from += WINDOW) {
    const length = Math.min(WINDOW, size - from);
    readSyncRange(fd, file, window, 0, length, from);
    visit(window.subarray(0, length), from);
    if ((from + length) % PIECE === 0) await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Hands `bytes[from, to)` to `inspect` in windows of at most {@link WINDOW} bytes, in order. */
function inspectInWindows(inspection: Inspection, bytes: Buffer, from: number, to: number): void {
  for (let at = from; at < to; at += WINDOW)
    inspection.inspect(bytes.subarray(at, Math.min(to, at + WINDOW)), at);
}

/**
 * Whether this process's large allocations are on huge pages (the tunable `SVCPACK_HUGE_PAGES=1`
 * gives the `svcpack` command): then a first touch of fresh memory costs one fault per 2 MiB, and a pass over a
 * read buffer is cheaper than reading the file again (alternated rounds, bench/RESULTS.md).
 */
export function firstTouchIsCheap(): boolean {
  return /glibc\.malloc\.hugetlb=[12]/.test(process.env.GLIBC_TUNABLES ?? '');
}

/** Reads `length` bytes of the file at `position` into `bytes` at `at`, on this thread. */
export function readSyncRange(
  fd: number,
  file: string,
  bytes: Buffer,
  at: number,
  length: number,
  position: number,
): void {
  for (let done = 0; done < length;) {
    const read = readSync(fd, bytes, at + done, Math.min(MAX_READ, length - done), position + done);
    if (read === 0) throw new Error(`${file}: the file ended at byte ${position + done} while being read`);
    done += read;
  }
}
