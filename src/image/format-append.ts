/**
 * Saving an image to the file it was loaded from or last saved to by appending a segment with only
 * the blobs the file lacks (format 8, format-layout.ts), instead of writing the whole image again.
 *
 * Which blobs the file holds is known without hashing: a content that is a view of the loaded
 * file's buffer lies at the same offset in the file, and the contents a save wrote are remembered
 * with their offsets. That holds only while the file is the one this image read or wrote: same
 * path, same file (device and inode), same size and modification time, and the same commit in its
 * slot. Anything else (another process's save, a fork's save, a copy over it) makes the save whole.
 *
 * Order of an append: the segment is written after the committed end (over any torn tail, cut
 * off), flushed, then published by writing the other commit slot, flushed. A process killed before
 * the slot is written leaves the old image; a slot torn by a power cut fails its checksum, and the
 * load uses the other slot (the old image); once the slot is written, the new image.
 */
import type { BigIntStats } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import {
  FILE_HEADER_BYTES,
  MAGIC,
  SEGMENTED_FORMAT,
  SLOT_BYTES,
  TRAILER_BYTES,
  inBlobs,
  latestCommit,
  slotBytes,
  type Commit,
  type Segment,
} from './format-layout.js';
import { encodeBody, segmentParts, type ImageBody } from './format.js';
import { ownAppend } from './lazy-file.js';
import { MAX_FILE_IN_MEMORY, firstTouchIsCheap } from './read-shared.js';
import type { ImageCore } from './image-core.js';
import { takeAppendLock } from './stale-temp.js';
import { writeHashed } from './format-write.js';

/** What identifies the file on disk: the same path holding another file differs in one of these. */
export type FileIdentity = Pick<BigIntStats, 'dev' | 'ino' | 'size' | 'mtimeNs'>;

/** Where the file holds contents the image may share, by the memory they are views of. */
export class KnownContents {
  private readonly written = new WeakMap<ArrayBufferLike, Map<number, { at: number; length: number }>>();
  /** The memory the file was loaded into (held weakly: once no content is a view of it, it may go). */
  private readonly loaded?: { memory: WeakRef<ArrayBufferLike>; base: number; segments: readonly Segment[] };

  constructor(loaded?: { bytes: Uint8Array; segments: readonly Segment[] }) {
    if (loaded)
      this.loaded = {
        memory: new WeakRef(loaded.bytes.buffer),
        base: loaded.bytes.byteOffset,
        segments: loaded.segments,
      };
  }

  /**
   * Where the file holds bytes, for one save: the file offset of a view it holds, else undefined.
   * The loaded memory is looked up once here, not once per blob.
   */
  locator(): (data: Uint8Array) => number | undefined {
    const loaded = this.loaded;
    const memory = loaded?.memory.deref();
    return (data) => {
      if (loaded && memory && data.buffer === memory) {
        // the memory may be a pool slab shared with other buffers: only views inside the file count
        const at = data.byteOffset - loaded.base;
        if (at >= 0 && inBlobs(loaded.segments, at, data.byteLength)) return at;
      }
      const view = this.written.get(data.buffer)?.get(data.byteOffset);
      return view !== undefined && data.byteLength <= view.length ? view.at : undefined;
    };
  }

  /** The memory the file was loaded into, while it is alive. */
  loadedMemory(): ArrayBufferLike | undefined {
    return this.loaded?.memory.deref();
  }

  /** Remembers that the file holds `data` at `at`. */
  record(data: Uint8Array, at: number): void {
    let views = this.written.get(data.buffer);
    if (!views) this.written.set(data.buffer, (views = new Map()));
    views.set(data.byteOffset, { at, length: data.byteLength });
  }
}

/** The file an image was loaded from or last saved to, as it was then. */
export interface ImageFile {
  /** Absolute path. */
  path: string;
  identity: FileIdentity;
  commit: Commit;
  segments: Segment[];
  known: KnownContents;
}

