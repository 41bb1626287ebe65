/**
 * Reading a format 8 image file for a lazy load (lazy-file.ts): every segment hashed from the file
 * in 1 MiB windows read into one small buffer, and only what a load decodes read into the buffer
 * the size of the file: the file header, each segment's header and trailer, and the bytes of the
 * committed segment before its blobs. The rest of that buffer stays untouched (the system gives it
 * pages only when a content is first read), so the load costs the file's hashing, not its memory.
 */
import type { BigIntStats } from 'node:fs';
import { closeSync, fstatSync, openSync } from 'node:fs';
import {
  FILE_HEADER_BYTES,
  SEGMENTED_FORMAT,
  SEGMENT_HEADER_BYTES,
  SegmentHasher,
  TRAILER_BYTES,
  latestCommit,
} from './format-layout.js';
import {
  READ_ATTEMPTS,
  checkFitsInMemory,
  keptChanging,
  movedBetween,
  readInWindows,
  readSyncRange,
} from './read-shared.js';
import type { ReadProgress } from './load-progress.js';

/** A file read for a lazy load: its sparse bytes, the checksums of its segments, its status and its open descriptor. */
export interface LazyRead {
  bytes: Buffer;
  checksums: ReadonlyMap<number, bigint>;
  stat: BigIntStats;
  fd: number;
}

/**
 * Reads `file` for a lazy load, or returns undefined (nothing held open) when it is not a format 8
 * file: older formats load eagerly. A file that changed while read (size or times) is read again;
 * one that changed each of three times is refused. `whileRead`: called once each read is done, the
 * file still open (tests change the file there).
 */
export async function readImageFileLazily(
  file: string,
  whileRead: (attempt: number) => void = () => undefined,
  onProgress?: ReadProgress,
): Promise<LazyRead | undefined> {
  for (let attempt = 1; ; attempt++) {
    const fd = openSync(file, 'r');
    let kept = false;
    try {
      const read = await readOnce(file, fd, onProgress);
      if (!read) return undefined;
      whileRead(attempt);
      const changed = movedBetween(read.stat, fstatSync(fd, { bigint: true }));
      if (changed && attempt === READ_ATTEMPTS) throw keptChanging(file);
      if (changed) continue;
      kept = true;
      return { ...read, fd };
    } finally {
      if (!kept) closeSync(fd);
    }
  }
}

async function readOnce(
  file: string,
  fd: number,
  onProgress: ReadProgress | undefined,
): Promise<Omit<LazyRead, 'fd'> | undefined> {
  const stat = fstatSync(fd, { bigint: true });
  const size = Number(stat.size);
  if (size < FILE_HEADER_BYTES) return undefined;
  // memory of its own (a small allocUnsafe is a slice of a slab other buffers share), uninitialised:
  // the pages stay untouched until a content is read into them
  checkFitsInMemory(file, size);
  const bytes = Buffer.allocUnsafeSlow(size);
  readSyncRange(fd, file, bytes, 0, FILE_HEADER_BYTES, 0);
  if (bytes.readUInt32LE(8) < SEGMENTED_FORMAT) return undefined;
  const checksums = await hashSegments(file, fd, size, onProgress);
  readStructure(file, fd, bytes);
  return { bytes, checksums, stat };
}

/** The checksums `walkSegments` checks, from the file read once through one small window. */
async function hashSegments(
  file: string,
  fd: number,
  size: number,
  onProgress: ReadProgress | undefined,
): Promise<ReadonlyMap<number, bigint>> {
  const hasher = new SegmentHasher();
  await readInWindows(fd, file, size, (window, from) => {
    hasher.consume(window, from);
    onProgress?.(from + window.byteLength, size);
  });
  return hasher.checksums;
}

/**
 * Reads into `bytes`, at their own offsets, each segment's header and trailer up to the committed
 * end, and the committed segment's bytes before its blobs. It stops at the first field out of
 * range: `walkSegments` then refuses the file with the reason and the byte.
 */
function readStructure(file: string, fd: number, bytes: Buffer): void {
  const size = bytes.byteLength;
  const commit = latestCommit(bytes);
  if (!commit) return;
  const end = Math.min(size, commit.offset + commit.length);
  let start = FILE_HEADER_BYTES;
  while (start + SEGMENT_HEADER_BYTES <= end) {
    readSyncRange(fd, file, bytes, start, SEGMENT_HEADER_BYTES, start);
    const length = Number(bytes.readBigUInt64LE(start + 16));
    const blobsStart = Number(bytes.readBigUInt64LE(start + 24));
    if (length < SEGMENT_HEADER_BYTES + TRAILER_BYTES || start + length > end) return;
    readSyncRange(
      fd,
      file,
      bytes,
      start + length - TRAILER_BYTES,
      TRAILER_BYTES,
      start + length - TRAILER_BYTES,
    );
    if (start === commit.offset) {
      // a header said to run into the blobs is decoded from what the file holds there, as an eager load does
      const headerEnd = SEGMENT_HEADER_BYTES + bytes.readUInt32LE(start + 8);
      const prefix = Math.min(length - TRAILER_BYTES, Math.max(blobsStart, headerEnd));
      const from = start + SEGMENT_HEADER_BYTES;
      if (prefix > SEGMENT_HEADER_BYTES) readSyncRange(fd, file, bytes, from, start + prefix - from, from);
    }
    start += length;
  }
}
