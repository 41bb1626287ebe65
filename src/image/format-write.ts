/**
 * Writing an image file's segment: its parts in batches, two at once, hashed in file order while the
 * system writes them, the disk's flush started early.
 */
import { readSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { WinError } from '../errors/index.js';
import { TRAILER_BYTES, trailerOf } from './format-layout.js';
import { createXxh64 } from './hash.js';
import { MAX_FILE_IN_MEMORY } from './read-shared.js';

/** Writes in flight at once: the system copies two batches into its cache while this thread hashes. */
const WRITES_IN_FLIGHT = 2;
/** Bytes written between flushes started early, so that the disk works while the rest is written. */
const EARLY_FLUSH_BYTES = 32 * 1024 * 1024;

/**
 * Writes `parts` then their trailer at `position`, hashing each batch while the system writes it.
 * Parts that are views of `loaded` (the memory a load read the file into, which it never touched
 * itself: read-shared.ts) are hashed from the file once written, read back into a small buffer: on
 * the bench's VM a first touch of each page of that memory costs several times the read. Returns
 * the checksum and the bytes written. The handle must be open for reading too. The caller flushes
 * (`sync`) before anything refers to these bytes: the flushes started here only start the disk early.
 */
export async function writeHashed(
  handle: FileHandle,
  parts: readonly Buffer[],
  position: number,
  loaded?: ArrayBufferLike,
): Promise<{ checksum: bigint; written: number }> {
  const batches = batchesOf(parts, position);
  const written = batches.reduce((sum, batch) => sum + batch.length, 0);
  const end = position + written + TRAILER_BYTES;
  if (end > MAX_FILE_IN_MEMORY)
    throw new WinError(
      'ERROR_FILE_TOO_LARGE',
      undefined,
      `the image file would be ${end} bytes; svcpack loads image files of at most ${MAX_FILE_IN_MEMORY} bytes (nothing was written)`,
    );
  const hasher = createXxh64();
  const flusher = new EarlyFlusher(handle);
  const writing: Promise<void>[] = [];
  const write = (index: number): void => {
    const { batch, at, length } = batches[index];
    writing[index] = writeAll(handle, batch, at, length);
    // a failed write is reported where it is awaited, in order
    writing[index].catch(() => undefined);
  };
  for (let i = 0; i < Math.min(WRITES_IN_FLIGHT, batches.length); i++) write(i);
  const readBack = new ReadBack(hasher, handle.fd);
  for (let i = 0; i < batches.length; i++) {
    const { batch, at, length } = batches[i];
    const fromFile = loaded !== undefined && batch.some((part) => part.buffer === loaded);
    if (!fromFile) for (const part of batch) hasher.update(part);
    await writing[i];
    if (i + WRITES_IN_FLIGHT < batches.length) write(i + WRITES_IN_FLIGHT);
    if (fromFile) readBack.hashWritten(batch, at, loaded);
    flusher.wrote(length);
  }
  const checksum = hasher.digest();
  const trailer = trailerOf(checksum);
  const { bytesWritten } = await handle.write(trailer, 0, trailer.byteLength, position + written);
  if (bytesWritten !== trailer.byteLength)
    throw new Error(`wrote ${bytesWritten} of ${trailer.byteLength} bytes`);
  await flusher.settled();
  return { checksum, written: written + trailer.byteLength };
}

/**
 * Writes `length` bytes of `parts` at `at`. A short write (the disk filled up) is continued with the
 * rest, so that the system's own error (ENOSPC, EDQUOT, EFBIG) is what a failed save reports.
 */
async function writeAll(
  handle: FileHandle,
  parts: readonly Buffer[],
  at: number,
  length: number,
): Promise<void> {
  let rest = parts;
  let done = 0;
  while (done < length) {
    const { bytesWritten } = await handle.writev(rest as Buffer[], at + done);
    // node reports a count past 2^31 - 1 as a negative one: never continue from a count not believed
    if (!(bytesWritten > 0 && bytesWritten <= length - done))
      throw new Error(`wrote ${done} of ${length} bytes, then a write reported ${bytesWritten}`);
    done += bytesWritten;
    rest = skipBytes(rest, bytesWritten);
  }
}

/** `parts` without their first `count` bytes. */
function skipBytes(parts: readonly Buffer[], count: number): readonly Buffer[] {
  let index = 0;
  let left = count;
  while (index < parts.length && left >= parts[index].byteLength) left -= parts[index++].byteLength;
  if (index === parts.length) return [];
  return [parts[index].subarray(left), ...parts.slice(index + 1)];
}

/** The most parts a `writev` takes. */
const MAX_PARTS = 1024;

/**
 * The most bytes one `writev` is given: node reports a count of 2 GiB or more as a negative number
 * (a save of an image holding 2.3 GB of contents in one batch wrote on until memory ran out).
 */
export const MAX_WRITE = 2 ** 30;

/**
 * The parts in batches of at most {@link MAX_PARTS} parts and {@link MAX_WRITE} bytes (a larger part
 * cut into pieces), each with its file offset.
 */
export function batchesOf(
  parts: readonly Buffer[],
  position: number,
): { batch: Buffer[]; at: number; length: number }[] {
  const batches: { batch: Buffer[]; at: number; length: number }[] = [];
  let batch: Buffer[] = [];
  let length = 0;
  let at = position;
  const close = (): void => {
    if (batch.length === 0) return;
    batches.push({ batch, at, length });
    at += length;
    batch = [];
    length = 0;
  };
  for (const part of parts) {
    let rest = part;
    do {
      if (batch.length === MAX_PARTS || length === MAX_WRITE) close();
      const room = MAX_WRITE - length;
      const piece = rest.byteLength <= room ? rest : rest.subarray(0, room);
      batch.push(piece);
      length += piece.byteLength;
      rest = rest.subarray(piece.byteLength);
    } while (rest.byteLength > 0);
  }
  close();
  return batches;
}

/** Starts a flush each time `EARLY_FLUSH_BYTES` more were written and the last one ended. */
class EarlyFlusher {
  private unflushed = 0;
  private running: Promise<void> | undefined;

  constructor(private readonly handle: FileHandle) {}

  wrote(bytes: number): void {
    this.unflushed += bytes;
    if (this.running || this.unflushed < EARLY_FLUSH_BYTES) return;
    this.unflushed = 0;
    this.running = this.handle.datasync().then(
      () => (this.running = undefined),
      () => (this.running = undefined),
    );
  }

  /** Waits for a flush still running (its failure is the caller's own flush's to report). */
  async settled(): Promise<void> {
    await this.running;
  }
}

/** The most read back at once. */
const READ_BACK = 8 * 1024 * 1024;

/** Hashes written batches, parts in the loaded memory read back from the file into one buffer. */
class ReadBack {
  private window: Buffer | undefined;

  constructor(
    private readonly hasher: ReturnType<typeof createXxh64>,
    private readonly fd: number,
  ) {}

  /** Hashes a written batch (at `at` in the file): parts in `loaded` read back from the file, in runs. */
  hashWritten(batch: readonly Buffer[], at: number, loaded: ArrayBufferLike): void {
    let run = -1;
    let offset = at;
    for (const part of batch) {
      if (part.buffer === loaded) {
        if (run < 0) run = offset;
      } else {
        if (run >= 0) this.hashFile(run, offset);
        run = -1;
        this.hasher.update(part);
      }
      offset += part.byteLength;
    }
    if (run >= 0) this.hashFile(run, offset);
  }

  private hashFile(from: number, to: number): void {
    // one buffer for the whole save: a new one per batch would be fresh memory to fault in each time
    const window = (this.window ??= Buffer.allocUnsafe(READ_BACK));
    for (let start = from; start < to;) {
      const read = readSync(this.fd, window, 0, Math.min(READ_BACK, to - start), start);
      if (read === 0) throw new Error(`the file ended at byte ${start} while its save was read back`);
      this.hasher.update(window.subarray(0, read));
      start += read;
    }
  }
}