const imageFiles = new WeakMap<ImageCore, ImageFile>();

/** The memory the image's file was loaded into, if it was loaded and that memory is alive. */
export function loadedMemoryOf(image: ImageCore): ArrayBufferLike | undefined {
  return imageFiles.get(image)?.known.loadedMemory();
}

/** Notes the file the image now is in (after a load or a save of it). */
export function rememberImageFile(image: ImageCore, file: ImageFile): void {
  imageFiles.set(image, file);
}

/** Records where a written segment holds each of its blobs. */
export function recordBlobs(known: KnownContents, local: readonly Uint8Array[], blobsStart: number): void {
  let at = blobsStart;
  for (const blob of local) {
    known.record(blob, at);
    at += blob.byteLength;
  }
}

export function sameIdentity(a: FileIdentity | undefined, b: FileIdentity): boolean {
  if (!a) return false;
  return a.dev === b.dev && a.ino === b.ino && a.size === b.size && a.mtimeNs === b.mtimeNs;
}

function sameCommit(a: Commit | undefined, b: Commit): boolean {
  return (
    a !== undefined &&
    a.sequence === b.sequence &&
    a.offset === b.offset &&
    a.length === b.length &&
    a.checksum === b.checksum &&
    a.slot === b.slot
  );
}

/**
 * Appends the image to `path` when that file is provably the one the image was loaded from or last
 * saved to, and its dead bytes would not outweigh its live ones. Returns the bytes written, or
 * undefined when the save must write the whole file instead.
 */
export async function appendToOwnFile(image: ImageCore, path: string): Promise<number | undefined> {
  const own = imageFiles.get(image);
  if (!own || own.path !== path) return undefined;
  const release = await takeAppendLock(path);
  if (!release) return undefined;
  try {
    const handle = await open(path, 'r+').catch(() => undefined);
    if (!handle) return undefined;
    try {
      return await appendSegment(image, own, handle);
    } finally {
      await handle.close();
    }
  } finally {
    await release();
  }
}

async function appendSegment(
  image: ImageCore,
  own: ImageFile,
  handle: FileHandle,
): Promise<number | undefined> {
  const before = await handle.stat({ bigint: true });
  if (!sameIdentity(before, own.identity) || !(await holdsCommit(handle, own.commit))) return undefined;
  const plan = planAppend(image, own);
  if (!plan) return undefined;
  // lazy images of this file read on meanwhile: its times move, its bytes do not (lazy-file.ts)
  const { written, next, identity } = await ownAppend(before, () =>
    commitSegment(handle, own, plan, before.size),
  );
  rememberAppended(image, own, { path: own.path, identity, plan, next });
  return written + SLOT_BYTES;
}

/** Writes the planned segment, flushes it, then publishes it in the other commit slot, flushed. */
async function commitSegment(
  handle: FileHandle,
  own: ImageFile,
  plan: AppendPlan,
  size: bigint,
): Promise<{ written: number; next: Commit; identity: BigIntStats }> {
  let appended: Awaited<ReturnType<typeof writeSegment>>;
  try {
    appended = await writeSegment(handle, own, plan, size);
  } catch (error) {
    // uncommitted, the segment is dead weight (a full disk stays full): the file goes back to its size
    await handle.truncate(Number(size)).catch(() => undefined);
    throw error;
  }
  const { written, next } = appended;
  await handle.sync();
  await handle.write(slotBytes(next), 0, SLOT_BYTES, 16 + next.slot * SLOT_BYTES);
  await handle.sync();
  return { written, next, identity: await handle.stat({ bigint: true }) };
}

/** The image's own file, as it was when last loaded or saved (undefined for one never loaded or saved). */
export function ownFileOf(image: ImageCore): ImageFile | undefined {
  return imageFiles.get(image);
}

