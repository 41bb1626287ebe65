/**
 * The image file on the host: reading it (hashing while reading), loading it (remembering which
 * file it is, so that the next save of the image to it may append), and saving it: appended when
 * format-append.ts can, as an appended copy of the image's own file when format-copy.ts can, else
 * written whole to a temporary file, flushed and renamed over the path.
 */
import type { BigIntStats } from 'node:fs';
import { open, realpath, rename, unlink } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { RegistryStore } from '../registry/index.js';
import {
  KnownContents,
  appendToOwnFile,
  loadedMemoryOf,
  recordBlobs,
  rememberImageFile,
} from './format-append.js';
import { writeHashed } from './format-write.js';
import {
  FILE_HEADER_BYTES,
  SEGMENTED_FORMAT,
  SegmentHasher,
  fileHeaderBytes,
  latestCommit,
  walkSegments,
} from './format-layout.js';
import { appendToCopyOfOwnFile } from './format-copy.js';
import { EarlyDecode } from './format-early.js';
import { decodeImage, encodeBody, segmentParts, type FileChecksums } from './format.js';
import { createXxh64 } from './hash.js';
import { readImageFileLazily, type LazyRead } from './format-lazy.js';
import { LazyFile, releaseBeforeRename } from './lazy-file.js';
import type { ImageCore } from './image-core.js';
import {
  READ_ATTEMPTS,
  firstTouchIsCheap,
  keptChanging,
  readFileWhole,
  readWholeFileInspected,
} from './read-shared.js';
import type { EntryProgress, LoadProgress, ReadProgress } from './load-progress.js';
import { removeStaleSaveTemps, saveTempFile } from './stale-temp.js';

/**
 * Saves the image to `file`: by appending what changed when `file` is the file the image was
 * loaded from or last saved to (format-append.ts); to another path, when that own file is
 * unchanged, by a copy of it with the same append, renamed over `file` (format-copy.ts); else whole
 * and atomically (a temporary file beside it, flushed, then renamed over it). Returns the bytes
 * this process wrote (a copy's are the kernel's).
 */
export async function saveImageFile(image: ImageCore, file: string): Promise<number> {
  const path = await followLinks(file);
  await removeStaleSaveTemps(path);
  return (
    (await appendToOwnFile(image, path)) ??
    (await appendToCopyOfOwnFile(image, path)) ??
    saveWhole(image, path)
  );
}

/**
 * The absolute path of the file `file` names, symbolic links followed: a save renames its new file
 * over that file, not over a link to it (which would leave the linked file as it was). A path
 * that does not exist yet is only made absolute.
 */
async function followLinks(file: string): Promise<string> {
  const path = resolve(file);
  return realpath(path).catch(() => path);
}

