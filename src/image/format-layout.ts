/**
 * The layout of a format 8 image file: a file header with two commit slots, then segments, each
 * closed by its own checksum. A full save writes one segment; a save of the image to the file it
 * came from may append a segment (format-append.ts) and then publish it by rewriting the slot that
 * does not hold the current commit. A slot is 40 bytes and carries its own checksum, so a slot
 * torn by a power cut is seen as invalid and the other (the commit before) is used.
 *
 *   file header (96): magic "SVCIMG\r\n" | u32 version 8 | u32 0 | slot 0 (40) | slot 1 (40)
 *   slot: u64 sequence | u64 segment offset | u64 segment length | u64 segment checksum
 *         | u64 xxh64 of the 32 bytes before
 *   segment: magic "SVCSEG\r\n" | u32 header length | u32 0 | u64 segment length
 *         | u64 offset of its blobs (from the segment start) | header (JSON) | entry table
 *         | registry | blobs | u64 xxh64 of the segment before it | magic "SVCEND\r\n"
 *
 * Segments tile the file from byte 96 up to the end of the committed one; bytes past it are the
 * torn tail of a save that did not commit (ignored by a load, cut off by the next append).
 */
import { InputError } from '../errors/index.js';
import { createXxh64, xxh64, xxh64InSlices } from './hash.js';

export const MAGIC = Buffer.from('SVCIMG\r\n', 'latin1');
export const END = Buffer.from('SVCEND\r\n', 'latin1');
export const SEGMENT_MAGIC = Buffer.from('SVCSEG\r\n', 'latin1');
/** The first format with segments and commit slots. */
export const SEGMENTED_FORMAT = 8;
export const SLOT_BYTES = 40;
export const FILE_HEADER_BYTES = 16 + 2 * SLOT_BYTES;
export const SEGMENT_HEADER_BYTES = 32;
export const TRAILER_BYTES = 16;

/** A commit slot's content: which segment is the image, and its checksum. */
export interface Commit {
  sequence: number;
  offset: number;
  length: number;
  checksum: bigint;
  /** The slot it was read from (0 or 1). */
  slot: number;
}

/** A segment of the file, as walked: where it starts, where its blobs start and where it ends. */
export interface Segment {
  start: number;
  blobsStart: number;
  /** The end of its blobs (where its checksum field starts). */
  blobsEnd: number;
  end: number;
}

/** The checksum and end marker that close an image file (formats 1-7) or a segment (format 8). */
export function trailerOf(checksum: bigint): Buffer {
  const trailer = Buffer.alloc(TRAILER_BYTES);
  trailer.writeBigUInt64LE(checksum, 0);
  END.copy(trailer, 8);
  return trailer;
}

/** The 40 bytes of a commit slot. */
export function slotBytes(commit: Omit<Commit, 'slot'>): Buffer {
  const slot = Buffer.alloc(SLOT_BYTES);
  slot.writeBigUInt64LE(BigInt(commit.sequence), 0);
  slot.writeBigUInt64LE(BigInt(commit.offset), 8);
  slot.writeBigUInt64LE(BigInt(commit.length), 16);
  slot.writeBigUInt64LE(commit.checksum, 24);
  slot.writeBigUInt64LE(xxh64(slot.subarray(0, 32)), 32);
  return slot;
}

/** The file header of a format 8 file whose slot 0 holds `commit` (slot 1 empty). */
export function fileHeaderBytes(commit: Omit<Commit, 'slot'>): Buffer {
  const header = Buffer.alloc(FILE_HEADER_BYTES);
  MAGIC.copy(header, 0);
  header.writeUInt32LE(SEGMENTED_FORMAT, 8);
  slotBytes(commit).copy(header, 16);
  return header;
}

/** The 32 bytes that open a segment. */
export function segmentHeaderBytes(headerLength: number, length: number, blobsStart: number): Buffer {
  const fixed = Buffer.alloc(SEGMENT_HEADER_BYTES);
  SEGMENT_MAGIC.copy(fixed, 0);
  fixed.writeUInt32LE(headerLength, 8);
  fixed.writeBigUInt64LE(BigInt(length), 16);
  fixed.writeBigUInt64LE(BigInt(blobsStart), 24);
  return fixed;
}

function readSlot(bytes: Uint8Array, slot: number): Commit | undefined {
  const at = 16 + slot * SLOT_BYTES;
  const view = Buffer.from(bytes.buffer, bytes.byteOffset + at, SLOT_BYTES);
  if (view.readBigUInt64LE(32) !== xxh64(view.subarray(0, 32))) return undefined;
  const [sequence, offset, length] = [0, 8, 16].map((field) => Number(view.readBigUInt64LE(field)));
  if (sequence < 1) return undefined;
  return { sequence, offset, length, checksum: view.readBigUInt64LE(24), slot };
}

/** The valid slot with the highest sequence, from a file's first 96 bytes; undefined if neither is. */
export function latestCommit(bytes: Uint8Array): Commit | undefined {
  const [first, second] = [readSlot(bytes, 0), readSlot(bytes, 1)];
  if (!first || !second) return first ?? second;
  return second.sequence > first.sequence ? second : first;
}

/** Reads a u64 length field that must be a safe whole number. */
function safeU64(bytes: Buffer, at: number): number {
  const value = bytes.readBigUInt64LE(at);
  return value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : Number.MAX_SAFE_INTEGER;
}

/**
 * The segments of a format 8 file up to its committed one, each checked: its opening, its length,
 * its end marker and its checksum (from `checksums`, by segment start, when the reader computed
 * them; else computed here). Damage is an InputError naming the byte.
 */