/** Whether the open file is a format 8 file whose latest commit is `commit`. */
export async function holdsCommit(handle: FileHandle, commit: Commit): Promise<boolean> {
  const head = Buffer.alloc(FILE_HEADER_BYTES);
  const { bytesRead } = await handle.read(head, 0, FILE_HEADER_BYTES, 0);
  return (
    bytesRead === FILE_HEADER_BYTES &&
    head.subarray(0, MAGIC.byteLength).equals(MAGIC) &&
    head.readUInt32LE(8) === SEGMENTED_FORMAT &&
    sameCommit(latestCommit(head), commit)
  );
}

/** The segment an append of the image to its own file would write, and where. */
export interface AppendPlan {
  body: ImageBody;
  parts: Buffer[];
  length: number;
  blobsStart: number;
  /** Where the segment goes: the end of the committed one. */
  start: number;
}

/** The segment to append, or undefined when its dead bytes would outweigh it (then the save is whole). */
export function planAppend(image: ImageCore, own: ImageFile): AppendPlan | undefined {
  const body = encodeBody(image, SEGMENTED_FORMAT, own.known.locator());
  const { parts, length, blobsStart } = segmentParts(body);
  const start = own.commit.offset + own.commit.length;
  // a file a load could not read: rewritten whole, without the dead bytes (if that fits)
  if (outweighedByDead(body, start + length, length) || start + length > MAX_FILE_IN_MEMORY) return undefined;
  return { body, parts, length, blobsStart, start };
}

/**
 * Writes the planned segment into a file that holds `own`'s bytes up to its committed end (the own
 * file, or a copy of it), cutting off what lies past it. Returns the bytes written and the commit
 * that publishes it (not written: the caller flushes first where the file is live).
 */
export async function writeSegment(
  handle: FileHandle,
  own: ImageFile,
  plan: AppendPlan,
  size: bigint,
): Promise<{ written: number; next: Commit }> {
  const loaded = firstTouchIsCheap() ? undefined : own.known.loadedMemory();
  const { checksum, written } = await writeHashed(handle, plan.parts, plan.start, loaded);
  const end = plan.start + plan.length;
  if (size > BigInt(end)) await handle.truncate(end);
  const next = {
    sequence: own.commit.sequence + 1,
    offset: plan.start,
    length: plan.length,
    checksum,
    slot: 1 - own.commit.slot,
  };
  return { written, next };
}

/** Notes the file at `path` (the own file, or the copy renamed there) as the image's, `next` committed. */
export function rememberAppended(
  image: ImageCore,
  own: ImageFile,
  saved: { path: string; identity: FileIdentity; plan: AppendPlan; next: Commit },
): void {
  const { plan, next } = saved;
  recordBlobs(own.known, plan.body.local, plan.start + plan.blobsStart);
  const end = plan.start + plan.length;
  const segment = {
    start: plan.start,
    blobsStart: plan.start + plan.blobsStart,
    blobsEnd: end - TRAILER_BYTES,
    end,
  };
  rememberImageFile(image, {
    ...own,
    path: saved.path,
    identity: saved.identity,
    commit: next,
    segments: [...own.segments, segment],
  });
}

/**
 * Dead bytes an appended file may hold per entry. A load reads the whole file, dead bytes too, and
 * its peak must stay within content + 1 KiB per file (the engine's own records take about 600 B).
 */
export const DEAD_BYTES_PER_ENTRY = 256;

/**
 * Whether the file after the append would hold more dead bytes than live ones, or more than
 * `DEAD_BYTES_PER_ENTRY` per entry (then it is rewritten whole).
 */
function outweighedByDead(body: ImageBody, fileEnd: number, segmentLength: number): boolean {
  const live = FILE_HEADER_BYTES + body.blobBytes + (segmentLength - body.localBytes);
  const dead = fileEnd - live;
  return dead > live || dead > DEAD_BYTES_PER_ENTRY * body.entries;
}