async function saveWhole(image: ImageCore, path: string): Promise<number> {
  const body = encodeBody(image, SEGMENTED_FORMAT);
  const { parts, length, blobsStart } = segmentParts(body);
  const temp = saveTempFile(path);
  const handle = await open(temp, 'w+');
  let written: number;
  let identity: BigIntStats;
  let checksum: bigint;
  try {
    const loaded = firstTouchIsCheap() ? undefined : loadedMemoryOf(image);
    ({ checksum, written } = await writeHashed(handle, parts, FILE_HEADER_BYTES, loaded));
    const commit = { sequence: 1, offset: FILE_HEADER_BYTES, length, checksum };
    written += (await handle.write(fileHeaderBytes(commit), 0, FILE_HEADER_BYTES, 0)).bytesWritten;
    await handle.sync();
    identity = await handle.stat({ bigint: true });
  } catch (error) {
    await handle.close();
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  await handle.close();
  releaseBeforeRename(path);
  await rename(temp, path);
  const known = new KnownContents();
  const start = FILE_HEADER_BYTES;
  recordBlobs(known, body.local, start + blobsStart);
  const end = start + length;
  rememberImageFile(image, {
    path,
    identity,
    commit: { sequence: 1, offset: start, length, checksum, slot: 0 },
    segments: [{ start, blobsStart: start + blobsStart, blobsEnd: end - 16, end }],
    known,
  });
  return written;
}

/** Reads an image file from the host (into one buffer of its size, in as few reads as it takes). */
export function readImageFile(file: string): Promise<Buffer> {
  return readFileWhole(file);
}

/** A read image file: its bytes, the checksums computed while reading, the file's status. */
export interface HashedRead {
  bytes: Buffer;
  checksum?: FileChecksums;
  stat?: BigIntStats;
}

/** What a load does with the start of the file while the rest is read (format-early.ts). */
export interface PrefixWatch {
  /** With bytes `[0, read)` read: how far to read before handing them to `onPrefix`. */
  prefixEnd(bytes: Buffer, read: number): number;
  onPrefix(bytes: Buffer, to: number): void;
}

/**
 * Reads an image file and computes the checksums `decodeImage` checks, from the file's bytes read
 * a second time, in order, while the system's threads read it into the returned buffer (see
 * `readWholeFileInspected`): pass both to `decodeImage`. The checksum is undefined for a file too
 * short to have one; for a format 8 file it is one per segment, by segment start. A file that
 * changed while read (its size or times), or a format 8 file whose commit names bytes past what was
 * read (appended to and committed by another process meanwhile), is read again, at most twice, so
 * that a load never mistakes an append for a truncated file, nor keeps bytes it did not hash.
 */
export async function readImageFileHashed(
  file: string,
  /** Per attempt, what to do with the start of the file while the rest is read. */
  watch?: () => PrefixWatch,
  onProgress?: ReadProgress,
): Promise<HashedRead> {
  await removeStaleSaveTemps(file);
  for (let attempt = 1; ; attempt++) {
    const { changed, ...read } = await readHashedOnce(file, watch?.(), onProgress);
    const commit = read.bytes.byteLength >= FILE_HEADER_BYTES ? latestCommit(read.bytes) : undefined;
    const appendedWhileRead =
      read.checksum instanceof Map &&
      commit !== undefined &&
      commit.offset + commit.length > read.bytes.byteLength;
    if (changed && attempt === READ_ATTEMPTS) throw keptChanging(file);
    if ((!appendedWhileRead && !changed) || attempt === READ_ATTEMPTS) return read;
  }
}

async function readHashedOnce(
  file: string,
  watch: PrefixWatch | undefined,
  onProgress: ReadProgress | undefined,
): Promise<HashedRead & { changed: boolean }> {
  const hasher = createXxh64();
  let segments: SegmentHasher | undefined;
  let end = 0;
  let total = 0;
  const { bytes, stat, changed } = await readWholeFileInspected(
    file,
    (size) => {
      total = size;
      end = Math.max(0, size - 16);
      return Buffer.allocUnsafe(size);
    },
    {
      prefixEnd: (read, length) => watch?.prefixEnd(read, length) ?? 0,
      onPrefix: (read, to) => watch?.onPrefix(read, to),
      inspect: (window, from) => {
        if (from === 0 && window.byteLength >= 12 && window.readUInt32LE(8) >= SEGMENTED_FORMAT)
          segments = new SegmentHasher();
        if (segments) segments.consume(window, from);
        // windows come in order: hash each up to the checksum field
        else if (end > from) hasher.update(window.subarray(0, Math.min(window.byteLength, end - from)));
        onProgress?.(from + window.byteLength, total);
      },
    },
  );
  if (segments) return { bytes, checksum: segments.checksums, stat, changed };
  return bytes.byteLength >= 32
    ? { bytes, checksum: hasher.digest(), stat, changed }
    : { bytes, stat, changed };
}

/** How to load an image file. */
export interface ImageLoadOptions {
  /**
   * Read each file's content from the image file when first read (format 8 files; older ones load
   * whole). The image file stays open; one changed on disk meanwhile makes such a read an InputError.
   */
  lazy?: boolean;
  /**
   * Told how far the load has come (a large image takes seconds): `('read', bytes, fileSize)` as the
   * file is read and its checksums checked, and `('entries', decoded, entryCount)` as its entries
   * are decoded; each step's last call has `done` equal to `total`. A file that changed while it
   * was read is read again, and counts again from the start.
   */
  onProgress?: LoadProgress;
}

/**
 * Loads an image file into an empty image, remembering which file it is (a format 8 file), so
 * that a save of the image to the same path may append to it. The body is decoded while the
 * contents are still being read (format-early.ts), and counts once the whole file checks out.
 * `lazy`: the contents are read from the file when first read (lazy-file.ts; format 8 files).
 */
export async function loadImageFile(
  file: string,
  create: (registry: RegistryStore) => ImageCore,
  options: ImageLoadOptions = {},
): Promise<ImageCore> {
  const { onProgress } = options;
  const onRead: ReadProgress | undefined = onProgress && ((done, total) => onProgress('read', done, total));
  const onEntries: EntryProgress | undefined =
    onProgress && ((done, total) => onProgress('entries', done, total));
  if (options.lazy) {
    await removeStaleSaveTemps(file);
    const read = await readImageFileLazily(file, undefined, onRead);
    if (read) return decodeLazily(file, read, create, onEntries);
  }
  let early: EarlyDecode | undefined;
  const { bytes, checksum, stat } = await readImageFileHashed(
    file,
    () => (early = new EarlyDecode(file, create, onEntries)),
    onRead,
  );
  const image = decodeImage(bytes, file, create, checksum, early?.decoded, onEntries);
  if (stat && bytes.readUInt32LE(8) >= SEGMENTED_FORMAT)
    rememberLoaded(image, file, await followLinks(file), { bytes, stat, checksum });
  return image;
}

/** Decodes a file read for a lazy load; its descriptor is the image's from then on, or closed on failure. */
async function decodeLazily(
  file: string,
  read: LazyRead,
  create: (registry: RegistryStore) => ImageCore,
  onEntries: EntryProgress | undefined,
): Promise<ImageCore> {
  const { bytes, checksums, stat, fd } = read;
  const path = await followLinks(file);
  const release = LazyFile.adopt(bytes, path, fd, stat);
  try {
    const image = decodeImage(bytes, file, create, checksums, undefined, onEntries);
    rememberLoaded(image, file, path, { bytes, stat, checksum: checksums });
    return image;
  } catch (error) {
    release();
    throw error;
  }
}

/** Notes the format 8 file an image was loaded from (at `path`, links followed), so that its next save there may append. */
function rememberLoaded(
  image: ImageCore,
  file: string,
  path: string,
  read: { bytes: Buffer; stat: BigIntStats; checksum: FileChecksums | undefined },
): void {
  const { bytes, stat, checksum } = read;
  const { commit, segments } = walkSegments(bytes, file, checksum instanceof Map ? checksum : undefined);
  const known = new KnownContents({ bytes, segments });
  rememberImageFile(image, { path, identity: stat, commit, segments, known });
}