export function walkSegments(
  bytes: Buffer,
  source: string,
  checksums: ReadonlyMap<number, bigint> = new Map(),
): { commit: Commit; segments: Segment[] } {
  const fail = (offset: number, message: string): never => {
    throw new InputError(source, message, `byte ${offset}`);
  };
  if (bytes.byteLength < FILE_HEADER_BYTES)
    fail(0, `file is ${bytes.byteLength} bytes: too short to be an image file`);
  const commit = latestCommit(bytes) ?? fail(16, 'neither commit slot is valid: the file is damaged');
  const end = commit.offset + commit.length;
  if (end > bytes.byteLength)
    fail(
      16,
      `the committed segment ends at byte ${end}, past the end of the file (${bytes.byteLength} bytes): the file is truncated`,
    );
  const segments: Segment[] = [];
  for (let start = FILE_HEADER_BYTES; start < end;) {
    if (start + SEGMENT_HEADER_BYTES > end || !bytes.subarray(start, start + 8).equals(SEGMENT_MAGIC))
      fail(start, 'no segment starts here: the file is damaged');
    const length = safeU64(bytes, start + 16);
    const blobsStart = safeU64(bytes, start + 24);
    const blobsEnd = start + length - TRAILER_BYTES;
    if (length < SEGMENT_HEADER_BYTES + TRAILER_BYTES || start + length > end)
      fail(start + 16, `the segment's length ${length} runs past the committed end (byte ${end})`);
    if (blobsStart < SEGMENT_HEADER_BYTES || start + blobsStart > blobsEnd)
      fail(start + 24, `the segment's blobs start outside it (at ${blobsStart})`);
    if (!bytes.subarray(blobsEnd + 8, blobsEnd + 16).equals(END))
      fail(blobsEnd + 8, 'missing end marker: the segment is truncated or damaged');
    const stored = bytes.readBigUInt64LE(blobsEnd);
    const actual = checksums.get(start) ?? xxh64InSlices(bytes.subarray(start, blobsEnd));
    if (stored !== actual)
      fail(
        blobsEnd,
        `checksum mismatch (stored ${stored.toString(16)}, computed ${actual.toString(16)}): the file is damaged`,
      );
    segments.push({ start, blobsStart: start + blobsStart, blobsEnd, end: start + length });
    start += length;
  }
  const last = segments.at(-1);
  if (
    !last ||
    last.start !== commit.offset ||
    last.end !== end ||
    commit.checksum !== bytes.readBigUInt64LE(last.blobsEnd)
  )
    fail(
      16 + commit.slot * SLOT_BYTES,
      'the commit slot does not name the last segment: the file is damaged',
    );
  return { commit, segments };
}

/** Whether `[at, at + length)` lies inside the blobs of one of `segments` (sorted by start). */
export function inBlobs(segments: readonly Segment[], at: number, length: number): boolean {
  let low = 0;
  let high = segments.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (segments[middle].start <= at) low = middle;
    else high = middle - 1;
  }
  const segment = segments[low];
  return segment !== undefined && at >= segment.blobsStart && at + length <= segment.blobsEnd;
}

/**
 * Hashes the segments of a format 8 file window by window while it is read (windows in order, each
 * a view of the file's bytes `[from, from + window.byteLength)`, the first from byte 0): the
 * checksums `walkSegments` checks, by segment start. It stops at anything it cannot follow, and the
 * walk then computes (and refuses) what is missing.
 */
export class SegmentHasher {
  readonly checksums = new Map<number, bigint>();
  private end = -1;
  private start = FILE_HEADER_BYTES;
  private hashEnd = 0;
  private hashed = 0;
  private hasher: ReturnType<typeof createXxh64> | undefined;
  /** The opening bytes of the file, then of the segment at `start`, gathered across windows. */
  private opening = Buffer.alloc(FILE_HEADER_BYTES);
  private gathered = 0;

  consume(window: Buffer, from: number): void {
    const to = from + window.byteLength;
    if (this.end < 0) {
      if (!this.gather(window, from, 0, FILE_HEADER_BYTES)) return;
      const commit = latestCommit(this.opening);
      this.end = commit ? commit.offset + commit.length : 0;
      this.gathered = 0;
    }
    for (;;) {
      if (!this.hasher) {
        if (this.start + SEGMENT_HEADER_BYTES > this.end) return;
        if (!this.gather(window, from, this.start, SEGMENT_HEADER_BYTES)) return;
        this.gathered = 0;
        const length = safeU64(this.opening, 16);
        if (length < SEGMENT_HEADER_BYTES + TRAILER_BYTES || this.start + length > this.end) {
          this.end = 0;
          return;
        }
        // the opening may have come in an earlier window: hashed from the copy gathered
        this.hasher = createXxh64();
        this.hasher.update(this.opening.subarray(0, SEGMENT_HEADER_BYTES));
        this.hashed = this.start + SEGMENT_HEADER_BYTES;
        this.hashEnd = this.start + length - TRAILER_BYTES;
      }
      const upTo = Math.min(to, this.hashEnd);
      if (upTo > this.hashed) this.hasher.update(window.subarray(this.hashed - from, upTo - from));
      this.hashed = Math.max(this.hashed, upTo);
      if (this.hashed < this.hashEnd) return;
      this.checksums.set(this.start, this.hasher.digest());
      this.hasher = undefined;
      this.start = this.hashEnd + TRAILER_BYTES;
    }
  }

  /** Copies what the window holds of `[at, at + length)` into `opening`; whether all of it is there. */
  private gather(window: Buffer, from: number, at: number, length: number): boolean {
    const begin = Math.max(at + this.gathered, from);
    const upTo = Math.min(at + length, from + window.byteLength);
    if (upTo > begin) {
      window.copy(this.opening, begin - at, begin - from, upTo - from);
      this.gathered = upTo - at;
    }
    return this.gathered === length;
  }
}
